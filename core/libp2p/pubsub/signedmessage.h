#pragma once
// One pubsub Message (RPC field 2) as a peer sent it, and the StrictSign rules every message the
// relay forwards must pass (github.com/libp2p/specs pubsub/README.md, "Message Signing"):
// `from`, `seqno` and `signature` present, the signature made by `from`'s Ed25519 key (given in
// `key`, which must match `from`, or inlined in the PeerId) over "libp2p-pubsub:" + the message
// without its signature (5) and key (6) fields, other fields kept exactly as encoded.
// Shared by floodsub and meshsub: both forward `raw` unchanged.
#include <QByteArray>
#include <QByteArrayView>
#include <QStringList>
#include <optional>

namespace Libp2p::Pubsub {

struct SignedMessage
{
    QByteArray raw; // the Message protobuf as received
    QByteArray from; // PeerId bytes
    QByteArray seqno;
    QStringList topics;

    // Parses the fields StrictSign needs; empty when malformed or when from, seqno, signature or
    // every topic is missing. Does not check the signature (verify() does).
    static std::optional<SignedMessage> parse(QByteArrayView raw);

    // The message id both floodsub and gossipsub's default use: (from, seqno). `from` is
    // length-prefixed here so that no two pairs share an id.
    QByteArray id() const;

    bool verify() const { return verifySignature(raw); }

    // The bytes the signature covers: `message` without fields 5 and 6. Empty if malformed.
    static std::optional<QByteArray> signedBytes(QByteArrayView message);
    static bool verifySignature(QByteArrayView message);
};

} // namespace Libp2p::Pubsub

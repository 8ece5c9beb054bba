#pragma once
// This node's libp2p identity: an Ed25519 key pair (OpenSSL). Its public half is the PeerId;
// it signs the Noise static key during handshakes and, later, identify records, reservation
// vouchers and pubsub messages. A value type: copies share the same immutable key, and signing
// from several copies at once is safe.
#include "peerid.h"
#include "publickey.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <memory>
#include <optional>

typedef struct evp_pkey_st EVP_PKEY;

namespace Libp2p {

class IdentityKey
{
public:
    static constexpr qsizetype SeedBytes = 32;

    IdentityKey() = default; // null: isNull(), cannot sign
    // A fresh key from the system's random source (null only if OpenSSL fails).
    static IdentityKey generate();
    // The key whose 32-byte private seed (RFC 8032's private key) is `seed`.
    static std::optional<IdentityKey> fromSeed(QByteArrayView seed);
    // libp2p's PrivateKey protobuf (type Ed25519, data = seed || public key, 64 bytes; the older
    // 96-byte form with the public key twice is accepted too). The public part must match the
    // seed, so a damaged file is refused rather than producing a different identity.
    static std::optional<IdentityKey> fromPrivateKeyProtobuf(QByteArrayView encoded, QString *error = nullptr);

    bool isNull() const { return !m_key; }
    // The private seed. Secret: write it only to owner-only files.
    QByteArray seed() const;
    // The PrivateKey protobuf, the format other libp2p implementations store keys in.
    QByteArray toPrivateKeyProtobuf() const;
    const PublicKey &publicKey() const { return m_publicKey; }
    const PeerId &peerId() const { return m_peerId; }
    // The 64-byte Ed25519 signature of `message` (empty if the key is null or OpenSSL fails).
    QByteArray sign(QByteArrayView message) const;

private:
    static IdentityKey fromPkey(EVP_PKEY *key);

    std::shared_ptr<EVP_PKEY> m_key;
    PublicKey m_publicKey;
    PeerId m_peerId;
};

} // namespace Libp2p

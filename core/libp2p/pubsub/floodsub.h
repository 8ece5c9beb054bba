#pragma once
// A floodsub router (/floodsub/1.0.0, github.com/libp2p/specs pubsub/README.md) scoped to what
// @libp2p/pubsub-peer-discovery needs: the relay subscribes to its own topics (by default
// `_peer-discovery._p2p._pubsub`), so js-libp2p peers publish to it, and it forwards every valid
// message, byte for byte, to the other peers subscribed to that topic. Nothing is delivered to
// the relay itself.
//
// Per connection: the peer's inbound stream carries its RPCs (subscriptions, messages); the relay
// opens one outbound stream of its own, announces its subscriptions there and writes forwarded
// messages on it. A message is accepted only under StrictSign: `from`, `seqno`, a topic of ours
// and an Ed25519 signature by `from` over "libp2p-pubsub:" + the message without its signature
// and key fields. Each (from, seqno) is forwarded once (a bounded, expiring cache).
#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QQueue>
#include <QSet>
#include <QStringList>

class YamuxStream;

namespace Libp2p {

class Libp2pConnection;

namespace Pubsub {

class Floodsub : public QObject
{
    Q_OBJECT
public:
    static constexpr char ProtocolId[] = "/floodsub/1.0.0";
    static constexpr char PeerDiscoveryTopic[] = "_peer-discovery._p2p._pubsub";

    struct Limits
    {
        qsizetype maxRpcBytes = 64 * 1024; // one length-prefixed RPC on a stream
        int maxTopicsPerPeer = 64; // subscriptions remembered per connection
        qsizetype maxTopicBytes = 256;
        int maxSeen = 10000; // (from, seqno) pairs remembered for deduplication
        qint64 seenTtlMs = 120000;
        qint64 maxQueuedBytes = 1024 * 1024; // per outbound stream; beyond it messages are dropped
    };

    Floodsub(QStringList topics, const Limits &limits, QObject *parent = nullptr);
    explicit Floodsub(QStringList topics, QObject *parent = nullptr) : Floodsub(std::move(topics), Limits(), parent) {}

    // The ProtocolRegistry handler for ProtocolId.
    void handleInbound(YamuxStream *stream, Libp2pConnection *connection, const QByteArray &leftover);

    // Counters for tests and logs.
    quint64 forwarded() const { return m_forwarded; }
    quint64 dropped() const { return m_dropped; }

    // Socket-free helpers (tested on their own).
    // The bytes a signature covers: `message` with fields 5 (signature) and 6 (key) removed,
    // other fields kept as sent. Empty optional on malformed protobuf.
    static std::optional<QByteArray> withoutSignature(QByteArrayView message);
    // StrictSign: `message` (a pubsub Message protobuf) has `from`, `seqno` and a signature by
    // `from`'s Ed25519 key (given in `key`, which must match `from`, or inlined in the PeerId)
    // over "libp2p-pubsub:" + withoutSignature(message).
    static bool verifySignature(QByteArrayView message);
    // The length-delimited fields `fieldNumber` at the top level of `rpc`, raw. False if malformed.
    static bool rawFields(QByteArrayView rpc, quint32 fieldNumber, QList<QByteArray> *out);

private:
    struct Peer
    {
        QPointer<YamuxStream> outbound;
        bool opening = false;
        QSet<QString> topics;
    };
    void ensureOutbound(Libp2pConnection *connection);
    void handleRpc(Libp2pConnection *connection, const QByteArray &rpc);
    void handleMessage(Libp2pConnection *connection, const QByteArray &message);
    bool markSeen(const QByteArray &key);

    QStringList m_topics;
    Limits m_limits;
    QHash<Libp2pConnection *, Peer> m_peers;
    QHash<QByteArray, qint64> m_seen; // (from, seqno) -> when first seen
    QQueue<QByteArray> m_seenOrder;
    QElapsedTimer m_clock;
    quint64 m_forwarded = 0;
    quint64 m_dropped = 0;
};

} // namespace Pubsub
} // namespace Libp2p

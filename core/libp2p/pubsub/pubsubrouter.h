#pragma once
// The relay's pubsub router, one for all three wire protocols js-libp2p nodes may choose:
// /meshsub/1.1.0 and /meshsub/1.0.0 (gossipsub) and /floodsub/1.0.0. They share the RPC
// (subscriptions, publish; gossipsub adds control), so one peer table serves them all and a
// message from a gossipsub peer reaches floodsub peers too. Scoped to what
// @libp2p/pubsub-peer-discovery needs: the relay subscribes to its own topics (by default
// `_peer-discovery._p2p._pubsub`), so peers publish to it, and it forwards every valid message,
// byte for byte, to the other peers subscribed to that topic. Nothing is delivered to the relay.
//
// Per connection: the peer's inbound stream carries its RPCs; the relay opens one outbound stream
// of its own, with the protocol the peer chose, announces its subscriptions there and writes
// forwarded messages and control on it. Messages must pass StrictSign (SignedMessage) and are
// forwarded once per (from, seqno) (SeenCache), never back to the connection they came from nor
// to their author.
//
// Meshsub, minimally (github.com/libp2p/specs pubsub/gossipsub): a relay of this size treats every
// subscribed peer of a topic as its mesh. It GRAFTs a meshsub peer once the peer subscribes to a
// topic the relay serves, accepts GRAFTs for those topics, answers GRAFTs for any other topic
// with a PRUNE (backoff 60 s on 1.1), and never GRAFTs a peer again on a connection where the
// peer PRUNEd it. IHAVE and IWANT are read past (see meshsubcontrol.h), and no heartbeat,
// gossip or scoring runs: forwarding goes to every subscriber, as floodsub does.
#include "seencache.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QStringList>

class YamuxStream;

namespace Libp2p {

class Libp2pConnection;

namespace Pubsub {

class PubsubRouter : public QObject
{
    Q_OBJECT
public:
    static constexpr char Meshsub11ProtocolId[] = "/meshsub/1.1.0";
    static constexpr char Meshsub10ProtocolId[] = "/meshsub/1.0.0";
    static constexpr char FloodsubProtocolId[] = "/floodsub/1.0.0";
    static constexpr char PeerDiscoveryTopic[] = "_peer-discovery._p2p._pubsub";
    // The ids to register, in the order identify lists them.
    static QStringList protocolIds();

    struct Limits
    {
        // One length-prefixed RPC. PROTOCOLS.md gives no figure; discovery announcements are
        // well under 1 KiB, so 64 KiB leaves room without letting a peer park megabytes here.
        qsizetype maxRpcBytes = 64 * 1024;
        int maxTopicsPerPeer = 64; // subscriptions remembered per connection
        qsizetype maxTopicBytes = 256;
        int maxControlEntries = 64; // GRAFTs + PRUNEs in one RPC
        int maxSeen = 10000; // (from, seqno) pairs remembered for deduplication
        qint64 seenTtlMs = 120000;
        qint64 maxQueuedBytes = 1024 * 1024; // per outbound stream; beyond it messages are dropped
    };

    PubsubRouter(QStringList topics, const Limits &limits, QObject *parent = nullptr);
    explicit PubsubRouter(QStringList topics, QObject *parent = nullptr) : PubsubRouter(std::move(topics), Limits(), parent) {}

    // The ProtocolRegistry handler for each of protocolIds().
    void handleInbound(YamuxStream *stream, Libp2pConnection *connection, const QByteArray &leftover,
                       const QString &protocolId);

    // Counters for tests and logs.
    quint64 forwarded() const { return m_forwarded; } // copies written to peers
    quint64 dropped() const { return m_dropped; } // malformed, unsigned, badly signed, not ours, queue full
    quint64 duplicates() const { return m_duplicates; }
    // Whether `connection`'s peer is in the relay's mesh for `topic` (meshsub peers only).
    bool inMesh(const Libp2pConnection *connection, const QString &topic) const;
    // Whether `connection`'s peer told us it subscribes to `topic`.
    bool subscribed(const Libp2pConnection *connection, const QString &topic) const;

private:
    struct Peer
    {
        QString protocol; // of the peer's first inbound stream; our outbound stream uses it too
        QPointer<YamuxStream> outbound;
        bool opening = false;
        QSet<QString> topics; // the peer's subscriptions
        QSet<QString> mesh; // topics where the peer is in our mesh
        QSet<QString> prunedUs; // topics the peer pruned us from: no GRAFT from us again
        QStringList graftsToSend; // waiting for the outbound stream
        QStringList prunesToSend;
        bool isMeshsub() const { return protocol != QLatin1String(FloodsubProtocolId); }
    };
    void ensureOutbound(Libp2pConnection *connection);
    void handleRpc(Libp2pConnection *connection, const QByteArray &rpc);
    void handleSubscriptions(Peer &peer, const QList<QByteArray> &subscriptions);
    void handleControl(Peer &peer, const QByteArray &control);
    void handleMessage(Libp2pConnection *connection, const QByteArray &message);
    void flushControl(Peer &peer);
    bool sendTo(Peer &peer, const QByteArray &rpcBody);

    QStringList m_topics;
    Limits m_limits;
    QHash<Libp2pConnection *, Peer> m_peers;
    SeenCache m_seen;
    QElapsedTimer m_clock;
    quint64 m_forwarded = 0;
    quint64 m_dropped = 0;
    quint64 m_duplicates = 0;
};

} // namespace Pubsub
} // namespace Libp2p

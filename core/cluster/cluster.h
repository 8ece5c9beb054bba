#pragma once
// This node's place in a cluster of switchboard-server nodes sharing one Redis (REDIS_URL).
//
// What lives in Redis (every key under "sb:"):
//   node:<id>              "host:port" this node's links are opened to; expires unless the node's
//                          heartbeat renews it, so a node that dies drops out by itself
//   nodes                  the set of node ids ever seen (dead ones are reaped from it)
//   secret                 the links' shared secret, made by the first node
//   hold:<what>            which node holds a rendezvous (a mesh room, a waiting pairing entry, a
//                          localfirst connection): taken with SET NX, renewed by the heartbeat
//   owned:<id>             keys a node wrote whose value is its id (reaped when it dies)
//   session:<id>:<key>     a session of that node, as JSON (core/cluster/clustersessionmirror.h)
// Services ask where something is held; a client whose counterpart is on another node is
// carried over to it through a link (core/net/link). Control messages go over Redis pub/sub.
//
// Redis unreachable: every answer is "here", so each node goes on serving its own clients; the
// node says so once, reports degraded in /health, and reconnects with backoff.
#include "net/link/linkpreface.h"
#include "net/link/linktarget.h"
#include "net/router.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QSet>
#include <QTimer>
#include <QUrl>
#include <functional>
#include <optional>

class RedisClient;
struct RedisReply;

class Cluster : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QUrl redisUrl;
        QString advertiseHost; // where other nodes open links to this one
        quint16 advertisePort = 0;
        int heartbeatMs = 2000;
        // A node whose heartbeat is this late is taken for dead.
        int nodeTimeoutMs = 6000;
    };
    using OwnerCallback = std::function<void(const QString &node)>;

    explicit Cluster(const Options &options, QObject *parent = nullptr);
    ~Cluster() override;

    void start();
    // The port is known only once the relay listens.
    void setAdvertisedAddress(const QString &host, quint16 port);
    QString nodeId() const { return m_nodeId; }
    bool isRedisReachable() const { return m_reachable; }
    // /health's "cluster" object.
    QJsonObject describe() const;

    // Takes `what` for this node unless a live node already holds it; answers the holder (this
    // node's id when it won, or when Redis cannot be asked). Held until release().
    void hold(const QByteArray &what, OwnerCallback done);
    // The live node holding `what`, or empty.
    void holder(const QByteArray &what, OwnerCallback done);
    void release(const QByteArray &what);
    // Takes `what` for this node even from a live holder (a desktop that moved here with its
    // session); answers the previous holder, or this node's id when there was none.
    void take(const QByteArray &what, OwnerCallback done);
    // Stops renewing `what` without deleting it: another node has taken it.
    void forget(const QByteArray &what) { m_held.remove(holdKey(what)); }

    // A value owned by this node: removed when the node dies (and when it expires).
    // A record whose value is this node's id (where a desktop is, say).
    void setOwnedRecord(const QByteArray &key, qint64 ttlMs);
    void deleteOwnedRecord(const QByteArray &key);
    // Plain Redis access for service records; the callback gets nil when Redis is unreachable.
    void get(const QByteArray &key, std::function<void(std::optional<QByteArray>)> done);
    void set(const QByteArray &key, const QByteArray &value, qint64 ttlMs);
    void del(const QByteArray &key);
    void addToSet(const QByteArray &key, const QByteArray &member);
    void removeFromSet(const QByteArray &key, const QByteArray &member);
    void members(const QByteArray &key, std::function<void(QList<QByteArray>)> done);

    bool isLive(const QString &node) const { return m_liveNodes.contains(node); }
    // A link to `node` on behalf of a client; nothing when the node is unknown or no secret is
    // known yet (then the caller serves the client here).
    std::optional<LinkTarget> linkTo(const QString &node, const QHostAddress &client, quint16 clientPort,
                                     const QByteArray &kind = "http", const QList<QByteArray> &arguments = {}) const;
    bool acceptsLink(const LinkPreface &preface) const;

    // Route placements: the node that holds (or, for `holding`, takes) the key a request names.
    using KeyOfRequest = std::function<QByteArray(const HttpRequest &)>;
    RoutePlacement placementLookingUp(KeyOfRequest keyOf);
    RoutePlacement placementHolding(KeyOfRequest keyOf);

    // Control messages: to one node, or to every node (this one included).
    void sendTo(const QString &node, const QJsonObject &message);
    void broadcast(const QJsonObject &message);

signals:
    // A control message; `from` is the sending node.
    void message(const QJsonObject &message, const QString &from);
    void reachabilityChanged(bool reachable);
    void nodeLost(const QString &node);

private:
    void heartbeat();
    void onConnected();
    void onDisconnected(const QString &reason);
    void refreshLiveNodes(const QList<QByteArray> &ids);
    void reap(const QString &node);
    void fetchSecret();
    void onMessage(const QByteArray &channel, const QByteArray &payload);
    void command(const QList<QByteArray> &args, std::function<void(const RedisReply &)> done = {});
    QByteArray holdKey(const QByteArray &what) const;
    // The node holding the request's key (or, with `takeWhenFree`, taking it for this node).
    RoutePlacement placement(KeyOfRequest keyOf, bool takeWhenFree);

    Options m_options;
    QString m_nodeId;
    RedisClient *m_redis;
    RedisClient *m_subscriber;
    QTimer m_heartbeat;
    bool m_reachable = false;
    bool m_outageReported = false; // logged for the outage going on
    QByteArray m_secret;
    QHash<QString, QString> m_liveNodes; // id -> "host:port"
    QSet<QByteArray> m_held; // hold keys this node has taken
    QSet<QByteArray> m_ownedRecords;
};

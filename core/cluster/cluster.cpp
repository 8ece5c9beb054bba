#include "cluster.h"

#include "log/logcategories.h"
#include "redisclient.h"
#include "redisreply.h"

#include <QJsonDocument>
#include <QRandomGenerator>
#include <QPointer>
#include <openssl/crypto.h>

namespace {

// Takes a hold unless a live node has it; answers the holder. Atomic, so two nodes that see the
// same rendezvous at once agree on one of them.
const QByteArray kHoldScript = R"(
local current = redis.call('get', KEYS[1])
if current and current ~= ARGV[1] and redis.call('exists', 'sb:node:' .. current) == 1 then
  return current
end
redis.call('set', KEYS[1], ARGV[1], 'px', ARGV[2])
return ARGV[1])";

const QByteArray kHolderScript = R"(
local current = redis.call('get', KEYS[1])
if current and redis.call('exists', 'sb:node:' .. current) == 1 then return current end
return false)";

// Renews (ARGV[2] ms) or deletes (no ARGV[2]) the keys that still name this node.
const QByteArray kRenewScript = R"(
for _, key in ipairs(KEYS) do
  if redis.call('get', key) == ARGV[1] then redis.call('pexpire', key, ARGV[2]) end
end
return 1)";
const QByteArray kReleaseScript = R"(
for _, key in ipairs(KEYS) do
  if redis.call('get', key) == ARGV[1] then redis.call('del', key) end
end
return 1)";

// What a dead node leaves behind: the records that still name it, and its sessions.
const QByteArray kReapScript = R"(
for _, key in ipairs(redis.call('smembers', KEYS[1])) do
  if redis.call('get', key) == ARGV[1] then redis.call('del', key) end
end
for _, key in ipairs(redis.call('smembers', KEYS[2])) do redis.call('del', key) end
redis.call('del', KEYS[1], KEYS[2])
redis.call('srem', 'sb:nodes', ARGV[1])
return 1)";

QByteArray randomHex(int bytes)
{
    QByteArray raw(bytes, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(raw.data()), bytes / 4);
    return raw.toHex();
}

QByteArray nodeKey(const QString &node)
{
    return "sb:node:" + node.toLatin1();
}

} // namespace

Cluster::Cluster(const Options &options, QObject *parent)
    : QObject(parent),
      m_options(options),
      m_nodeId(QString::fromLatin1(randomHex(8))),
      m_redis(new RedisClient(options.redisUrl, this)),
      m_subscriber(new RedisClient(options.redisUrl, this))
{
    m_heartbeat.setInterval(m_options.heartbeatMs);
    connect(&m_heartbeat, &QTimer::timeout, this, &Cluster::heartbeat);
    connect(m_redis, &RedisClient::connected, this, &Cluster::onConnected);
    connect(m_redis, &RedisClient::disconnected, this, &Cluster::onDisconnected);
    connect(m_subscriber, &RedisClient::message, this, &Cluster::onMessage);
}

Cluster::~Cluster() = default;

void Cluster::setAdvertisedAddress(const QString &host, quint16 port)
{
    m_options.advertiseHost = host;
    m_options.advertisePort = port;
    if (m_reachable)
        heartbeat();
}

void Cluster::start()
{
    qCInfo(lcCluster).noquote() << "cluster node" << m_nodeId << "using Redis at"
                                << m_options.redisUrl.toString(QUrl::RemovePassword | QUrl::RemoveUserInfo);
    m_subscriber->subscribe("sb:to:" + m_nodeId.toLatin1());
    m_subscriber->subscribe("sb:all");
    m_redis->start();
    m_subscriber->start();
    m_heartbeat.start();
}

QJsonObject Cluster::describe() const
{
    return QJsonObject{{QStringLiteral("node"), m_nodeId},
                       {QStringLiteral("redis"), m_reachable ? QStringLiteral("connected") : QStringLiteral("unreachable")},
                       {QStringLiteral("nodes"), m_reachable ? int(m_liveNodes.size()) : 1}};
}

void Cluster::command(const QList<QByteArray> &args, std::function<void(const RedisReply &)> done)
{
    m_redis->command(args, std::move(done));
}

void Cluster::onConnected()
{
    if (m_outageReported)
        qCInfo(lcCluster) << "Redis is reachable again; sharing sessions with the cluster";
    m_outageReported = false;
    m_reachable = true;
    emit reachabilityChanged(true);
    fetchSecret();
    // Holds taken while Redis was away (everything was "here") are taken now, where still free.
    for (const QByteArray &key : std::as_const(m_held))
        command({"SET", key, m_nodeId.toLatin1(), "NX", "PX", QByteArray::number(m_options.nodeTimeoutMs)});
    heartbeat();
}

void Cluster::onDisconnected(const QString &reason)
{
    const bool wasReachable = m_reachable;
    m_reachable = false;
    // Said once per outage (one at start-up included), not once per reconnect attempt.
    if (!m_outageReported) {
        qCWarning(lcCluster).noquote() << "Redis unreachable (" + reason + "):"
                                       << "serving this node's own clients only, and trying again with backoff";
        m_outageReported = true;
    }
    m_liveNodes.clear();
    if (wasReachable)
        emit reachabilityChanged(false);
}

void Cluster::fetchSecret()
{
    command({"SET", "sb:secret", randomHex(32), "NX"});
    QPointer<Cluster> self(this);
    command({"GET", "sb:secret"}, [self](const RedisReply &reply) {
        if (self && reply.type == RedisReply::Type::String)
            self->m_secret = reply.string;
    });
}

void Cluster::heartbeat()
{
    if (!m_reachable || m_options.advertisePort == 0)
        return;
    const QByteArray me = m_nodeId.toLatin1();
    const QByteArray ttl = QByteArray::number(m_options.nodeTimeoutMs);
    command({"SET", nodeKey(m_nodeId), m_options.advertiseHost.toLatin1() + ':' + QByteArray::number(m_options.advertisePort),
             "PX", ttl});
    command({"SADD", "sb:nodes", me});
    if (!m_held.isEmpty()) {
        QList<QByteArray> args{"EVAL", kRenewScript, QByteArray::number(m_held.size())};
        args.append(QList<QByteArray>(m_held.cbegin(), m_held.cend()));
        args << me << ttl;
        command(args);
    }
    QPointer<Cluster> self(this);
    command({"SMEMBERS", "sb:nodes"}, [self](const RedisReply &reply) {
        if (!self || reply.type != RedisReply::Type::Array || reply.elements.isEmpty())
            return;
        QList<QByteArray> ids;
        QList<QByteArray> args{"MGET"};
        for (const RedisReply &element : reply.elements) {
            ids << element.string;
            args << "sb:node:" + element.string;
        }
        self->command(args, [self, ids](const RedisReply &addresses) {
            if (!self || addresses.type != RedisReply::Type::Array || addresses.elements.size() != ids.size())
                return;
            QHash<QString, QString> live;
            QList<QString> dead;
            for (qsizetype i = 0; i < ids.size(); ++i) {
                const QString id = QString::fromLatin1(ids[i]);
                if (addresses.elements[i].type == RedisReply::Type::String)
                    live.insert(id, QString::fromLatin1(addresses.elements[i].string));
                else
                    dead << id;
            }
            for (auto it = self->m_liveNodes.cbegin(); it != self->m_liveNodes.cend(); ++it) {
                if (!live.contains(it.key()))
                    emit self->nodeLost(it.key());
            }
            self->m_liveNodes = live;
            for (const QString &id : std::as_const(dead))
                self->reap(id);
        });
    });
}

void Cluster::reap(const QString &node)
{
    // One node cleans up after the dead one; the lock outlives the work by far.
    QPointer<Cluster> self(this);
    command({"SET", "sb:reap:" + node.toLatin1(), m_nodeId.toLatin1(), "NX", "PX", "60000"},
            [self, node](const RedisReply &reply) {
                if (!self || reply.type != RedisReply::Type::Status)
                    return;
                qCInfo(lcCluster).noquote() << "node" << node << "stopped answering; removing its sessions and records";
                self->command({"EVAL", kReapScript, "2", "sb:owned:" + node.toLatin1(), "sb:sessions:" + node.toLatin1(),
                               node.toLatin1()});
            });
}

QByteArray Cluster::holdKey(const QByteArray &what) const
{
    return "sb:hold:" + what;
}

void Cluster::hold(const QByteArray &what, OwnerCallback done)
{
    const QByteArray key = holdKey(what);
    if (!m_reachable) {
        m_held.insert(key);
        QMetaObject::invokeMethod(this, [done, me = m_nodeId] { done(me); }, Qt::QueuedConnection);
        return;
    }
    QPointer<Cluster> self(this);
    command({"EVAL", kHoldScript, "1", key, m_nodeId.toLatin1(), QByteArray::number(m_options.nodeTimeoutMs)},
            [self, key, done, me = m_nodeId](const RedisReply &reply) {
                const QString owner = reply.type == RedisReply::Type::String ? QString::fromLatin1(reply.string) : me;
                if (self && owner == me)
                    self->m_held.insert(key);
                done(owner);
            });
}

void Cluster::take(const QByteArray &what, OwnerCallback done)
{
    const QByteArray key = holdKey(what);
    m_held.insert(key);
    if (!m_reachable) {
        QMetaObject::invokeMethod(this, [done, me = m_nodeId] { done(me); }, Qt::QueuedConnection);
        return;
    }
    command({"SET", key, m_nodeId.toLatin1(), "PX", QByteArray::number(m_options.nodeTimeoutMs), "GET"},
            [done, me = m_nodeId](const RedisReply &reply) {
                done(reply.type == RedisReply::Type::String ? QString::fromLatin1(reply.string) : me);
            });
}

void Cluster::holder(const QByteArray &what, OwnerCallback done)
{
    if (!m_reachable) {
        QMetaObject::invokeMethod(this, [done] { done(QString()); }, Qt::QueuedConnection);
        return;
    }
    command({"EVAL", kHolderScript, "1", holdKey(what)}, [done](const RedisReply &reply) {
        done(reply.type == RedisReply::Type::String ? QString::fromLatin1(reply.string) : QString());
    });
}

void Cluster::release(const QByteArray &what)
{
    const QByteArray key = holdKey(what);
    if (m_held.remove(key) && m_reachable)
        command({"EVAL", kReleaseScript, "1", key, m_nodeId.toLatin1()});
}

void Cluster::setOwnedRecord(const QByteArray &key, qint64 ttlMs)
{
    m_ownedRecords.insert(key);
    command({"SET", key, m_nodeId.toLatin1(), "PX", QByteArray::number(ttlMs)});
    command({"SADD", "sb:owned:" + m_nodeId.toLatin1(), key});
}

void Cluster::deleteOwnedRecord(const QByteArray &key)
{
    m_ownedRecords.remove(key);
    command({"EVAL", kReleaseScript, "1", key, m_nodeId.toLatin1()});
    command({"SREM", "sb:owned:" + m_nodeId.toLatin1(), key});
}

void Cluster::get(const QByteArray &key, std::function<void(std::optional<QByteArray>)> done)
{
    command({"GET", key}, [done](const RedisReply &reply) {
        done(reply.type == RedisReply::Type::String ? std::optional<QByteArray>(reply.string) : std::nullopt);
    });
}

void Cluster::set(const QByteArray &key, const QByteArray &value, qint64 ttlMs)
{
    if (ttlMs > 0)
        command({"SET", key, value, "PX", QByteArray::number(ttlMs)});
    else
        command({"SET", key, value});
}

void Cluster::del(const QByteArray &key)
{
    command({"DEL", key});
}

void Cluster::addToSet(const QByteArray &key, const QByteArray &member)
{
    command({"SADD", key, member});
}

void Cluster::removeFromSet(const QByteArray &key, const QByteArray &member)
{
    command({"SREM", key, member});
}

void Cluster::members(const QByteArray &key, std::function<void(QList<QByteArray>)> done)
{
    command({"SMEMBERS", key}, [done](const RedisReply &reply) {
        QList<QByteArray> result;
        for (const RedisReply &element : reply.elements)
            result << element.string;
        done(result);
    });
}

std::optional<LinkTarget> Cluster::linkTo(const QString &node, const QHostAddress &client, quint16 clientPort,
                                          const QByteArray &kind, const QList<QByteArray> &arguments) const
{
    const QString address = m_liveNodes.value(node);
    const qsizetype colon = address.lastIndexOf(QLatin1Char(':'));
    if (node == m_nodeId || colon <= 0 || m_secret.isEmpty())
        return std::nullopt;
    LinkPreface preface;
    preface.secret = m_secret;
    preface.kind = kind;
    preface.clientAddress = client;
    preface.clientPort = clientPort;
    preface.arguments = arguments;
    LinkTarget target;
    target.host = address.left(colon);
    target.port = quint16(address.mid(colon + 1).toUInt());
    target.preface = preface.serialize();
    return target;
}

bool Cluster::acceptsLink(const LinkPreface &preface) const
{
    return !m_secret.isEmpty() && preface.secret.size() == m_secret.size()
           && CRYPTO_memcmp(preface.secret.constData(), m_secret.constData(), size_t(m_secret.size())) == 0;
}

RoutePlacement Cluster::placementLookingUp(KeyOfRequest keyOf)
{
    return placement(std::move(keyOf), false);
}

RoutePlacement Cluster::placementHolding(KeyOfRequest keyOf)
{
    return placement(std::move(keyOf), true);
}

RoutePlacement Cluster::placement(KeyOfRequest keyOf, bool takeWhenFree)
{
    QPointer<Cluster> self(this);
    return [self, keyOf, takeWhenFree](const HttpRequest &request, PlacementDone done) {
        const QByteArray key = keyOf(request);
        if (!self || key.isEmpty() || !self->m_reachable) {
            done(std::nullopt);
            return;
        }
        const QHostAddress client = request.peerAddress;
        const quint16 port = request.peerPort;
        // No link for this node's own id or for nobody: the request is served here.
        const OwnerCallback answer = [self, done, client, port](const QString &node) {
            done(self && !node.isEmpty() ? self->linkTo(node, client, port) : std::nullopt);
        };
        if (takeWhenFree)
            self->hold(key, answer);
        else
            self->holder(key, answer);
    };
}

void Cluster::sendTo(const QString &node, const QJsonObject &message)
{
    QJsonObject withSender = message;
    withSender.insert(QStringLiteral("from"), m_nodeId);
    command({"PUBLISH", "sb:to:" + node.toLatin1(), QJsonDocument(withSender).toJson(QJsonDocument::Compact)});
}

void Cluster::broadcast(const QJsonObject &message)
{
    QJsonObject withSender = message;
    withSender.insert(QStringLiteral("from"), m_nodeId);
    command({"PUBLISH", "sb:all", QJsonDocument(withSender).toJson(QJsonDocument::Compact)});
}

void Cluster::onMessage(const QByteArray &, const QByteArray &payload)
{
    const QJsonObject body = QJsonDocument::fromJson(payload).object();
    if (!body.isEmpty())
        emit message(body, body.value(QStringLiteral("from")).toString());
}

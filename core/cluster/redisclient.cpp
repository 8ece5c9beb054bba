#include "redisclient.h"

#include <hiredis/async.h>
#include <hiredis/hiredis.h>
#include <hiredis/adapters/qt.h>

#include <QLoggingCategory>

#include <vector>

#include "log/logcategories.h"

namespace {

constexpr int kDefaultPort = 6379;
constexpr int kFirstRetryDelayMs = 250;
constexpr int kLongestRetryDelayMs = 10000;
const QByteArray kUnreachable = QByteArrayLiteral("redis unreachable");

// -1 for a path that is not "", "/" or "/<number>".
int databaseOf(const QUrl &url)
{
    const QString path = url.path();
    if (path.isEmpty() || path == QLatin1String("/"))
        return 0;
    const QString digits = path.mid(1);
    if (!path.startsWith(QLatin1Char('/')) || digits.size() > 9)
        return -1;
    for (QChar c : digits) {
        if (!c.isDigit() || c.unicode() > 0x7f)
            return -1;
    }
    return digits.toInt();
}

} // namespace

RedisClient::RedisClient(const QUrl &url, QObject *parent)
    : QObject(parent), m_url(url), m_urlValid(isValidUrl(url, nullptr)), m_retryDelayMs(kFirstRetryDelayMs)
{
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &RedisClient::connectNow);
}

RedisClient::~RedisClient()
{
    if (!m_context)
        return;
    // Freeing runs the pending reply callbacks (and the disconnect callback): they must find no
    // client to report to.
    m_context->data = nullptr;
    releaseAdapter();
    redisAsyncFree(m_context);
}

bool RedisClient::isValidUrl(const QUrl &url, QString *why)
{
    auto refuse = [why](const QString &reason) {
        if (why)
            *why = reason;
        return false;
    };
    if (!url.isValid())
        return refuse(QStringLiteral("not a valid URL: %1").arg(url.errorString()));
    if (url.scheme() != QLatin1String("redis"))
        return refuse(QStringLiteral("the scheme must be redis://"));
    if (url.host().isEmpty())
        return refuse(QStringLiteral("no host"));
    const int port = url.port(kDefaultPort);
    if (port < 1 || port > 65535)
        return refuse(QStringLiteral("the port must be 1 to 65535"));
    if (!url.userName().isEmpty() && url.password().isEmpty())
        return refuse(QStringLiteral("a user name needs a password (redis://user:password@host)"));
    if (databaseOf(url) < 0)
        return refuse(QStringLiteral("the path must be a db number, like /1"));
    return true;
}

void RedisClient::start()
{
    if (!m_urlValid) {
        QString why;
        isValidUrl(m_url, &why);
        qCWarning(lcCluster) << "not connecting to Redis at" << m_url.toDisplayString(QUrl::RemovePassword) << ":" << why;
        return;
    }
    if (m_context || m_retryTimer.isActive())
        return;
    connectNow();
}

void RedisClient::connectNow()
{
    const QByteArray host = m_url.host().toUtf8();
    redisAsyncContext *context = redisAsyncConnect(host.constData(), m_url.port(kDefaultPort));
    if (!context) {
        connectionLost(QStringLiteral("out of memory"));
        return;
    }
    if (context->err) {
        const QString reason = QString::fromUtf8(context->c.errstr);
        redisAsyncFree(context);
        connectionLost(reason);
        return;
    }
    m_context = context;
    context->data = this;
    // One adapter per context: it keeps a pointer to the context it serves.
    m_adapter = new RedisQtAdapter;
    m_adapter->setContext(context);
    // Only after the adapter: setting the connect callback already asks it to watch for writability.
    redisAsyncSetConnectCallback(context, &RedisClient::onConnect);
    redisAsyncSetDisconnectCallback(context, &RedisClient::onDisconnect);
}

void RedisClient::onConnect(const redisAsyncContext *context, int status)
{
    auto *client = static_cast<RedisClient *>(context->data);
    if (!client)
        return;
    if (status != REDIS_OK) {
        // hiredis frees the context once this returns; the adapter must be detached before then.
        const QString reason = QString::fromUtf8(context->c.errstr);
        client->releaseAdapter();
        client->m_context = nullptr;
        client->connectionLost(reason);
        return;
    }
    client->sendHandshake();
}

void RedisClient::onDisconnect(const redisAsyncContext *context, int status)
{
    auto *client = static_cast<RedisClient *>(context->data);
    if (!client)
        return;
    QString reason = client->m_handshakeError;
    if (reason.isEmpty())
        reason = status == REDIS_OK ? QStringLiteral("connection closed") : QString::fromUtf8(context->c.errstr);
    client->releaseAdapter();
    client->m_context = nullptr;
    client->connectionLost(reason);
}

void RedisClient::releaseAdapter()
{
    if (!m_adapter)
        return;
    auto &events = m_context->ev;
    if (events.cleanup)
        events.cleanup(events.data); // drops its socket notifiers
    events.addRead = events.delRead = events.addWrite = events.delWrite = events.cleanup = nullptr;
    // Now, while the context still exists: the adapter's destructor writes into it.
    delete m_adapter;
    m_adapter = nullptr;
}

QList<QList<QByteArray>> RedisClient::handshakeCommands(const QUrl &url)
{
    QList<QList<QByteArray>> handshake;
    const QString password = url.password(QUrl::FullyDecoded);
    if (!password.isEmpty()) {
        const QString user = url.userName(QUrl::FullyDecoded);
        if (user.isEmpty())
            handshake.append({"AUTH", password.toUtf8()});
        else
            handshake.append({"AUTH", user.toUtf8(), password.toUtf8()});
    }
    if (const int db = databaseOf(url); db > 0)
        handshake.append({"SELECT", QByteArray::number(db)});
    return handshake;
}

void RedisClient::sendHandshake()
{
    const QList<QList<QByteArray>> handshake = handshakeCommands(m_url);
    m_handshakeError.clear();
    if (handshake.isEmpty()) {
        finishHandshake();
        return;
    }
    for (qsizetype i = 0; i < handshake.size(); ++i) {
        const bool last = i == handshake.size() - 1;
        send(handshake.at(i), [this, last](const redisReply *reply) {
            if (!reply)
                return; // the disconnect callback takes it from here
            if (reply->type == REDIS_REPLY_ERROR && m_handshakeError.isEmpty())
                m_handshakeError = QString::fromUtf8(reply->str, int(reply->len));
            if (!last)
                return;
            if (m_handshakeError.isEmpty())
                finishHandshake();
            else
                redisAsyncDisconnect(m_context); // deferred by hiredis until this callback returns
        });
    }
}

void RedisClient::finishHandshake()
{
    m_connected = true;
    m_downReported = false;
    m_retryDelayMs = kFirstRetryDelayMs;
    for (const QByteArray &channel : std::as_const(m_channels))
        sendSubscribe(channel);
    postToEventLoop([this] { emit connected(); });
}

void RedisClient::connectionLost(const QString &reason)
{
    m_connected = false;
    m_handshakeError.clear();
    if (!m_downReported) {
        m_downReported = true;
        qCDebug(lcCluster) << "Redis connection lost:" << reason; // the Cluster says it once for the node
        postToEventLoop([this, reason] { emit disconnected(reason); });
    }
    m_retryTimer.start(m_retryDelayMs);
    m_retryDelayMs = qMin(m_retryDelayMs * 2, kLongestRetryDelayMs);
}

void RedisClient::command(const QList<QByteArray> &args, Callback callback)
{
    if (!m_connected || args.isEmpty()) {
        if (callback) {
            const RedisReply reply = RedisReply::error(args.isEmpty() ? QByteArrayLiteral("ERR empty command") : kUnreachable);
            postToEventLoop([callback, reply] { callback(reply); });
        }
        return;
    }
    send(args, [this, callback](const redisReply *r) {
        if (!callback)
            return;
        const RedisReply reply = r ? RedisReply::fromHiredis(r) : RedisReply::error(kUnreachable);
        postToEventLoop([callback, reply] { callback(reply); });
    });
}

void RedisClient::send(const QList<QByteArray> &args, ReplyHandler handler)
{
    std::vector<const char *> argv;
    std::vector<size_t> argvLengths;
    argv.reserve(size_t(args.size()));
    argvLengths.reserve(size_t(args.size()));
    for (const QByteArray &arg : args) {
        argv.push_back(arg.constData());
        argvLengths.push_back(size_t(arg.size()));
    }
    const quintptr id = m_nextRequestId++;
    const int sent = redisAsyncCommandArgv(m_context, &RedisClient::onReply, reinterpret_cast<void *>(id),
                                           int(args.size()), argv.data(), argvLengths.data());
    if (sent != REDIS_OK) {
        handler(nullptr); // the context is already disconnecting
        return;
    }
    m_pending.insert(id, std::move(handler));
}

void RedisClient::onReply(redisAsyncContext *context, void *reply, void *privdata)
{
    auto *client = static_cast<RedisClient *>(context->data);
    if (!client)
        return;
    const ReplyHandler handler = client->m_pending.take(reinterpret_cast<quintptr>(privdata));
    if (handler)
        handler(static_cast<const redisReply *>(reply));
}

void RedisClient::subscribe(const QByteArray &channel)
{
    if (m_channels.contains(channel))
        return;
    m_channels.append(channel);
    if (m_connected)
        sendSubscribe(channel);
}

void RedisClient::sendSubscribe(const QByteArray &channel)
{
    const char *argv[] = {"SUBSCRIBE", channel.constData()};
    const size_t argvLengths[] = {9, size_t(channel.size())};
    // hiredis keeps this callback for the channel and calls it for every message on it.
    redisAsyncCommandArgv(m_context, &RedisClient::onSubscriptionReply, nullptr, 2, argv, argvLengths);
}

void RedisClient::onSubscriptionReply(redisAsyncContext *context, void *reply, void *)
{
    auto *client = static_cast<RedisClient *>(context->data);
    const auto *r = static_cast<const redisReply *>(reply);
    if (!client || !r || r->type != REDIS_REPLY_ARRAY || r->elements != 3)
        return;
    const redisReply *kind = r->element[0];
    const redisReply *channel = r->element[1];
    const redisReply *payload = r->element[2];
    if (kind->type != REDIS_REPLY_STRING || QByteArray(kind->str, int(kind->len)) != "message"
        || payload->type != REDIS_REPLY_STRING)
        return;
    client->postToEventLoop([client, channelName = QByteArray(channel->str, int(channel->len)),
                             data = QByteArray(payload->str, int(payload->len))] {
        emit client->message(channelName, data);
    });
}

void RedisClient::postToEventLoop(std::function<void()> deliver)
{
    // `this` as context: whatever is still queued when the client is destroyed is dropped.
    QMetaObject::invokeMethod(this, std::move(deliver), Qt::QueuedConnection);
}

#pragma once
// A Redis connection for cluster mode, on hiredis's async API driven by Qt's event loop.
//
// Redis is optional to the relay: a command never waits for a connection. While not connected
// (including while connecting, authenticating and selecting the db) command() fails at once
// (queued) with RedisReply::error("redis unreachable"), and the connection keeps retrying in the
// background with a backoff of 250 ms doubling up to 10 s.
//
// Nothing reaches the caller from inside hiredis: replies, connected(), disconnected() and
// message() are all delivered through the event loop, so a slot may destroy the client.
#include "redisreply.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>
#include <QUrl>

#include <functional>

struct redisAsyncContext;
class RedisQtAdapter;

class RedisClient : public QObject
{
    Q_OBJECT
public:
    using Callback = std::function<void(const RedisReply &)>;

    // url: redis://[[user]:password@]host[:port][/db]  (default port 6379, db 0)
    explicit RedisClient(const QUrl &url, QObject *parent = nullptr);
    ~RedisClient() override;

    // Scheme redis, a host, port 1..65535, db a non-negative number; a user needs a password.
    static bool isValidUrl(const QUrl &url, QString *why);
    // The commands that open a session as the url asks (AUTH, SELECT), possibly none.
    static QList<QList<QByteArray>> handshakeCommands(const QUrl &url);

    // Connects, and keeps reconnecting whenever the connection is down. Does nothing for an
    // invalid url (commands then always fail).
    void start();
    // True once AUTH and SELECT (when the url asks for them) have succeeded.
    bool isConnected() const { return m_connected; }

    // Sends one command (argv, binary-safe). The callback gets the reply, or
    // RedisReply::error("redis unreachable") if not connected or the connection drops before the
    // reply. It is never called from inside command(), nor after the client is destroyed.
    void command(const QList<QByteArray> &args, Callback callback = {});

    // A client used for subscribe() must not be used for command() (Redis refuses most commands
    // on a subscribed connection). Subscriptions are re-sent after every reconnect.
    void subscribe(const QByteArray &channel);

signals:
    void connected();
    // Once per lost connection; failed attempts after it (or from start()) stay silent until a
    // connection succeeds again.
    void disconnected(const QString &reason);
    void message(const QByteArray &channel, const QByteArray &payload);

private:
    static void onConnect(const redisAsyncContext *context, int status);
    static void onDisconnect(const redisAsyncContext *context, int status);
    static void onReply(redisAsyncContext *context, void *reply, void *privdata);
    static void onSubscriptionReply(redisAsyncContext *context, void *reply, void *privdata);

    void connectNow();
    void sendHandshake();
    void finishHandshake();
    void sendSubscribe(const QByteArray &channel);
    // Internal handlers see hiredis's reply as is; null means the connection went away first.
    using ReplyHandler = std::function<void(const struct redisReply *)>;
    void send(const QList<QByteArray> &args, ReplyHandler handler);
    void connectionLost(const QString &reason);
    void releaseAdapter();
    void postToEventLoop(std::function<void()> deliver);

    QUrl m_url;
    bool m_urlValid = false;
    redisAsyncContext *m_context = nullptr;
    RedisQtAdapter *m_adapter = nullptr;
    bool m_connected = false;
    bool m_downReported = false;
    QString m_handshakeError;
    int m_retryDelayMs;
    QTimer m_retryTimer;
    quintptr m_nextRequestId = 1;
    // Handlers of commands awaiting replies, by the id hiredis hands back as privdata.
    QHash<quintptr, ReplyHandler> m_pending;
    QList<QByteArray> m_channels;
};

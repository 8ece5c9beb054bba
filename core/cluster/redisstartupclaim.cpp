#include "redisstartupclaim.h"

#include "redisclient.h"

#include <hiredis/hiredis.h>
#include <memory>
#include <vector>

namespace RedisStartupClaim {

namespace {
struct ContextDeleter
{
    void operator()(redisContext *context) const { redisFree(context); }
};
struct ReplyDeleter
{
    void operator()(redisReply *reply) const { freeReplyObject(reply); }
};
using Reply = std::unique_ptr<redisReply, ReplyDeleter>;

Reply run(redisContext *context, const QList<QByteArray> &args)
{
    std::vector<const char *> argv;
    std::vector<size_t> lengths;
    for (const QByteArray &arg : args) {
        argv.push_back(arg.constData());
        lengths.push_back(size_t(arg.size()));
    }
    return Reply(static_cast<redisReply *>(redisCommandArgv(context, int(argv.size()), argv.data(), lengths.data())));
}
} // namespace

std::optional<QByteArray> claim(const QUrl &url, const QByteArray &key, const QByteArray &value, int timeoutMs,
                                QString *error)
{
    const timeval timeout{timeoutMs / 1000, (timeoutMs % 1000) * 1000};
    std::unique_ptr<redisContext, ContextDeleter> context(
        redisConnectWithTimeout(url.host().toUtf8().constData(), url.port(6379), timeout));
    if (!context || context->err) {
        *error = context ? QString::fromUtf8(context->errstr) : QStringLiteral("out of memory");
        return std::nullopt;
    }
    redisSetTimeout(context.get(), timeout);
    QList<QList<QByteArray>> commands = RedisClient::handshakeCommands(url);
    commands.append({"SET", key, value, "NX"});
    commands.append({"GET", key});
    Reply reply;
    for (const QList<QByteArray> &command : std::as_const(commands)) {
        reply = run(context.get(), command);
        if (!reply) {
            *error = QString::fromUtf8(context->errstr);
            return std::nullopt;
        }
        if (reply->type == REDIS_REPLY_ERROR) {
            *error = QString::fromUtf8(reply->str, qsizetype(reply->len));
            return std::nullopt;
        }
    }
    if (reply->type != REDIS_REPLY_STRING) {
        *error = QStringLiteral("%1 vanished as it was read").arg(QString::fromLatin1(key));
        return std::nullopt;
    }
    return QByteArray(reply->str, qsizetype(reply->len));
}

} // namespace RedisStartupClaim

#include "redisreply.h"

#include <hiredis/hiredis.h>

RedisReply RedisReply::error(const QByteArray &text)
{
    RedisReply reply;
    reply.type = Type::Error;
    reply.string = text;
    return reply;
}

RedisReply RedisReply::fromHiredis(const struct redisReply *r)
{
    RedisReply reply;
    if (!r)
        return reply;
    switch (r->type) {
    case REDIS_REPLY_STRING:
        reply.type = Type::String;
        reply.string = QByteArray(r->str, int(r->len));
        break;
    case REDIS_REPLY_STATUS:
        reply.type = Type::Status;
        reply.string = QByteArray(r->str, int(r->len));
        break;
    case REDIS_REPLY_ERROR:
        reply.type = Type::Error;
        reply.string = QByteArray(r->str, int(r->len));
        break;
    case REDIS_REPLY_INTEGER:
        reply.type = Type::Integer;
        reply.integer = r->integer;
        break;
    case REDIS_REPLY_ARRAY:
        reply.type = Type::Array;
        reply.elements.reserve(qsizetype(r->elements));
        for (size_t i = 0; i < r->elements; ++i)
            reply.elements.append(fromHiredis(r->element[i]));
        break;
    default: // REDIS_REPLY_NIL
        break;
    }
    return reply;
}

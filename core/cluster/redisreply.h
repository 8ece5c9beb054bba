#pragma once
// One Redis reply, owned by Qt containers, so it can outlive the hiredis reader that produced it
// (hiredis frees its reply as soon as the callback returns) and be queued to the event loop.
#include <QByteArray>
#include <QList>

struct redisReply;

struct RedisReply
{
    enum class Type { Nil, String, Integer, Array, Status, Error };

    Type type = Type::Nil;
    QByteArray string; // String, Status, Error text
    qint64 integer = 0;
    QList<RedisReply> elements;

    bool isError() const { return type == Type::Error; }
    bool isNil() const { return type == Type::Nil; }

    static RedisReply error(const QByteArray &text);
    // Deep copy; a null pointer (hiredis's "no reply": connection gone) is a Nil reply.
    static RedisReply fromHiredis(const struct redisReply *r);
};

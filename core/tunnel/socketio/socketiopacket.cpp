#include "socketiopacket.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {

// Event names the JavaScript implementations keep for themselves; a packet using one is invalid.
bool isReservedEventName(const QString &name)
{
    static const QStringList reserved = {
        QStringLiteral("connect"),       QStringLiteral("connect_error"), QStringLiteral("disconnect"),
        QStringLiteral("disconnecting"), QStringLiteral("newListener"),   QStringLiteral("removeListener"),
    };
    return reserved.contains(name);
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

QString checkPayload(SocketIoPacket::Type type, const QJsonValue &data)
{
    using Type = SocketIoPacket::Type;
    const bool present = !data.isUndefined();
    switch (type) {
    case Type::Connect:
        return !present || data.isObject() ? QString() : QStringLiteral("CONNECT payload must be an object");
    case Type::Disconnect:
        return present ? QStringLiteral("DISCONNECT takes no payload") : QString();
    case Type::ConnectError:
        return present && (data.isObject() || data.isString()) ? QString() : QStringLiteral("CONNECT_ERROR needs an object");
    case Type::Event:
    case Type::BinaryEvent: {
        if (!data.isArray() || data.toArray().isEmpty())
            return QStringLiteral("EVENT payload must be a non-empty array");
        const QJsonValue name = data.toArray().first();
        if (name.isDouble())
            return {};
        if (!name.isString())
            return QStringLiteral("event name must be a string");
        if (isReservedEventName(name.toString()))
            return QStringLiteral("reserved event name \"%1\"").arg(name.toString());
        return {};
    }
    case Type::Ack:
    case Type::BinaryAck:
        return data.isArray() ? QString() : QStringLiteral("ACK payload must be an array");
    }
    return QStringLiteral("unknown packet type");
}

QByteArray jsonText(const QJsonValue &value)
{
    if (value.isObject())
        return QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    if (value.isArray())
        return QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact);
    // A scalar (a CONNECT_ERROR string): QJsonDocument only writes containers, so write it as
    // the single element of an array and take the brackets off.
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return wrapped.mid(1, wrapped.size() - 2);
}

} // namespace

SocketIoPacket::Decoded SocketIoPacket::decode(const QByteArray &text, int maxAttachments)
{
    Decoded result;
    const auto fail = [&result](const QString &error) {
        result.error = error;
        return result;
    };
    if (text.isEmpty())
        return fail(QStringLiteral("empty packet"));
    const char typeDigit = text.at(0);
    if (typeDigit < '0' || typeDigit > '6')
        return fail(QStringLiteral("unknown packet type"));
    SocketIoPacket &p = result.packet;
    p.type = Type(typeDigit - '0');
    qsizetype i = 1;

    if (p.isBinary()) {
        const qsizetype dash = text.indexOf('-', i);
        // At most two digits: the limit is small, and this keeps the number from overflowing.
        if (dash <= i || dash - i > 2)
            return fail(QStringLiteral("illegal attachments"));
        for (qsizetype k = i; k < dash; ++k) {
            if (!isDigit(text.at(k)))
                return fail(QStringLiteral("illegal attachments"));
        }
        p.attachments = text.mid(i, dash - i).toInt();
        if (p.attachments > maxAttachments)
            return fail(QStringLiteral("too many attachments (%1, at most %2)").arg(p.attachments).arg(maxAttachments));
        i = dash + 1;
    }

    // The namespace runs from a leading '/' to the next ',' or to the end ("40/admin" is valid).
    if (i < text.size() && text.at(i) == '/') {
        qsizetype end = text.indexOf(',', i);
        const bool hasComma = end >= 0;
        if (!hasComma)
            end = text.size();
        if (end - i > kMaxNamespaceLength)
            return fail(QStringLiteral("namespace too long"));
        p.nsp = QString::fromUtf8(text.mid(i, end - i));
        i = hasComma ? end + 1 : end;
    }

    if (i < text.size() && isDigit(text.at(i))) {
        const qsizetype start = i;
        while (i < text.size() && isDigit(text.at(i)))
            ++i;
        if (i - start > kMaxAckIdDigits)
            return fail(QStringLiteral("ack id too long"));
        p.ackId = text.mid(start, i - start).toLongLong();
    }

    if (i < text.size()) {
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(text.mid(i), &parseError);
        if (parseError.error != QJsonParseError::NoError)
            return fail(QStringLiteral("invalid JSON payload: %1").arg(parseError.errorString()));
        if (document.isArray())
            p.data = document.array();
        else if (document.isObject())
            p.data = document.object();
        else
            return fail(QStringLiteral("invalid JSON payload: not an array or object"));
    }

    // A payload is mandatory for events and acks (socket.io-protocol, "Sending and receiving data"
    // and "Acknowledgement").
    const QString payloadError = checkPayload(p.type, p.data);
    if (!payloadError.isEmpty())
        return fail(payloadError);
    if ((p.type == Type::Ack || p.type == Type::BinaryAck) && !p.hasAckId())
        return fail(QStringLiteral("ACK without an id"));
    result.ok = true;
    return result;
}

QByteArray SocketIoPacket::encode() const
{
    QByteArray out(1, char('0' + int(type)));
    if (isBinary())
        out += QByteArray::number(attachments) + '-';
    if (!nsp.isEmpty() && nsp != QLatin1String("/"))
        out += nsp.toUtf8() + ',';
    if (hasAckId())
        out += QByteArray::number(ackId);
    if (!data.isUndefined() && !data.isNull())
        out += jsonText(data);
    return out;
}

SocketIoPacket SocketIoPacket::event(const QJsonArray &nameAndArgs, qint64 ackId)
{
    SocketIoPacket p;
    p.type = Type::Event;
    p.ackId = ackId;
    p.data = nameAndArgs;
    return p;
}

SocketIoPacket SocketIoPacket::ack(qint64 ackId, const QJsonArray &args)
{
    SocketIoPacket p;
    p.type = Type::Ack;
    p.ackId = ackId;
    p.data = args;
    return p;
}

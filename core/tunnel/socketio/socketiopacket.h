#pragma once
// One Socket.IO v5 packet in the default parser's text form (socket.io-protocol, "Packet
// encoding"): <type>[<attachments>-][<namespace>,][<ack id>][<JSON>]. It travels as the payload
// of an Engine.IO message packet. Binary packets (5, 6) announce attachments that follow as
// binary messages; SocketIoAttachmentAssembler puts them back in.
#include <QJsonArray>
#include <QJsonValue>
#include <QString>

struct SocketIoPacket
{
    enum class Type { Connect = 0, Disconnect = 1, Event = 2, Ack = 3, ConnectError = 4, BinaryEvent = 5, BinaryAck = 6 };

    static constexpr int kMaxNamespaceLength = 256;
    // 15 digits stay below 2^53, so every id survives the client's JavaScript numbers exactly.
    static constexpr int kMaxAckIdDigits = 15;

    Type type = Type::Event;
    QString nsp = QStringLiteral("/");
    qint64 ackId = -1; // -1: none
    int attachments = 0; // binary packets only
    QJsonValue data = QJsonValue(QJsonValue::Undefined); // Undefined: no payload

    bool hasAckId() const { return ackId >= 0; }
    bool isBinary() const { return type == Type::BinaryEvent || type == Type::BinaryAck; }

    struct Decoded;
    // Checks the payload the way the protocol demands of a receiver: CONNECT carries an object or
    // nothing; DISCONNECT nothing; EVENT a non-empty array whose first element is the event name
    // (a string that is not a reserved name, or a number); ACK an array; CONNECT_ERROR an object.
    static Decoded decode(const QByteArray &text, int maxAttachments);
    QByteArray encode() const;

    static SocketIoPacket event(const QJsonArray &nameAndArgs, qint64 ackId = -1);
    static SocketIoPacket ack(qint64 ackId, const QJsonArray &args);
};

struct SocketIoPacket::Decoded
{
    bool ok = false;
    SocketIoPacket packet;
    QString error;
};

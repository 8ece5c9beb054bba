#include "yamuxframe.h"

#include <QStringList>
#include <QtEndian>

namespace Yamux {

void appendHeader(QByteArray &out, const FrameHeader &header)
{
    char bytes[HeaderBytes];
    bytes[0] = char(Version);
    bytes[1] = char(quint8(header.type));
    qToBigEndian<quint16>(header.flags, bytes + 2);
    qToBigEndian<quint32>(header.streamId, bytes + 4);
    qToBigEndian<quint32>(header.length, bytes + 8);
    out.append(bytes, HeaderBytes);
}

QByteArray encodeHeader(const FrameHeader &header)
{
    QByteArray out;
    out.reserve(HeaderBytes);
    appendHeader(out, header);
    return out;
}

HeaderError decodeHeader(const char *data, FrameHeader &header, quint32 maxDataLength)
{
    const auto *bytes = reinterpret_cast<const uchar *>(data);
    header.type = FrameType(bytes[1]);
    header.flags = qFromBigEndian<quint16>(bytes + 2);
    header.streamId = qFromBigEndian<quint32>(bytes + 4);
    header.length = qFromBigEndian<quint32>(bytes + 8);

    // The version is the only way a future revision could announce itself; nothing else in the
    // header can be trusted to mean the same thing when it is not 0.
    if (bytes[0] != Version)
        return HeaderError::BadVersion;
    if (bytes[1] > quint8(FrameType::GoAway))
        return HeaderError::UnknownType;
    if (header.flags & ~Flag::Known)
        return HeaderError::BadFlags;

    switch (header.type) {
    case FrameType::Data:
    case FrameType::WindowUpdate:
        // Id 0 is the session itself; streams never use it.
        if (header.streamId == 0)
            return HeaderError::BadStreamId;
        // A frame cannot both open a stream and accept the peer's opening of it.
        if (header.has(Flag::Syn) && header.has(Flag::Ack))
            return HeaderError::BadFlags;
        if (header.type == FrameType::Data && header.length > maxDataLength)
            return HeaderError::TooLong;
        return HeaderError::None;
    case FrameType::Ping:
        if (header.streamId != 0)
            return HeaderError::BadStreamId;
        // Exactly one of request (SYN) or answer (ACK); js-libp2p-yamux rejects anything else too.
        if (header.flags != Flag::Syn && header.flags != Flag::Ack)
            return HeaderError::BadFlags;
        return HeaderError::None;
    case FrameType::GoAway:
        if (header.streamId != 0)
            return HeaderError::BadStreamId;
        if (header.flags != 0)
            return HeaderError::BadFlags;
        return HeaderError::None;
    }
    return HeaderError::UnknownType; // not reached: the type was range-checked above
}

QString describe(HeaderError error)
{
    switch (error) {
    case HeaderError::None:
        return QStringLiteral("no error");
    case HeaderError::BadVersion:
        return QStringLiteral("unsupported version");
    case HeaderError::UnknownType:
        return QStringLiteral("unknown frame type");
    case HeaderError::BadFlags:
        return QStringLiteral("flags not allowed for the frame type");
    case HeaderError::BadStreamId:
        return QStringLiteral("stream id not allowed for the frame type");
    case HeaderError::TooLong:
        return QStringLiteral("data frame longer than allowed");
    }
    return QStringLiteral("unknown error");
}

QString describe(const FrameHeader &header)
{
    static const char *const names[] = {"data", "window-update", "ping", "go-away"};
    const quint8 type = quint8(header.type);
    QStringList flags;
    if (header.has(Flag::Syn))
        flags << QStringLiteral("SYN");
    if (header.has(Flag::Ack))
        flags << QStringLiteral("ACK");
    if (header.has(Flag::Fin))
        flags << QStringLiteral("FIN");
    if (header.has(Flag::Rst))
        flags << QStringLiteral("RST");
    if (header.flags & ~Flag::Known)
        flags << QStringLiteral("0x%1").arg(header.flags & ~Flag::Known, 0, 16);
    return QStringLiteral("%1 stream=%2 flags=%3 length=%4")
        .arg(type <= 3 ? QString::fromLatin1(names[type]) : QStringLiteral("type-%1").arg(type))
        .arg(header.streamId)
        .arg(flags.isEmpty() ? QStringLiteral("-") : flags.join(QLatin1Char('|')))
        .arg(header.length);
}

} // namespace Yamux

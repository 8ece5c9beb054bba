#include "engineiopacket.h"

namespace {

std::optional<EngineIoPacket> decodeTextPacket(const QByteArray &encoded)
{
    if (encoded.isEmpty())
        return std::nullopt;
    const char digit = encoded.at(0);
    if (digit < '0' || digit > '6')
        return std::nullopt;
    return EngineIoPacket::textPacket(EngineIoPacket::Type(digit - '0'), encoded.mid(1));
}

} // namespace

EngineIoPacket EngineIoPacket::textPacket(Type type, const QByteArray &data)
{
    EngineIoPacket packet;
    packet.type = type;
    packet.data = data;
    return packet;
}

EngineIoPacket EngineIoPacket::binaryMessage(const QByteArray &bytes)
{
    EngineIoPacket packet;
    packet.type = Type::Message;
    packet.data = bytes;
    packet.binary = true;
    return packet;
}

std::optional<EngineIoPacket> EngineIoPacket::fromWebSocketFrame(const QByteArray &frame, bool text)
{
    // A binary frame has no type prefix: it is always a message.
    if (!text)
        return binaryMessage(frame);
    return decodeTextPacket(frame);
}

QByteArray EngineIoPacket::toWebSocketFrame() const
{
    if (binary)
        return data;
    return char('0' + int(type)) + data;
}

std::optional<EngineIoPacket> EngineIoPacket::fromPollingRecord(const QByteArray &record)
{
    if (record.startsWith('b')) {
        const auto decoded = QByteArray::fromBase64Encoding(record.mid(1), QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded)
            return std::nullopt;
        return binaryMessage(*decoded);
    }
    return decodeTextPacket(record);
}

QByteArray EngineIoPacket::toPollingRecord() const
{
    if (binary)
        return 'b' + data.toBase64();
    return char('0' + int(type)) + data;
}

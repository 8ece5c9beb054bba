#pragma once
// One Engine.IO v4 packet (engine.io-protocol, "Protocol" and "Packet encoding"): a type digit
// and an optional payload. On a WebSocket every packet is one frame: text packets are the digit
// followed by the payload, a binary message is the bare bytes in a binary frame. In a polling
// payload a binary message is written "b" + base64 instead (EngineIoPayload joins the records).
#include <QByteArray>
#include <optional>

struct EngineIoPacket
{
    enum class Type { Open = 0, Close = 1, Ping = 2, Pong = 3, Message = 4, Upgrade = 5, Noop = 6 };

    Type type = Type::Message;
    QByteArray data; // UTF-8 text, or the raw bytes of a binary message
    bool binary = false; // only Message packets are ever binary

    static EngineIoPacket textPacket(Type type, const QByteArray &data = {});
    static EngineIoPacket binaryMessage(const QByteArray &bytes);

    // A WebSocket frame: empty when the frame is not a valid packet (an empty text frame, or a
    // first character that is not a type digit).
    static std::optional<EngineIoPacket> fromWebSocketFrame(const QByteArray &frame, bool text);
    // The frame's bytes; send them as a binary frame when `binary` is set, as text otherwise.
    QByteArray toWebSocketFrame() const;

    // One record of a polling payload (without the 0x1e separators). Empty when invalid,
    // including base64 that does not decode.
    static std::optional<EngineIoPacket> fromPollingRecord(const QByteArray &record);
    QByteArray toPollingRecord() const;

    bool operator==(const EngineIoPacket &other) const
    {
        return type == other.type && data == other.data && binary == other.binary;
    }
};

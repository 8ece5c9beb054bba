// Engine.IO packets (core/tunnel/socketio/engineiopacket): a WebSocket frame (text or binary) and
// a polling record; whatever decodes must encode again and decode to the same packet.
#include "tunnel/socketio/engineiopacket.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    for (const bool text : {true, false}) {
        if (const auto packet = EngineIoPacket::fromWebSocketFrame(input, text)) {
            const auto again = EngineIoPacket::fromWebSocketFrame(packet->toWebSocketFrame(), !packet->binary);
            if (!again || !(*again == *packet))
                __builtin_trap();
        }
    }
    if (const auto packet = EngineIoPacket::fromPollingRecord(input)) {
        const auto again = EngineIoPacket::fromPollingRecord(packet->toPollingRecord());
        if (!again || !(*again == *packet))
            __builtin_trap();
    }
    return 0;
}

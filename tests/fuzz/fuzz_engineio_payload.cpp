// Engine.IO long-polling POST bodies (core/tunnel/socketio/engineiopayload): records separated by
// 0x1e, with EngineIoSession's limit on packets per payload (lowered, so the limit is reached).
#include "tunnel/socketio/engineiopayload.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    for (const int maxPackets : {10000, 3}) {
        const EngineIoPayload::Decoded decoded = EngineIoPayload::decode(body, maxPackets);
        if (decoded.ok && decoded.packets.size() > maxPackets)
            __builtin_trap();
        if (decoded.ok) {
            const EngineIoPayload::Decoded again = EngineIoPayload::decode(EngineIoPayload::encode(decoded.packets), maxPackets);
            if (!again.ok || again.packets != decoded.packets)
                __builtin_trap();
        }
    }
    return 0;
}

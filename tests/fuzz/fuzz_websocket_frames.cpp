// The WebSocket frame reader (core/net/websocket/websocketframereader), driven the way
// WebSocketConnection drives it: headers a few bytes at a time (never past what it wants), payload
// bytes copied straight into payloadTarget(). The first input byte picks the read sizes.
#include "net/websocket/websocketframereader.h"

#include <cstring>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const int chunkSeed = data[0];
    const char *p = reinterpret_cast<const char *>(data) + 1;
    qsizetype left = qsizetype(size) - 1;
    qint64 delivered = 0;
    WebSocketFrameReader reader(
        64 * 1024, [&](QByteArray &&payload, bool) { delivered += payload.size(); },
        [&](int opcode, const QByteArray &payload) {
            if (payload.size() > 125 || opcode < 8)
                __builtin_trap(); // control frames carry at most 125 bytes
        });
    int step = 0;
    while (left > 0) {
        // Socket reads of 1..16 bytes, varying with the seed, as a slow peer would produce.
        const qsizetype chunk = 1 + ((chunkSeed >> (step++ % 4)) & 0xF);
        bool ok;
        if (reader.wantsPayload()) {
            const qsizetype n = std::min<qsizetype>({qsizetype(reader.payloadRemaining()), left, chunk});
            if (n <= 0)
                __builtin_trap(); // wants payload but has no room for it
            std::memcpy(reader.payloadTarget(), p, size_t(n));
            ok = reader.payloadArrived(n);
            p += n;
            left -= n;
        } else {
            const qsizetype want = reader.headerBytesWanted();
            if (want <= 0 || want > 14)
                __builtin_trap();
            const qsizetype n = std::min<qsizetype>({want, left, chunk});
            ok = reader.feed(p, n);
            p += n;
            left -= n;
        }
        if (!ok) {
            (void)reader.errorCode();
            (void)reader.errorText();
            break;
        }
    }
    return 0;
}

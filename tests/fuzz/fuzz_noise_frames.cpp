// Noise transport framing (core/libp2p/noise/noiseframes): 2-byte big-endian lengths, read from
// input that arrives in pieces; every frame handed out must lie inside what was appended.
#include "libp2p/noise/noiseframes.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const qsizetype chunk = 1 + data[0] * 7;
    const QByteArrayView input(reinterpret_cast<const char *>(data) + 1, qsizetype(size) - 1);
    Libp2p::NoiseFrameReader reader;
    qsizetype appended = 0, handedOut = 0;
    for (qsizetype at = 0; at < input.size(); at += chunk) {
        const QByteArrayView piece = input.sliced(at, std::min(chunk, input.size() - at));
        reader.append(piece);
        appended += piece.size();
        QByteArrayView frame;
        while (reader.next(&frame)) {
            if (frame.size() > Libp2p::NoiseFrames::MaxFrameBytes)
                __builtin_trap();
            volatile char sink = 0;
            for (const char c : frame) // touch every byte: ASan checks the view is still valid
                sink ^= c;
            handedOut += Libp2p::NoiseFrames::HeaderBytes + frame.size();
        }
        if (handedOut + reader.bufferedBytes() != appended)
            __builtin_trap();
    }
    const QByteArray rest = reader.takeBuffered();
    if (rest.size() + handedOut != appended)
        __builtin_trap();
    return 0;
}

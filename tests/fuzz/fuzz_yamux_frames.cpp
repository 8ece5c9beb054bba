// yamux frames (core/libp2p/yamux/yamuxframereader, yamuxframe): input appended in pieces, frames
// taken out until the reader wants more or refuses; a header it accepts must encode back to the
// same 12 bytes, and a data frame's payload must be as long as its header says.
#include "libp2p/yamux/yamuxframereader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const qsizetype chunk = 1 + data[0] * 5;
    const QByteArray input(reinterpret_cast<const char *>(data) + 1, qsizetype(size) - 1);
    // A small window, so TooLong is reachable with short inputs, and YamuxSession's default.
    for (const quint32 maxData : {quint32(64), Yamux::InitialWindowBytes}) {
        YamuxFrameReader reader(maxData);
        bool stop = false;
        for (qsizetype at = 0; at < input.size() && !stop; at += chunk) {
            reader.append(input.mid(at, chunk));
            for (;;) {
                Yamux::FrameHeader header;
                QByteArray payload;
                const auto result = reader.next(header, payload);
                if (result == YamuxFrameReader::Result::NeedMore)
                    break;
                if (result == YamuxFrameReader::Result::Error) {
                    (void)Yamux::describe(reader.error());
                    (void)Yamux::describe(reader.errorHeader());
                    stop = true;
                    break;
                }
                const QByteArray encoded = Yamux::encodeHeader(header);
                Yamux::FrameHeader again;
                if (encoded.size() != Yamux::HeaderBytes
                    || Yamux::decodeHeader(encoded.constData(), again, maxData) != Yamux::HeaderError::None
                    || !(again == header))
                    __builtin_trap();
                if (header.type == Yamux::FrameType::Data && quint32(payload.size()) != header.length)
                    __builtin_trap();
                if (header.type != Yamux::FrameType::Data && !payload.isEmpty())
                    __builtin_trap();
            }
        }
    }
    return 0;
}

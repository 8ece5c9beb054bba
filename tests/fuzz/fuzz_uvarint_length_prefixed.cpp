// Unsigned varints and the uvarint-length-prefixed messages built on them
// (core/libp2p/crypto/uvarint, core/libp2p/multistream/lengthprefixedreader): what decodes must
// re-encode to the same bytes (minimal encoding), and the reader must hand out exactly the bytes
// it was given, in messages no longer than its limit.
#include "libp2p/crypto/uvarint.h"
#include "libp2p/multistream/lengthprefixedreader.h"

using namespace Libp2p;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const qsizetype chunk = 1 + data[0];
    const QByteArrayView input(reinterpret_cast<const char *>(data) + 1, qsizetype(size) - 1);

    for (const quint64 max : {Uvarint::MaxValue, quint64(1000)}) {
        const Uvarint::Decoded d = Uvarint::decode(input, max);
        if (d.isComplete()) {
            if (d.value > max || d.bytesRead < 1 || d.bytesRead > Uvarint::MaxBytes || d.bytesRead > input.size())
                __builtin_trap();
            if (Uvarint::encode(d.value) != input.first(d.bytesRead).toByteArray()
                || Uvarint::encodedSize(d.value) != d.bytesRead)
                __builtin_trap();
        }
    }

    for (const qsizetype maxMessage : {qsizetype(1024), qsizetype(4)}) { // multistream's line limit, and a tiny one
        LengthPrefixedReader reader(maxMessage);
        qsizetype given = 0, taken = 0;
        bool stop = false;
        for (qsizetype at = 0; at < input.size() && !stop; at += chunk) {
            const QByteArrayView piece = input.sliced(at, std::min(chunk, input.size() - at));
            reader.append(piece);
            given += piece.size();
            for (;;) {
                QByteArray message;
                const auto status = reader.next(&message);
                if (status == LengthPrefixedReader::Status::Message) {
                    if (message.size() > maxMessage)
                        __builtin_trap();
                    taken += Uvarint::encodedSize(quint64(message.size())) + message.size();
                    continue;
                }
                if (status != LengthPrefixedReader::Status::NeedMore)
                    stop = true;
                break;
            }
            if (taken + reader.bufferedBytes() != given)
                __builtin_trap();
        }
        if (reader.takeBuffered().size() + taken != given)
            __builtin_trap();
    }
    return 0;
}

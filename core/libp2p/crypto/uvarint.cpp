#include "uvarint.h"

namespace Libp2p::Uvarint {

void append(QByteArray &out, quint64 value)
{
    Q_ASSERT(value <= MaxValue);
    if (value > MaxValue)
        value = MaxValue;
    while (value >= 0x80) {
        out.append(char(quint8(value & 0x7f) | 0x80));
        value >>= 7;
    }
    out.append(char(value));
}

QByteArray encode(quint64 value)
{
    QByteArray out;
    out.reserve(MaxBytes);
    append(out, value);
    return out;
}

int encodedSize(quint64 value)
{
    int size = 1;
    while (value >= 0x80) {
        value >>= 7;
        ++size;
    }
    return size;
}

Decoded decode(QByteArrayView input, quint64 maxValue)
{
    Decoded result;
    quint64 value = 0;
    const qsizetype available = std::min<qsizetype>(input.size(), MaxBytes);
    for (int i = 0; i < available; ++i) {
        const quint8 byte = quint8(input[i]);
        value |= quint64(byte & 0x7f) << (7 * i);
        // Bits already seen can only grow the value: stop as soon as it is too large, so an
        // endless run of continuation bytes is refused without waiting for the rest.
        if (value > maxValue) {
            result.status = Decoded::Status::Malformed;
            return result;
        }
        if ((byte & 0x80) == 0) {
            // A final zero group after other groups means the same number had a shorter encoding.
            if (byte == 0 && i > 0) {
                result.status = Decoded::Status::Malformed;
                return result;
            }
            result.status = Decoded::Status::Complete;
            result.value = value;
            result.bytesRead = i + 1;
            return result;
        }
    }
    // Nine bytes, all with the continuation bit: the value would need a tenth (64+ bits).
    result.status = input.size() >= MaxBytes ? Decoded::Status::Malformed : Decoded::Status::Incomplete;
    return result;
}

} // namespace Libp2p::Uvarint

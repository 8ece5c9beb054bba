#include "protobuffields.h"

#include "libp2p/crypto/uvarint.h"

#include <algorithm>

namespace Libp2p::Pubsub::ProtobufFields {

bool forEach(QByteArrayView bytes, const std::function<void(const Field &)> &visit)
{
    qsizetype at = 0;
    while (at < bytes.size()) {
        Field field;
        field.start = at;
        const auto tag = Uvarint::decode(bytes.sliced(at), quint64(0xffffffff));
        if (!tag.isComplete())
            return false;
        at += tag.bytesRead;
        field.number = quint32(tag.value >> 3);
        field.wireType = int(tag.value & 7);
        if (field.number == 0)
            return false;
        switch (field.wireType) {
        case 0: {
            // protobuf varints may take 10 bytes (negative int32); pubsub has none: refused.
            const auto value = Uvarint::decode(bytes.sliced(at));
            if (!value.isComplete())
                return false;
            at += value.bytesRead;
            break;
        }
        case 1:
            if (bytes.size() - at < 8)
                return false;
            at += 8;
            break;
        case 5:
            if (bytes.size() - at < 4)
                return false;
            at += 4;
            break;
        case 2: {
            const auto length = Uvarint::decode(bytes.sliced(at), quint64(bytes.size()));
            if (!length.isComplete())
                return false;
            at += length.bytesRead;
            if (quint64(bytes.size() - at) < length.value)
                return false;
            field.value = bytes.sliced(at, qsizetype(length.value));
            at += qsizetype(length.value);
            break;
        }
        default:
            return false;
        }
        field.end = at;
        visit(field);
    }
    return true;
}

bool lengthDelimited(QByteArrayView bytes, quint32 number, QList<QByteArray> *out)
{
    return forEach(bytes, [&](const Field &field) {
        if (field.number == number && field.wireType == 2)
            out->append(field.value.toByteArray());
    });
}

std::optional<QByteArray> without(QByteArrayView bytes, std::initializer_list<quint32> numbers)
{
    QByteArray out;
    const bool ok = forEach(bytes, [&](const Field &field) {
        if (std::find(numbers.begin(), numbers.end(), field.number) == numbers.end())
            out.append(bytes.sliced(field.start, field.end - field.start));
    });
    if (!ok)
        return std::nullopt;
    return out;
}

QByteArray encodeBytes(quint32 number, QByteArrayView value)
{
    QByteArray out;
    Uvarint::append(out, quint64(number) << 3 | 2);
    Uvarint::append(out, quint64(value.size()));
    out.append(value);
    return out;
}

} // namespace Libp2p::Pubsub::ProtobufFields

#pragma once
// A walk over the top-level fields of a protobuf, raw. Pubsub needs the bytes exactly as the
// peer sent them: a signature covers the message as encoded by its author (field order and all),
// and messages are forwarded byte for byte, so re-serializing a parsed message is not an option.
#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <functional>
#include <optional>

namespace Libp2p::Pubsub::ProtobufFields {

struct Field
{
    quint32 number = 0;
    int wireType = 0;
    qsizetype start = 0; // of the tag
    qsizetype end = 0; // after the value
    QByteArrayView value; // length-delimited fields only
};

// Calls `visit` for each field in order; false on malformed input (truncated values, wire types
// other than varint/64-bit/length-delimited/32-bit, field number 0, 10-byte varints).
bool forEach(QByteArrayView bytes, const std::function<void(const Field &)> &visit);

// The length-delimited fields `number` of `bytes`, raw. False if malformed.
bool lengthDelimited(QByteArrayView bytes, quint32 number, QList<QByteArray> *out);

// `bytes` without the fields in `numbers`, every other field kept as sent. Empty optional if
// malformed.
std::optional<QByteArray> without(QByteArrayView bytes, std::initializer_list<quint32> numbers);

// One length-delimited field: tag, length, value.
QByteArray encodeBytes(quint32 number, QByteArrayView value);

} // namespace Libp2p::Pubsub::ProtobufFields

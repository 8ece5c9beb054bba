#pragma once
// Unsigned varints as multiformats defines them (github.com/multiformats/unsigned-varint): seven
// bits per byte, least significant group first, the high bit set on every byte but the last.
// Used for multistream-select line lengths, length-prefixed protobuf messages and multiaddr codes.
// Decoding is strict, because every length that comes off the network passes through here: at
// most 9 bytes (63 bits), minimal encodings only, and an optional tighter bound on the value.
#include <QByteArray>
#include <QByteArrayView>

namespace Libp2p::Uvarint {

// The multiformats spec caps varints at 9 bytes, i.e. 63 bits of value.
constexpr int MaxBytes = 9;
constexpr quint64 MaxValue = (quint64(1) << 63) - 1;

// Appends the encoding of `value` (at most MaxValue; larger values are a programming error and
// are clamped to MaxValue with an assertion in debug builds).
void append(QByteArray &out, quint64 value);
QByteArray encode(quint64 value);
// How many bytes encode(value) produces.
int encodedSize(quint64 value);

struct Decoded
{
    enum class Status {
        Complete, // `value` and `bytesRead` are set
        Incomplete, // every byte so far had the continuation bit: wait for more input
        Malformed, // longer than allowed, not minimal, or above the caller's maximum
    };
    Status status = Status::Incomplete;
    quint64 value = 0;
    int bytesRead = 0;

    bool isComplete() const { return status == Status::Complete; }
    bool isIncomplete() const { return status == Status::Incomplete; }
    bool isMalformed() const { return status == Status::Malformed; }
};

// Reads one varint from the start of `input`. `maxValue` lets callers reject oversized lengths as
// soon as their varint is complete (and before, once the bytes seen already exceed it), so a
// peer cannot make us wait for, or allocate, more than the protocol allows.
Decoded decode(QByteArrayView input, quint64 maxValue = MaxValue);

} // namespace Libp2p::Uvarint

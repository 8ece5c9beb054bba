#pragma once
// The yamux frame header (hashicorp/yamux spec.md, "Framing"): 12 bytes, big endian —
// version (8 bits, always 0), type (8), flags (16), stream id (32), length (32). Only data frames
// carry a payload (`length` bytes after the header); for the other types `length` is a value:
// the window delta of a window update, the opaque value of a ping, the error code of a go-away.
//
// decodeHeader() checks everything a header alone can break, so the session never has to look
// at a frame that makes no sense, and never buffers a payload larger than it would accept.
#include <QByteArray>
#include <QString>

namespace Yamux {

constexpr int HeaderBytes = 12;
constexpr quint8 Version = 0;
// Every stream starts with this receive window in both directions (spec, "Flow Control").
constexpr quint32 InitialWindowBytes = 256 * 1024;

enum class FrameType : quint8 {
    Data = 0,
    WindowUpdate = 1,
    Ping = 2,
    GoAway = 3,
};

namespace Flag {
constexpr quint16 Syn = 0x1; // opens a stream; a ping request
constexpr quint16 Ack = 0x2; // accepts a stream; a ping answer
constexpr quint16 Fin = 0x4; // half-close: the sender sends no more data on the stream
constexpr quint16 Rst = 0x8; // the stream is over at once, in both directions
constexpr quint16 Known = Syn | Ack | Fin | Rst;
}

// The length field of a go-away frame.
enum class GoAwayCode : quint32 {
    Normal = 0,
    ProtocolError = 1,
    InternalError = 2,
};

struct FrameHeader
{
    FrameType type = FrameType::Data;
    quint16 flags = 0;
    quint32 streamId = 0;
    quint32 length = 0;

    bool has(quint16 flag) const { return (flags & flag) == flag; }
    bool operator==(const FrameHeader &o) const
    {
        return type == o.type && flags == o.flags && streamId == o.streamId && length == o.length;
    }
};

enum class HeaderError {
    None,
    BadVersion,  // version is not 0
    UnknownType, // type is not one of the four
    BadFlags,    // flags outside SYN/ACK/FIN/RST, or a combination the type does not allow
    BadStreamId, // stream frames on id 0, or session frames (ping, go-away) on another id
    TooLong,     // a data frame longer than the reader accepts
};

// Appends the 12 header bytes to `out` (version 0).
void appendHeader(QByteArray &out, const FrameHeader &header);
QByteArray encodeHeader(const FrameHeader &header);

// Reads and validates the 12 bytes at `data`. A data frame longer than `maxDataLength` is
// TooLong: the caller's bound on how much payload it will buffer for one frame. On an error,
// `header` still holds whatever fields could be read (for the log line).
HeaderError decodeHeader(const char *data, FrameHeader &header, quint32 maxDataLength);

QString describe(HeaderError error);
// "data stream=3 flags=SYN|FIN length=5", for logs and test failures.
QString describe(const FrameHeader &header);

} // namespace Yamux

#pragma once
// Cuts the byte stream a yamux peer sends into frames. Headers are validated as soon as their 12
// bytes are in (Yamux::decodeHeader), so a data frame longer than the limit is refused before any
// of its payload is buffered: at most one header, one payload of the allowed size and the bytes
// of the latest append() are ever held.
#include "yamuxframe.h"

#include <QByteArray>

class YamuxFrameReader
{
public:
    explicit YamuxFrameReader(quint32 maxDataLength) : m_maxDataLength(maxDataLength) {}

    enum class Result {
        NeedMore, // no complete frame buffered; append() more bytes
        Frame,    // `header` (and for data frames `payload`) hold the next frame
        Error,    // the stream broke a rule: error() says which; nothing more is read
    };

    // Adds bytes received from the peer. Ignored after an error.
    void append(const QByteArray &bytes);
    // Takes the next complete frame out of the buffer. `payload` is empty for non-data frames.
    Result next(Yamux::FrameHeader &header, QByteArray &payload);

    Yamux::HeaderError error() const { return m_error; }
    // The offending header, as far as it could be read (for the log line).
    const Yamux::FrameHeader &errorHeader() const { return m_errorHeader; }
    qsizetype bufferedBytes() const { return m_buffer.size() - m_pos; }

private:
    quint32 m_maxDataLength;
    QByteArray m_buffer;
    qsizetype m_pos = 0; // bytes at the front of m_buffer already handed out
    Yamux::HeaderError m_error = Yamux::HeaderError::None;
    Yamux::FrameHeader m_errorHeader;
};

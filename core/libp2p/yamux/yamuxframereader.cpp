#include "yamuxframereader.h"

void YamuxFrameReader::append(const QByteArray &bytes)
{
    if (m_error != Yamux::HeaderError::None || bytes.isEmpty())
        return;
    if (m_pos == m_buffer.size()) {
        // Nothing left over (the usual case at frame boundaries): share the bytes, no copy.
        m_buffer = bytes;
        m_pos = 0;
        return;
    }
    // Drop what was handed out before growing, so the buffer never holds more than one partial
    // frame plus the new bytes.
    if (m_pos > 0) {
        m_buffer.remove(0, m_pos);
        m_pos = 0;
    }
    m_buffer.append(bytes);
}

YamuxFrameReader::Result YamuxFrameReader::next(Yamux::FrameHeader &header, QByteArray &payload)
{
    if (m_error != Yamux::HeaderError::None)
        return Result::Error;
    const qsizetype available = m_buffer.size() - m_pos;
    if (available < Yamux::HeaderBytes)
        return Result::NeedMore;
    Yamux::FrameHeader h;
    const Yamux::HeaderError error = Yamux::decodeHeader(m_buffer.constData() + m_pos, h, m_maxDataLength);
    if (error != Yamux::HeaderError::None) {
        m_error = error;
        m_errorHeader = h;
        m_buffer.clear();
        m_pos = 0;
        return Result::Error;
    }
    const qsizetype payloadLength = h.type == Yamux::FrameType::Data ? qsizetype(h.length) : 0;
    if (available < Yamux::HeaderBytes + payloadLength)
        return Result::NeedMore;
    payload = payloadLength ? m_buffer.mid(m_pos + Yamux::HeaderBytes, payloadLength) : QByteArray();
    m_pos += Yamux::HeaderBytes + payloadLength;
    if (m_pos == m_buffer.size()) {
        m_buffer.clear();
        m_pos = 0;
    }
    header = h;
    return Result::Frame;
}

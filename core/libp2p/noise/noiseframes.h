#pragma once
// libp2p Noise framing: every Noise message (handshake or transport) on the wire is a 2-byte
// big-endian length followed by that many bytes, so a frame holds at most 65535 bytes.
#include <QByteArray>
#include <QByteArrayView>

namespace Libp2p {

namespace NoiseFrames {
constexpr qsizetype HeaderBytes = 2;
constexpr qsizetype MaxFrameBytes = 65535;
// Appends `message` (at most MaxFrameBytes) with its length header.
void append(QByteArray &out, QByteArrayView message);
} // namespace NoiseFrames

// Collects bytes from the wire and hands out whole frames.
class NoiseFrameReader
{
public:
    void append(QByteArrayView bytes);
    // The next whole frame, as a view into the reader's buffer that stays valid until the next
    // append() or takeBuffered(); false when no whole frame is buffered.
    bool next(QByteArrayView *frame);
    qsizetype bufferedBytes() const { return m_buffer.size() - m_consumed; }
    // Everything not yet returned by next(), emptying the reader.
    QByteArray takeBuffered();

private:
    QByteArray m_buffer;
    qsizetype m_consumed = 0;
};

} // namespace Libp2p

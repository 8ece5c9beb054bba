#include "noiseframes.h"

#include <QtEndian>

namespace Libp2p {

void NoiseFrames::append(QByteArray &out, QByteArrayView message)
{
    Q_ASSERT(message.size() <= MaxFrameBytes);
    char header[HeaderBytes];
    qToBigEndian<quint16>(quint16(message.size()), header);
    out.append(header, HeaderBytes);
    out.append(message.data(), message.size());
}

void NoiseFrameReader::append(QByteArrayView bytes)
{
    if (m_consumed > 0) {
        m_buffer.remove(0, m_consumed);
        m_consumed = 0;
    }
    m_buffer.append(bytes.data(), bytes.size());
}

bool NoiseFrameReader::next(QByteArrayView *frame)
{
    const qsizetype available = m_buffer.size() - m_consumed;
    if (available < NoiseFrames::HeaderBytes)
        return false;
    const qsizetype length = qFromBigEndian<quint16>(m_buffer.constData() + m_consumed);
    if (available < NoiseFrames::HeaderBytes + length)
        return false;
    *frame = QByteArrayView(m_buffer.constData() + m_consumed + NoiseFrames::HeaderBytes, length);
    m_consumed += NoiseFrames::HeaderBytes + length;
    return true;
}

QByteArray NoiseFrameReader::takeBuffered()
{
    QByteArray rest = m_buffer.mid(m_consumed);
    m_buffer.clear();
    m_consumed = 0;
    return rest;
}

} // namespace Libp2p

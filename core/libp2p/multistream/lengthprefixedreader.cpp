#include "lengthprefixedreader.h"

#include "libp2p/crypto/uvarint.h"

namespace Libp2p {

void LengthPrefixedReader::append(QByteArrayView bytes)
{
    // Drop what was consumed before growing, so the buffer never holds more than one partial
    // message plus what the caller has just handed over.
    if (m_consumed > 0) {
        m_buffer.remove(0, m_consumed);
        m_consumed = 0;
    }
    m_buffer.append(bytes.data(), bytes.size());
}

LengthPrefixedReader::Status LengthPrefixedReader::next(QByteArray *message)
{
    const QByteArrayView pending = QByteArrayView(m_buffer).sliced(m_consumed);
    const auto length = Uvarint::decode(pending, quint64(m_maxMessageBytes));
    if (length.isIncomplete())
        return Status::NeedMore;
    if (length.isMalformed()) {
        // decode() reports an over-maximum value as malformed; tell the two apart for callers,
        // whose peers deserve to hear "too large" when that is what happened.
        return Uvarint::decode(pending).isMalformed() ? Status::Malformed : Status::TooLarge;
    }
    const qsizetype total = length.bytesRead + qsizetype(length.value);
    if (pending.size() < total)
        return Status::NeedMore;
    *message = pending.sliced(length.bytesRead, qsizetype(length.value)).toByteArray();
    m_consumed += total;
    if (m_consumed == m_buffer.size()) {
        m_buffer.clear();
        m_consumed = 0;
    }
    return Status::Message;
}

QByteArray LengthPrefixedReader::takeBuffered()
{
    QByteArray rest = m_buffer.mid(m_consumed);
    m_buffer.clear();
    m_consumed = 0;
    return rest;
}

} // namespace Libp2p

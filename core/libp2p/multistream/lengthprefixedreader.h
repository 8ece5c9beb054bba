#pragma once
// Cuts a byte stream into uvarint-length-prefixed messages, the framing of multistream-select
// lines and of every libp2p protobuf exchange (identify, circuit relay, pubsub). Bytes go in as
// they arrive, in any pieces; whole messages come out. A declared length above the maximum is
// refused as soon as its varint is read, before any of the body is waited for or stored.
#include <QByteArray>
#include <QByteArrayView>

namespace Libp2p {

class LengthPrefixedReader
{
public:
    enum class Status {
        Message, // *message holds the next whole message
        NeedMore, // no whole message buffered yet
        TooLarge, // the next message declares more than maxMessageBytes
        Malformed, // the length prefix is not a valid uvarint
    };

    explicit LengthPrefixedReader(qsizetype maxMessageBytes) : m_maxMessageBytes(maxMessageBytes) {}

    void append(QByteArrayView bytes);
    // Takes the next whole message out of the buffer. After TooLarge or Malformed the stream
    // cannot be resynchronised: stop reading it.
    Status next(QByteArray *message);
    // Everything buffered and not yet returned by next() (the start of whatever follows the
    // messages this reader was meant for), emptying the reader.
    QByteArray takeBuffered();
    qsizetype bufferedBytes() const { return m_buffer.size() - m_consumed; }
    qsizetype maxMessageBytes() const { return m_maxMessageBytes; }

private:
    QByteArray m_buffer;
    qsizetype m_consumed = 0; // bytes at the front of m_buffer already returned
    qsizetype m_maxMessageBytes;
};

} // namespace Libp2p

#pragma once
// Incremental reader of the frames a WebSocket client sends (RFC 6455 section 5): checks every
// rule a stranger could break, enforces the message size limit from the frame headers (before
// any payload is buffered), unmasks while copying, and reassembles fragmented messages.
//
// Written here rather than taken from a library: QWebSocket cannot stop reading (so a relay
// cannot apply backpressure) and unmasks byte by byte; Debian's wslay copies every payload
// through a 4 KiB buffer and unmasks byte by byte too. This reader unmasks eight bytes at a time.
#include <QByteArray>
#include <QString>
#include <functional>

namespace WebSocketOpcode {
constexpr int Continuation = 0x0;
constexpr int Text = 0x1;
constexpr int Binary = 0x2;
constexpr int Close = 0x8;
constexpr int Ping = 0x9;
constexpr int Pong = 0xA;
}

class WebSocketFrameReader
{
public:
    using MessageHandler = std::function<void(QByteArray &&payload, bool text)>;
    using ControlHandler = std::function<void(int opcode, const QByteArray &payload)>;

    WebSocketFrameReader(qint64 maxMessageBytes, MessageHandler onMessage, ControlHandler onControl);

    // Consumes `size` bytes. Returns false once the stream broke a rule; error() says which close
    // code to answer with and errorText() why. Nothing is consumed after an error.
    bool feed(const char *data, qsizetype size);
    // Zero-copy path for payloads: while a payload is expected, its next bytes can be written
    // straight to payloadTarget() (at most payloadRemaining() of them) and announced with
    // payloadArrived(), which unmasks them in place. Otherwise headerBytesWanted() says how many
    // bytes feed() needs next, so a caller never reads past a header into a payload.
    bool wantsPayload() const { return m_inPayload; }
    char *payloadTarget();
    qint64 payloadRemaining() const { return qint64(m_payloadLength - m_payloadRead); }
    bool payloadArrived(qsizetype size);
    int headerBytesWanted() const { return m_headerNeed - m_headerHave; }

    quint16 errorCode() const { return m_errorCode; }
    QString errorText() const { return m_errorText; }
    void setMaxMessageBytes(qint64 bytes) { m_maxMessageBytes = bytes; }

    // XORs `size` bytes from `in` into `out` with the 4-byte key, starting `offset` bytes into it.
    static void unmask(char *out, const char *in, qsizetype size, const quint8 key[4], quint64 offset);

private:
    bool fail(quint16 code, const QString &text);
    bool headerComplete();
    void payloadComplete();

    qint64 m_maxMessageBytes;
    MessageHandler m_onMessage;
    ControlHandler m_onControl;

    // The frame being read.
    quint8 m_header[14];
    int m_headerHave = 0;
    int m_headerNeed = 2;
    bool m_inPayload = false;
    bool m_fin = false;
    int m_opcode = 0;
    quint8 m_mask[4] = {};
    quint64 m_payloadLength = 0;
    quint64 m_payloadRead = 0;
    QByteArray m_control; // payload of a control frame (at most 125 bytes)

    // The message being assembled (from one or more data frames).
    bool m_inMessage = false;
    bool m_messageIsText = false;
    QByteArray m_message;
    qsizetype m_messageFilled = 0;

    quint16 m_errorCode = 0;
    QString m_errorText;
};

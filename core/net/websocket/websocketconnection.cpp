#include "websocketconnection.h"

#include "net/directwrite.h"

#include <QTimerEvent>

#include "log/logcategories.h"

#include <QDateTime>
#include <QSslSocket>
#include <QtEndian>

#include <sys/socket.h>
#include <sys/uio.h>

namespace {

bool isValidReceivedCloseCode(quint16 code)
{
    // RFC 6455 section 7.4: 1005, 1006 and 1015 must never be sent; 1016-2999 are reserved.
    return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
}

} // namespace

namespace {

// A frame's header as a server writes it (final fragment, never masked); returns its length.
int frameHeader(char *header, int opcode, qsizetype size)
{
    header[0] = char(0x80 | opcode);
    if (size < 126) {
        header[1] = char(size);
        return 2;
    }
    if (size <= 0xffff) {
        header[1] = char(126);
        qToBigEndian<quint16>(quint16(size), header + 2);
        return 4;
    }
    header[1] = char(127);
    qToBigEndian<quint64>(quint64(size), header + 2);
    return 10;
}

// A message this large goes out on its own: copying it into the gathered frames costs more
// than the call it would save.
constexpr qsizetype kLargestCoalescedMessage = 64 * 1024;
// Above this, the gathering buffer is given back after a flush instead of kept for the next.
constexpr qsizetype kKeptCoalescingCapacity = 256 * 1024;

} // namespace

WebSocketConnection::WebSocketConnection(QTcpSocket *socket, HttpRequest request, const Limits &limits, QObject *parent)
    : PipeEndpoint(parent),
      m_socket(socket),
      m_request(std::move(request)),
      m_limits(limits),
      m_reader(
          limits.maxMessageBytes,
          [this](QByteArray &&payload, bool text) {
              if (m_state == State::Open)
                  emit received(payload, text);
          },
          [this](int opcode, const QByteArray &payload) { onControl(opcode, payload); })
{
    socket->setParent(this);
    socket->setReadBufferSize(limits.readBufferBytes);
    // Messages are whole units; Nagle's algorithm would hold small ones (acks, pings) back while
    // earlier bytes are unacknowledged, adding round trips to every request-response exchange.
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_lastActivityMs = QDateTime::currentMSecsSinceEpoch();
    // TLS sockets must go through QSslSocket; plain ones can be written to directly.
    m_plainDescriptor = DirectWrite::plainDescriptor(socket);
    connect(socket, &QIODevice::readyRead, this, &WebSocketConnection::readAvailable);
    connect(socket, &QIODevice::bytesWritten, this, &PipeEndpoint::wrote);
    connect(socket, &QAbstractSocket::disconnected, this, [this] {
        // Messages the peer sent before it went may still sit in the read buffer while reading
        // is paused; they are delivered first, and the close follows once they are read.
        if (!m_paused || m_socket->bytesAvailable() == 0)
            finish(m_state == State::Closing ? m_closeCode : WebSocketCloseCode::Abnormal,
                   m_state == State::Closing ? m_closeReason : QStringLiteral("connection lost"));
    });
    if (socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &WebSocketConnection::readAvailable, Qt::QueuedConnection);
}

WebSocketConnection::~WebSocketConnection() = default;

QTcpSocket *WebSocketConnection::takeSocket()
{
    if (m_state != State::Open || m_reading)
        return nullptr;
    QTcpSocket *socket = m_socket;
    disconnect(socket, nullptr, this, nullptr);
    socket->setParent(nullptr);
    // A stand-in, so that whatever still asks this finished connection finds a closed socket.
    m_socket = new QTcpSocket(this);
    m_plainDescriptor = -1;
    m_coalesced.clear();
    finish(WebSocketCloseCode::Normal, QStringLiteral("carried over to another node"));
    return socket;
}

QString WebSocketConnection::describe() const
{
    return QStringLiteral("websocket %1:%2").arg(m_request.peerAddress.toString()).arg(m_request.peerPort);
}

void WebSocketConnection::readAvailable()
{
    if (m_reading)
        return; // a handler resumed us from inside this loop; the loop carries on by itself
    if (m_discardInput) {
        m_socket->readAll();
        return;
    }
    m_reading = true;
    // Payload bytes go from the socket's buffer straight into the message being assembled
    // (and are unmasked there); headers are read a few bytes at a time, never past their end.
    while (!m_paused && m_state != State::Closed && m_socket->bytesAvailable() > 0) {
        bool ok = true;
        if (m_reader.wantsPayload()) {
            const qint64 want = std::min<qint64>(m_reader.payloadRemaining(), m_socket->bytesAvailable());
            const qint64 n = m_socket->read(m_reader.payloadTarget(), want);
            if (n <= 0)
                break;
            ok = m_reader.payloadArrived(qsizetype(n));
        } else {
            char header[14];
            const qint64 n = m_socket->read(header, m_reader.headerBytesWanted());
            if (n <= 0)
                break;
            ok = m_reader.feed(header, qsizetype(n));
        }
        m_lastActivityMs = QDateTime::currentMSecsSinceEpoch();
        if (!ok) {
            qCInfo(lcWebSocket).noquote() << "closing" << describe() << ":" << m_reader.errorText();
            close(m_reader.errorCode(), m_reader.errorText());
            // Nothing more from this peer can be read (its close answer included). Closing the
            // socket now would reset it while the peer is still sending, destroying our close
            // frame in flight; so: drain what comes, half-close once the frame is out, and let the
            // peer's own close (or the close timer) end it.
            m_discardInput = true;
            m_socket->readAll();
            halfCloseWhenWritten();
            break;
        }
    }
    m_reading = false;
    if (m_socket->state() == QAbstractSocket::UnconnectedState && m_socket->bytesAvailable() == 0)
        finish(m_state == State::Closing ? m_closeCode : WebSocketCloseCode::Abnormal,
               m_state == State::Closing ? m_closeReason : QStringLiteral("connection lost"));
}

void WebSocketConnection::halfCloseWhenWritten()
{
    if (m_socket->bytesToWrite() > 0) {
        connect(m_socket, &QIODevice::bytesWritten, this, &WebSocketConnection::halfCloseWhenWritten, Qt::UniqueConnection);
        return;
    }
    disconnect(m_socket, &QIODevice::bytesWritten, this, &WebSocketConnection::halfCloseWhenWritten);
    if (m_plainDescriptor >= 0)
        ::shutdown(int(m_plainDescriptor), SHUT_WR);
    else
        m_socket->disconnectFromHost(); // TLS: close_notify is its half-close
}

void WebSocketConnection::onControl(int opcode, const QByteArray &payload)
{
    switch (opcode) {
    case WebSocketOpcode::Ping:
        if (m_state == State::Open)
            writeFrame(WebSocketOpcode::Pong, payload.constData(), payload.size());
        return;
    case WebSocketOpcode::Pong:
        emit pongReceived(payload);
        return;
    case WebSocketOpcode::Close:
        break;
    default:
        return;
    }
    quint16 code = WebSocketCloseCode::NoStatus;
    QString reason;
    if (payload.size() == 1) {
        code = WebSocketCloseCode::ProtocolError;
        reason = QStringLiteral("close frame with a one-byte payload");
    } else if (payload.size() >= 2) {
        code = qFromBigEndian<quint16>(payload.constData());
        reason = QString::fromUtf8(payload.mid(2));
        if (!isValidReceivedCloseCode(code)) {
            reason = QStringLiteral("invalid close code %1").arg(code);
            code = WebSocketCloseCode::ProtocolError;
        }
    }
    if (m_state == State::Open) {
        // The peer starts the close: echo its code, then end the TCP connection (the server
        // closes first, RFC 6455 section 7.1.1).
        const quint16 reply = code == WebSocketCloseCode::NoStatus ? WebSocketCloseCode::Normal : code;
        const quint16 big = qToBigEndian(reply);
        writeFrame(WebSocketOpcode::Close, reinterpret_cast<const char *>(&big), 2);
        m_state = State::Closing;
        m_closeCode = code;
        m_closeReason = reason;
    }
    m_socket->disconnectFromHost();
    m_closeTimer.start(m_limits.closeTimeoutMs, this);
}

void WebSocketConnection::writeFrame(int opcode, const char *data, qsizetype size)
{
    // Frames gathered earlier go first, so the order on the wire is the order of the calls.
    flushCoalesced();
    char header[10];
    const int length = frameHeader(header, opcode, size);
    writeToSocket(header, length, data, size);
}

void WebSocketConnection::writeToSocket(const char *head, qsizetype headSize, const char *data, qsizetype size)
{
    DirectWrite::write(m_socket, m_plainDescriptor, QByteArrayView(head, headSize), QByteArrayView(data, size));
}


void WebSocketConnection::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_closeTimer.timerId()) {
        PipeEndpoint::timerEvent(event);
        return;
    }
    // The peer did not answer our close frame in time.
    m_closeTimer.stop();
    m_socket->abort();
    finish(m_closeCode, m_closeReason);
}

void WebSocketConnection::forgetRequestHeaders()
{
    m_request.headers = {};
}

void WebSocketConnection::setCoalescingWrites(bool on)
{
    m_coalescing = on;
    if (!on)
        flushCoalesced();
}

void WebSocketConnection::flushCoalesced()
{
    m_flushScheduled = false;
    if (m_coalesced.isEmpty())
        return;
    if (m_state != State::Closed)
        writeToSocket(m_coalesced.constData(), m_coalesced.size(), nullptr, 0);
    if (m_coalesced.capacity() > kKeptCoalescingCapacity)
        m_coalesced = QByteArray();
    else
        m_coalesced.resize(0);
    // pendingBytes() counted the gathered frames; whoever held back for them may go on (what
    // the kernel did not take is in Qt's buffer, which reports its own progress).
    emit wrote();
}

void WebSocketConnection::send(const QByteArray &data, bool text)
{
    if (m_state != State::Open)
        return;
    const int opcode = text ? WebSocketOpcode::Text : WebSocketOpcode::Binary;
    if (m_coalescing && data.size() <= kLargestCoalescedMessage) {
        char header[10];
        const int length = frameHeader(header, opcode, data.size());
        m_coalesced.append(header, length);
        m_coalesced.append(data);
        if (!m_flushScheduled) {
            m_flushScheduled = true;
            QMetaObject::invokeMethod(this, &WebSocketConnection::flushCoalesced, Qt::QueuedConnection);
        }
        return;
    }
    writeFrame(opcode, data.constData(), data.size());
    // Anything Qt queued would wait for the next pass of the event loop; handing it to the
    // kernel now saves that latency on every relayed message (and never blocks).
    if (m_socket->bytesToWrite() > 0)
        m_socket->flush();
}

void WebSocketConnection::ping(const QByteArray &payload)
{
    if (m_state == State::Open)
        writeFrame(WebSocketOpcode::Ping, payload.constData(), std::min<qsizetype>(payload.size(), 125));
}

qint64 WebSocketConnection::pendingBytes() const
{
    return m_socket->bytesToWrite() + m_coalesced.size();
}

void WebSocketConnection::pauseReading()
{
    m_paused = true;
}

void WebSocketConnection::resumeReading()
{
    if (!m_paused)
        return;
    m_paused = false;
    if (m_socket->bytesAvailable() > 0 || m_socket->state() == QAbstractSocket::UnconnectedState)
        QMetaObject::invokeMethod(this, &WebSocketConnection::readAvailable, Qt::QueuedConnection);
}

void WebSocketConnection::close(quint16 code, const QString &reason)
{
    if (m_state != State::Open)
        return;
    // A control frame holds 125 bytes: the code and at most 123 bytes of reason.
    QByteArray payload(2, Qt::Uninitialized);
    qToBigEndian<quint16>(code, payload.data());
    QByteArray text = reason.toUtf8();
    if (text.size() > 123) {
        text.truncate(123);
        while (!text.isEmpty() && (quint8(text.back()) & 0xC0) == 0x80) // no half characters
            text.chop(1);
        if (!text.isEmpty() && quint8(text.back()) >= 0xC0)
            text.chop(1);
    }
    payload += text;
    writeFrame(WebSocketOpcode::Close, payload.constData(), payload.size());
    m_state = State::Closing;
    m_closeCode = code;
    m_closeReason = reason;
    m_closeTimer.start(m_limits.closeTimeoutMs, this);
}

void WebSocketConnection::abort()
{
    m_socket->abort();
    finish(m_state == State::Closing ? m_closeCode : WebSocketCloseCode::Abnormal,
           m_state == State::Closing ? m_closeReason : QStringLiteral("aborted"));
}

void WebSocketConnection::finish(quint16 code, const QString &reason)
{
    if (m_state == State::Closed)
        return;
    m_state = State::Closed;
    m_closeTimer.stop();
    emit closed(code, reason);
}

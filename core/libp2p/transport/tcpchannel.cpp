#include "tcpchannel.h"

#include "tcpwritebatch.h"

#include <QPointer>
#include <QSslSocket>

#include <cerrno>
#include <sys/socket.h>

namespace Libp2p {

namespace {
constexpr quint16 NormalClose = 1000;
constexpr quint16 ConnectionLost = 1006;
} // namespace

TcpChannel::TcpChannel(QTcpSocket *socket, const Limits &limits, QObject *parent)
    : PipeEndpoint(parent),
      m_socket(socket),
      m_limits(limits),
      m_peerAddress(socket->peerAddress()),
      m_peerPort(socket->peerPort()),
      m_closeReason(QStringLiteral("connection closed by peer"))
{
    socket->setParent(this);
    socket->setReadBufferSize(limits.readBufferBytes);
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    // TLS has no half-close of its own: only a plain socket can be shut down for writing alone.
    if (!qobject_cast<QSslSocket *>(socket))
        m_plainDescriptor = socket->socketDescriptor();
    m_closeTimer.setSingleShot(true);
    connect(&m_closeTimer, &QTimer::timeout, this, [this] {
        // The peer did not take our last bytes in time.
        m_socket->abort();
        finish(m_closeCode, m_closeReason);
    });
    connect(socket, &QIODevice::readyRead, this, &TcpChannel::readAvailable);
    connect(socket, &QIODevice::bytesWritten, this, &PipeEndpoint::wrote);
    connect(socket, &QAbstractSocket::errorOccurred, this, [this](QAbstractSocket::SocketError error) {
        // The peer's FIN shows up as RemoteHostClosedError: an orderly end. Anything else (a
        // reset, a timeout) is a lost connection.
        if (error != QAbstractSocket::RemoteHostClosedError && !m_closeRequested) {
            m_closeCode = ConnectionLost;
            m_closeReason = m_socket->errorString();
        }
    });
    connect(socket, &QAbstractSocket::disconnected, this, &TcpChannel::onDisconnected);
    // Bytes may already wait in Qt's buffer (after a TLS handshake), or the peer may be gone.
    if (socket->bytesAvailable() > 0 || socket->state() != QAbstractSocket::ConnectedState) {
        QMetaObject::invokeMethod(
            this,
            [this] {
                if (m_socket->state() == QAbstractSocket::UnconnectedState)
                    m_disconnected = true;
                readAvailable();
            },
            Qt::QueuedConnection);
    }
}

TcpChannel::~TcpChannel()
{
    // The socket is our child and is destroyed after us: keep its last signals away.
    disconnect(m_socket, nullptr, this, nullptr);
}

QString TcpChannel::describe() const
{
    return QStringLiteral("tcp %1:%2").arg(m_peerAddress.toString()).arg(m_peerPort);
}

void TcpChannel::send(const QByteArray &data, bool)
{
    if (!isOpen() || m_writeFinished || data.isEmpty())
        return;
    if (TcpWriteBatch::isActive() || !m_held.isEmpty()) {
        if (m_held.isEmpty())
            TcpWriteBatch::enlist(this);
        m_held.append(data);
        // A batch that grows large goes out at once rather than waiting for the batch's end.
        if (m_held.size() >= HeldFlushBytes || !TcpWriteBatch::isActive())
            flushHeld();
        return;
    }
    writeNow(data);
}

void TcpChannel::flushHeld()
{
    if (m_held.isEmpty())
        return;
    const QByteArray data = std::exchange(m_held, QByteArray());
    if (m_closed || m_disconnected)
        return;
    writeNow(data);
    // Someone may have paused on pendingBytes() while these were held: they are out now.
    emit wrote();
}

void TcpChannel::writeNow(const QByteArray &data)
{
    const qsizetype written = writeDirectly(data);
    if (written == data.size())
        return;
    m_socket->write(data.constData() + written, data.size() - written);
    // Hand it to the kernel now rather than on the next event loop pass (never blocks).
    if (m_socket->bytesToWrite() > 0)
        m_socket->flush();
}

qsizetype TcpChannel::writeDirectly(const QByteArray &data)
{
    // Only while nothing waits in Qt's buffer (order), on a plain socket (TLS encrypts in Qt),
    // and on the descriptor we took over (Qt may have closed it and the number been reused).
    if (m_plainDescriptor < 0 || m_socket->bytesToWrite() > 0 || m_socket->state() != QAbstractSocket::ConnectedState
        || m_socket->socketDescriptor() != m_plainDescriptor)
        return 0;
    qsizetype written = 0;
    while (written < data.size()) {
        const ssize_t n = ::send(int(m_plainDescriptor), data.constData() + written, size_t(data.size() - written),
                                 MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0)
            written += n;
        else if (n < 0 && errno == EINTR)
            continue;
        else
            break; // EAGAIN: the rest queues in Qt's buffer; an error: Qt's own write reports it
    }
    return written;
}

qint64 TcpChannel::pendingBytes() const
{
    return m_socket->bytesToWrite() + m_held.size();
}

void TcpChannel::pauseReading()
{
    m_paused = true;
}

void TcpChannel::resumeReading()
{
    if (!m_paused)
        return;
    m_paused = false;
    // From the event loop: the caller may be in the middle of handling our last delivery.
    QMetaObject::invokeMethod(this, &TcpChannel::readAvailable, Qt::QueuedConnection);
}

void TcpChannel::readAvailable()
{
    if (m_reading || m_closed)
        return; // a slot resumed us from inside the loop below, which carries on by itself
    const QPointer<TcpChannel> self(this);
    m_reading = true;
    TcpWriteBatch batch; // what the handlers send in reply goes out once, after the loop
    while (!m_paused && !m_closeRequested && m_socket->bytesAvailable() > 0) {
        const QByteArray chunk = m_socket->read(std::min(m_socket->bytesAvailable(), m_limits.maxChunkBytes));
        if (chunk.isEmpty())
            break;
        emit received(chunk, false);
        if (!self)
            return;
    }
    m_reading = false;
    // The end comes after the bytes that preceded it; a paused reader holds it back.
    if (!m_disconnected || m_closed || (m_socket->bytesAvailable() > 0 && !m_closeRequested))
        return;
    if (!m_closeRequested && !m_readFinishedEmitted) {
        m_readFinishedEmitted = true;
        emit readFinished();
        if (!self)
            return;
    }
    finish(m_closeCode, m_closeReason);
}

void TcpChannel::onDisconnected()
{
    m_disconnected = true;
    readAvailable();
}

void TcpChannel::close(quint16 code, const QString &reason)
{
    if (m_closeRequested || m_closed)
        return;
    flushHeld(); // what was sent before the close goes first
    m_closeRequested = true;
    m_closeCode = code;
    m_closeReason = reason;
    if (m_socket->state() == QAbstractSocket::UnconnectedState) {
        finish(code, reason);
        return;
    }
    m_closeTimer.start(m_limits.closeTimeoutMs);
    // Writes what is queued, then closes; `disconnected` (possibly right away) ends it.
    m_socket->disconnectFromHost();
}

void TcpChannel::abort()
{
    if (m_closed)
        return;
    if (!m_closeRequested) {
        m_closeRequested = true;
        m_closeCode = ConnectionLost;
        m_closeReason = QStringLiteral("aborted");
    }
    m_held.clear();
    m_socket->abort();
    finish(m_closeCode, m_closeReason);
}

void TcpChannel::finishWriting()
{
    if (!isOpen() || m_writeFinished)
        return;
    flushHeld();
    m_writeFinished = true;
    shutdownWriteWhenFlushed();
}

void TcpChannel::shutdownWriteWhenFlushed()
{
    if (m_closed || m_closeRequested)
        return;
    if (m_socket->bytesToWrite() > 0) {
        connect(m_socket, &QIODevice::bytesWritten, this, &TcpChannel::shutdownWriteWhenFlushed, Qt::UniqueConnection);
        return;
    }
    disconnect(m_socket, &QIODevice::bytesWritten, this, &TcpChannel::shutdownWriteWhenFlushed);
    if (m_plainDescriptor >= 0)
        ::shutdown(int(m_plainDescriptor), SHUT_WR);
    else
        m_socket->disconnectFromHost(); // TLS: close_notify, then Qt closes both directions
}

void TcpChannel::finish(quint16 code, const QString &reason)
{
    if (m_closed)
        return;
    m_closed = true;
    m_closeTimer.stop();
    emit closed(code, reason);
}

} // namespace Libp2p

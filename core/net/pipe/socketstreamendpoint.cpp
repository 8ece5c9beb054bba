#include "socketstreamendpoint.h"

namespace {
// Qt reads at most this much from the kernel while we are not taking it, so a paused endpoint
// leaves the rest in the kernel and TCP pushes back on the sender.
constexpr qint64 kReadBufferBytes = 1024 * 1024;
constexpr qint64 kChunkBytes = 256 * 1024;
}

SocketStreamEndpoint::SocketStreamEndpoint(QTcpSocket *socket, QString label, QObject *parent)
    : PipeEndpoint(parent), m_socket(socket), m_label(std::move(label))
{
    socket->setParent(this);
    socket->setReadBufferSize(kReadBufferBytes);
    connect(socket, &QIODevice::readyRead, this, &SocketStreamEndpoint::readAvailable);
    connect(socket, &QIODevice::bytesWritten, this, &PipeEndpoint::wrote);
    connect(socket, &QAbstractSocket::disconnected, this, &SocketStreamEndpoint::lost);
}

void SocketStreamEndpoint::start()
{
    m_started = true;
    if (m_socket->state() != QAbstractSocket::ConnectedState)
        m_disconnected = true;
    QMetaObject::invokeMethod(this, &SocketStreamEndpoint::readAvailable, Qt::QueuedConnection);
}

void SocketStreamEndpoint::send(const QByteArray &data, bool)
{
    if (!m_closed)
        m_socket->write(data);
}

qint64 SocketStreamEndpoint::pendingBytes() const
{
    return m_socket->bytesToWrite();
}

void SocketStreamEndpoint::pauseReading()
{
    m_paused = true;
}

void SocketStreamEndpoint::resumeReading()
{
    if (!m_paused)
        return;
    m_paused = false;
    QMetaObject::invokeMethod(this, &SocketStreamEndpoint::readAvailable, Qt::QueuedConnection);
}

void SocketStreamEndpoint::readAvailable()
{
    if (!m_started || m_closed)
        return;
    while (!m_paused && !m_closed && m_socket->bytesAvailable() > 0)
        emit received(m_socket->read(kChunkBytes), false);
    // A peer that closed is over once what it sent before closing has been passed on.
    if (m_disconnected && m_socket->bytesAvailable() == 0)
        finish(1000, QStringLiteral("%1 closed").arg(m_label));
}

void SocketStreamEndpoint::lost()
{
    m_disconnected = true;
    readAvailable();
}

void SocketStreamEndpoint::close(quint16, const QString &)
{
    if (m_closed)
        return;
    // disconnectFromHost() writes out what is still buffered before closing.
    if (m_socket->state() == QAbstractSocket::ConnectedState)
        m_socket->disconnectFromHost();
    finish(1000, QString());
}

void SocketStreamEndpoint::finish(quint16 code, const QString &reason)
{
    if (m_closed)
        return;
    m_closed = true;
    emit closed(code, reason);
}

QString SocketStreamEndpoint::describe() const
{
    return QStringLiteral("%1 %2:%3").arg(m_label, m_socket->peerAddress().toString()).arg(m_socket->peerPort());
}

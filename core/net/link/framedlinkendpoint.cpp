#include "framedlinkendpoint.h"

#include <QTimer>
#include <QtEndian>

namespace {
// Qt reads at most this much from the kernel while frames wait here, so a paused endpoint leaves
// the rest in the kernel and TCP pushes back on the other node.
constexpr qint64 kReadBufferBytes = 1024 * 1024;
constexpr qint64 kReadChunkBytes = 256 * 1024;
constexpr qsizetype kHeaderBytes = 4;
// After a graceful close, the socket gets this long to write out what it holds.
constexpr int kCloseGraceMs = 5000;

QByteArray header(quint32 length)
{
    QByteArray bytes(kHeaderBytes, Qt::Uninitialized);
    qToBigEndian<quint32>(length, bytes.data());
    return bytes;
}
} // namespace

FramedLinkEndpoint::FramedLinkEndpoint(QTcpSocket *socket, QByteArray alreadyRead, QString label, QObject *parent)
    : PipeEndpoint(parent), m_socket(socket), m_label(std::move(label)), m_buffer(std::move(alreadyRead))
{
    socket->setParent(this);
    socket->setReadBufferSize(kReadBufferBytes);
    connect(socket, &QIODevice::readyRead, this, &FramedLinkEndpoint::readAvailable);
    connect(socket, &QIODevice::bytesWritten, this, &PipeEndpoint::wrote);
    connect(socket, &QAbstractSocket::disconnected, this, &FramedLinkEndpoint::lost);
}

void FramedLinkEndpoint::start()
{
    m_started = true;
    if (m_socket->state() != QAbstractSocket::ConnectedState)
        m_disconnected = true;
    QMetaObject::invokeMethod(this, &FramedLinkEndpoint::readAvailable, Qt::QueuedConnection);
}

void FramedLinkEndpoint::send(const QByteArray &data, bool)
{
    if (m_closed || m_finSent)
        return;
    for (qsizetype offset = 0; offset < data.size(); offset += kMaxFrameBytes) {
        const qsizetype length = qMin(kMaxFrameBytes, data.size() - offset);
        m_socket->write(header(quint32(length)));
        if (offset == 0 && length == data.size())
            m_socket->write(data); // shares the data, no copy
        else
            m_socket->write(data.constData() + offset, length);
    }
}

qint64 FramedLinkEndpoint::pendingBytes() const
{
    return m_socket->bytesToWrite();
}

void FramedLinkEndpoint::pauseReading()
{
    m_paused = true;
}

void FramedLinkEndpoint::resumeReading()
{
    if (!m_paused)
        return;
    m_paused = false;
    QMetaObject::invokeMethod(this, &FramedLinkEndpoint::readAvailable, Qt::QueuedConnection);
}

void FramedLinkEndpoint::finishWriting()
{
    if (m_closed || m_finSent)
        return;
    m_finSent = true;
    m_socket->write(header(0));
    finishIfBothEnded();
}

void FramedLinkEndpoint::readAvailable()
{
    if (!m_started || m_closed)
        return;
    for (;;) {
        if (!deliverFrames()) {
            finish(1002, QStringLiteral("%1 sent a malformed frame").arg(m_label), false);
            return;
        }
        if (m_paused || m_closed || m_socket->bytesAvailable() == 0)
            break;
        if (m_offset > 0) {
            m_buffer.remove(0, m_offset);
            m_offset = 0;
        }
        m_buffer += m_socket->read(kReadChunkBytes);
    }
    // The other node went away: over once what it sent before has been passed on. Without both
    // FINs that is a reset of the circuit, not its end.
    if (m_disconnected && !m_closed && m_socket->bytesAvailable() == 0 && (m_offset == m_buffer.size() || !m_paused))
        finish(1006, QStringLiteral("%1 lost").arg(m_label), false);
}

bool FramedLinkEndpoint::deliverFrames()
{
    while (!m_paused && !m_closed && m_buffer.size() - m_offset >= kHeaderBytes) {
        const quint32 length = qFromBigEndian<quint32>(m_buffer.constData() + m_offset);
        if (length > quint32(kMaxFrameBytes) || m_finReceived)
            return false;
        if (length == 0) {
            m_offset += kHeaderBytes;
            m_finReceived = true;
            emit readFinished();
            finishIfBothEnded();
            continue;
        }
        if (m_buffer.size() - m_offset - kHeaderBytes < qsizetype(length))
            break;
        const QByteArray data = m_buffer.mid(m_offset + kHeaderBytes, length);
        m_offset += kHeaderBytes + length;
        emit received(data, false);
    }
    return true;
}

void FramedLinkEndpoint::lost()
{
    m_disconnected = true;
    readAvailable();
}

void FramedLinkEndpoint::finishIfBothEnded()
{
    if (m_finSent && m_finReceived)
        finish(1000, QString(), true);
}

void FramedLinkEndpoint::close(quint16 code, const QString &reason)
{
    finish(code, reason, m_finSent && m_finReceived);
}

void FramedLinkEndpoint::finish(quint16 code, const QString &reason, bool graceful)
{
    if (m_closed)
        return;
    m_closed = true;
    if (graceful && m_socket->state() == QAbstractSocket::ConnectedState) {
        // disconnectFromHost() writes out what is buffered first.
        connect(m_socket, &QAbstractSocket::disconnected, this, &QObject::deleteLater);
        QTimer::singleShot(kCloseGraceMs, this, &QObject::deleteLater);
        m_socket->disconnectFromHost();
    } else {
        disconnect(m_socket, &QAbstractSocket::disconnected, this, nullptr);
        m_socket->abort();
        deleteLater();
    }
    emit closed(code, reason);
}

QString FramedLinkEndpoint::describe() const
{
    return QStringLiteral("%1 %2:%3").arg(m_label, m_socket->peerAddress().toString()).arg(m_socket->peerPort());
}

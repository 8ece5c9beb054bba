#include "yamuxstream.h"

#include "log/logcategories.h"
#include "yamuxsession.h"

#include <QTimer>

#include <algorithm>

using Yamux::FrameHeader;
using Yamux::FrameType;
namespace Flag = Yamux::Flag;

namespace {
// A peer may announce any window; past this it makes no difference, and the sum of its window
// updates cannot overflow.
constexpr qint64 MaxSendWindow = qint64(1) << 40;
}

YamuxStream::YamuxStream(YamuxSession *session, quint32 id, bool inbound, quint32 receiveWindowBytes, int closeLingerMs)
    : PipeEndpoint(session), m_session(session), m_id(id), m_inbound(inbound), m_closeLingerMs(closeLingerMs),
      m_recvWindowSize(receiveWindowBytes)
{
    // An inbound stream starts with the spec's window; the rest is announced with a window
    // update. An outbound one announces it with its SYN (YamuxSession::openStream).
    if (inbound)
        m_unannounced = receiveWindowBytes - Yamux::InitialWindowBytes;
}

YamuxStream::~YamuxStream()
{
    // Deleted by its owner before it ended (the session deletes ended streams itself): reset it,
    // so the peer does not wait on it forever.
    if (!m_closed && m_session && m_session->isOpen()) {
        m_closed = true;
        YamuxSession::Batch batch(m_session);
        sendReset();
        m_session->streamFinished(this);
    }
}

QString YamuxStream::describe() const
{
    return QStringLiteral("yamux stream %1 (%2) on %3")
        .arg(m_id)
        .arg(m_inbound ? QStringLiteral("inbound") : QStringLiteral("outbound"))
        .arg(m_session && m_session->connection() ? m_session->connection()->describe() : QStringLiteral("a closed session"));
}

void YamuxStream::send(const QByteArray &data, bool)
{
    if (m_closed || m_closeRequested || m_finQueued || !m_session) {
        qCDebug(lcLibp2p).noquote() << describe() << ": dropping" << data.size() << "bytes sent after the write side ended";
        return;
    }
    if (data.isEmpty())
        return;
    m_queue.append(data);
    m_queuedBytes += data.size();
    YamuxSession::Batch batch(m_session);
    m_inSend = true;
    m_session->flushData();
    m_inSend = false;
}

void YamuxStream::finishWriting()
{
    if (m_closed || m_closeRequested || m_finQueued || !m_session)
        return;
    m_finQueued = true;
    // The FIN goes out after the queued data, when the session reaches this stream.
    YamuxSession::Batch batch(m_session);
    m_session->flushData();
}

void YamuxStream::pauseReading()
{
    m_paused = true;
}

void YamuxStream::resumeReading()
{
    if (!m_paused)
        return;
    m_paused = false;
    if (m_closed)
        return;
    if (!m_received.isEmpty() || (m_remoteFin && !m_readFinished)) {
        // Delivered from the event loop: resumeReading() is typically called from inside another
        // endpoint's `wrote` handler, which should not be re-entered with new data.
        scheduleDelivery();
        return;
    }
    // What was consumed before the pause may be owed to the peer.
    YamuxSession::Batch batch(m_session);
    maybeSendWindowUpdate();
}

void YamuxStream::close(quint16 code, const QString &reason)
{
    if (m_closed || m_closeRequested)
        return;
    YamuxSession::Batch batch(m_session);
    if (m_finQueued && m_remoteFin) {
        // Both directions are finished; only our queued data and FIN may still be on their way.
        // Let them go rather than reset: the peer is owed those bytes.
        m_received.clear();
        m_bufferedBytes = 0;
        m_readFinished = true; // nothing more is delivered after close()
        m_closeCode = code;
        m_closeReason = reason;
        if (m_finSent) {
            finish(code, reason);
            return;
        }
        m_closeRequested = true;
        m_linger = new QTimer(this);
        m_linger->setSingleShot(true);
        connect(m_linger, &QTimer::timeout, this, [this] {
            qCDebug(lcLibp2p).noquote() << describe() << ": queued data did not go out in time, resetting";
            YamuxSession::Batch batch(m_session);
            sendReset();
            finish(m_closeCode, m_closeReason);
        });
        m_linger->start(m_closeLingerMs);
        return;
    }
    sendReset();
    finish(code, reason);
}

void YamuxStream::acknowledge()
{
    if (!m_needsAck || m_closed || !m_session)
        return;
    YamuxSession::Batch batch(m_session);
    sendWindowUpdateNow();
}

void YamuxStream::sendWindowUpdateNow()
{
    if (m_closed || !m_session)
        return;
    // Gives back what was consumed, unless paused (that is the backpressure), and in any case
    // announces a window above 256 KiB: that much buffering was configured, whatever the pace.
    const quint32 consumed = quint32(m_recvWindowSize - m_recvAvailable - m_bufferedBytes);
    const quint32 delta = m_paused || m_remoteFin ? m_unannounced : consumed;
    m_unannounced = 0;
    m_recvAvailable += delta;
    m_session->writeFrame({FrameType::WindowUpdate, takeOpenFlags(), m_id, delta});
}

bool YamuxStream::handleFrame(const FrameHeader &header, QByteArray &&payload, QString &error)
{
    QPointer<YamuxStream> self(this);
    if (header.type == FrameType::WindowUpdate && header.length > 0)
        m_sendWindow = std::min(m_sendWindow + qint64(header.length), MaxSendWindow); // the session flushes after the input
    if (header.type == FrameType::Data && header.length > 0) {
        // Exactly what js-libp2p-yamux enforces on us: no more than the window we granted.
        if (header.length > m_recvAvailable) {
            error = QStringLiteral("stream %1 sent %2 bytes with only %3 left in its window")
                        .arg(m_id)
                        .arg(header.length)
                        .arg(m_recvAvailable);
            return false;
        }
        m_recvAvailable -= header.length;
        if (m_remoteFin) {
            qCDebug(lcLibp2p).noquote() << describe() << ": data after FIN, resetting";
            sendReset();
            finish(1002, QStringLiteral("peer sent data after FIN"));
            return true;
        }
        if (!header.has(Flag::Rst))
            receiveData(std::move(payload));
        if (!self || m_closed)
            return true; // the handler closed it
    }
    if (header.has(Flag::Rst)) {
        finish(1006, QStringLiteral("reset by peer"));
        return true;
    }
    if (header.has(Flag::Fin) && !m_remoteFin) {
        m_remoteFin = true;
        if (!m_paused && m_received.isEmpty() && !m_deliveryScheduled)
            deliverReadFinished();
        // Otherwise readFinished follows the held data when reading resumes.
    }
    return true;
}

void YamuxStream::receiveData(QByteArray &&data)
{
    if (m_closeRequested)
        return; // close() already gave up on reading
    if (m_paused || !m_received.isEmpty() || m_deliveryScheduled) {
        // Held within the window: no window update is sent for it until it is delivered.
        m_bufferedBytes += data.size();
        m_received.append(std::move(data));
        return;
    }
    QPointer<YamuxStream> self(this);
    emit received(data, false);
    if (self && !m_closed)
        maybeSendWindowUpdate();
}

void YamuxStream::scheduleDelivery()
{
    if (m_deliveryScheduled)
        return;
    m_deliveryScheduled = true;
    QMetaObject::invokeMethod(this, &YamuxStream::deliverBuffered, Qt::QueuedConnection);
}

void YamuxStream::deliverBuffered()
{
    m_deliveryScheduled = false;
    if (m_closed)
        return;
    YamuxSession::Batch batch(m_session);
    QPointer<YamuxStream> self(this);
    while (!m_paused && !m_received.isEmpty()) {
        const QByteArray chunk = m_received.takeFirst();
        m_bufferedBytes -= chunk.size();
        emit received(chunk, false);
        if (!self || m_closed)
            return;
    }
    if (m_paused)
        return; // paused again by the handler: the rest waits, and so does the window update
    if (m_remoteFin && !m_readFinished) {
        deliverReadFinished();
        if (!self || m_closed)
            return;
    }
    maybeSendWindowUpdate();
}

void YamuxStream::deliverReadFinished()
{
    m_readFinished = true;
    QPointer<YamuxStream> self(this);
    emit readFinished();
    if (self)
        finishIfDone();
}

void YamuxStream::maybeSendWindowUpdate()
{
    // Paused: the peer must run into its window; that is the backpressure. After its FIN the
    // peer sends nothing more, so it needs no window.
    if (m_closed || m_paused || m_remoteFin || !m_session)
        return;
    const quint32 consumed = quint32(m_recvWindowSize - m_recvAvailable - m_bufferedBytes);
    // Giving back half a window at a time keeps the peer sending without one update per frame.
    if (consumed == 0 || consumed < m_recvWindowSize / 2)
        return;
    m_unannounced = 0; // part of `consumed`
    m_recvAvailable += consumed;
    m_session->writeFrame({FrameType::WindowUpdate, takeOpenFlags(), m_id, consumed});
}

quint16 YamuxStream::takeOpenFlags()
{
    if (!m_needsAck)
        return 0;
    m_needsAck = false;
    if (m_session)
        m_session->streamAcknowledged();
    return Flag::Ack;
}

QByteArray YamuxStream::takeQueued(qint64 bytes)
{
    m_queuedBytes -= bytes;
    QByteArray &head = m_queue.first();
    if (m_headOffset == 0 && head.size() == bytes) {
        // A whole chunk as the application sent it: no copy.
        QByteArray out = std::move(head);
        m_queue.removeFirst();
        return out;
    }
    QByteArray out;
    out.reserve(bytes);
    while (out.size() < bytes) {
        const QByteArray &chunk = m_queue.first();
        const qsizetype take = std::min<qsizetype>(bytes - out.size(), chunk.size() - m_headOffset);
        out.append(chunk.constData() + m_headOffset, take);
        m_headOffset += take;
        if (m_headOffset == chunk.size()) {
            m_queue.removeFirst();
            m_headOffset = 0;
        }
    }
    return out;
}

bool YamuxStream::writeNextFrame(qint64 maxDataBytes)
{
    if (m_closed || m_finSent || !m_session)
        return false;
    if (m_queuedBytes > 0) {
        if (m_sendWindow <= 0)
            return false; // waiting for the peer's window update
        const qint64 size = std::min({m_queuedBytes, m_sendWindow, maxDataBytes});
        const QByteArray payload = takeQueued(size);
        quint16 flags = takeOpenFlags();
        if (m_queuedBytes == 0 && m_finQueued) {
            flags |= Flag::Fin; // the last bytes carry the FIN: one frame less
            m_finSent = true;
        }
        m_sendWindow -= size;
        m_session->writeFrame({FrameType::Data, flags, m_id, quint32(size)}, payload);
        if (m_finSent)
            finishIfDone();
        return true;
    }
    if (m_finQueued) {
        m_finSent = true;
        m_session->writeFrame({FrameType::WindowUpdate, quint16(takeOpenFlags() | Flag::Fin), m_id, 0});
        finishIfDone();
        return true;
    }
    return false;
}

void YamuxStream::sendReset()
{
    if (m_session && m_session->isOpen())
        m_session->writeFrame({FrameType::WindowUpdate, Flag::Rst, m_id, 0});
}

void YamuxStream::finishIfDone()
{
    if (!m_closed && m_finSent && m_readFinished)
        finish(m_closeRequested ? m_closeCode : 1000, m_closeRequested ? m_closeReason : QString());
}

void YamuxStream::sessionEnded(quint16 code, const QString &reason)
{
    finish(code, reason);
}

void YamuxStream::finish(quint16 code, const QString &reason)
{
    if (m_closed)
        return;
    m_closed = true;
    if (m_linger)
        m_linger->stop();
    m_queue.clear();
    m_queuedBytes = 0;
    m_headOffset = 0;
    m_received.clear();
    m_bufferedBytes = 0;
    if (m_session)
        m_session->streamFinished(this);
    emit closed(code, reason);
    deleteLater();
}

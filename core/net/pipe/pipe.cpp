#include "pipe.h"

#include "sessions/sessionregistry.h"

#include <QThread>
#include <QTimerEvent>

Pipe::Pipe(PipeEndpoint *a, PipeEndpoint *b, SessionRegistry *registry, QString sessionKey,
           const QLoggingCategory &log, const Options &options, QObject *parent)
    : QObject(parent), m_registry(registry), m_sessionKey(std::move(sessionKey)), m_log(log), m_options(options)
{
    m_a.endpoint = a;
    m_b.endpoint = b;
}

void Pipe::start(const Messages &earlyFromA, const Messages &earlyFromB)
{
    m_countsDirectly = !m_registry || m_registry->thread() == QThread::currentThread();
    PipeEndpoint *a = m_a.endpoint;
    PipeEndpoint *b = m_b.endpoint;
    if (!a || !b) {
        // One side was deleted between meeting and starting (it left while the pipe moved to
        // its thread): the survivor is closed, and, since the pipe never listened to it, counted
        // closed here too, which ends the pipe.
        Side &gone = a ? m_b : m_a;
        Side &survivor = a ? m_a : m_b;
        sideClosed(gone, survivor, 1006, QStringLiteral("gone before pairing"));
        sideClosed(survivor, gone, 1006, QStringLiteral("gone before pairing"));
        return;
    }
    for (const auto &[data, text] : earlyFromA)
        forward(m_a, m_b, data, text);
    for (const auto &[data, text] : earlyFromB)
        forward(m_b, m_a, data, text);

    connect(a, &PipeEndpoint::received, this, [this](const QByteArray &d, bool t) { forward(m_a, m_b, d, t); });
    connect(b, &PipeEndpoint::received, this, [this](const QByteArray &d, bool t) { forward(m_b, m_a, d, t); });
    connect(a, &PipeEndpoint::wrote, this, [this] { relieve(m_b, m_a); });
    connect(b, &PipeEndpoint::wrote, this, [this] { relieve(m_a, m_b); });
    connect(a, &PipeEndpoint::closed, this, [this](quint16 c, const QString &r) { sideClosed(m_a, m_b, c, r); });
    connect(b, &PipeEndpoint::closed, this, [this](quint16 c, const QString &r) { sideClosed(m_b, m_a, c, r); });
    connect(a, &PipeEndpoint::readFinished, this, [this] { sideFinishedReading(m_a, m_b); });
    connect(b, &PipeEndpoint::readFinished, this, [this] { sideFinishedReading(m_b, m_a); });

    // Whoever waited may have been paused while its early messages were held; from here on the
    // pipe's own backpressure decides.
    if (!m_a.pausedByUs && a->isOpen())
        a->resumeReading();
    if (!m_b.pausedByUs && b->isOpen())
        b->resumeReading();
    // A side that went away before the pipe began still ends it.
    if (!a->isOpen())
        sideClosed(m_a, m_b, 1006, QStringLiteral("gone before pairing"));
    else if (!b->isOpen())
        sideClosed(m_b, m_a, 1006, QStringLiteral("gone before pairing"));
}

void Pipe::closeBoth(quint16 code, const QString &reason)
{
    // Closing one side is enough for a peer that answers; both are closed so that neither
    // waits for the other's close handshake.
    if (m_a.endpoint && !m_a.closed)
        m_a.endpoint->close(code, reason);
    if (m_b.endpoint && !m_b.closed)
        m_b.endpoint->close(code, reason);
}

void Pipe::forward(Side &from, Side &to, const QByteArray &data, bool text)
{
    if (to.closed || !to.endpoint)
        return;
    to.endpoint->send(data, text);
    count(data.size());
    if (!from.pausedByUs && to.endpoint->pendingBytes() > m_options.highWaterBytes && from.endpoint) {
        from.pausedByUs = true;
        from.endpoint->pauseReading();
    }
}

void Pipe::count(qint64 bytes)
{
    if (!m_registry) // none for a node-to-node link: the node that holds the session counts it
        return;
    if (m_countsDirectly) {
        m_registry->addBytes(m_sessionKey, quint64(bytes), quint64(bytes));
        return;
    }
    m_uncounted += bytes;
    if (!m_countTimer.isActive())
        m_countTimer.start(kCountIntervalMs, this);
}

void Pipe::flushCount()
{
    m_countTimer.stop();
    if (m_uncounted == 0)
        return;
    const quint64 bytes = quint64(m_uncounted);
    m_uncounted = 0;
    // The registry outlives every pipe: PipeThreads ends its workers before the relay goes.
    SessionRegistry *registry = m_registry;
    QMetaObject::invokeMethod(
        registry, [registry, key = m_sessionKey, bytes] { registry->addBytes(key, bytes, bytes); }, Qt::QueuedConnection);
}

void Pipe::timerEvent(QTimerEvent *event)
{
    if (event->timerId() == m_countTimer.timerId())
        flushCount();
    else
        QObject::timerEvent(event);
}

void Pipe::relieve(Side &reader, Side &writer)
{
    if (!reader.pausedByUs || !writer.endpoint || writer.endpoint->pendingBytes() > m_options.lowWaterBytes)
        return;
    reader.pausedByUs = false;
    if (reader.endpoint)
        reader.endpoint->resumeReading();
}

void Pipe::sideFinishedReading(Side &side, Side &other)
{
    if (side.readFinished)
        return;
    side.readFinished = true;
    if (!other.closed && other.endpoint)
        other.endpoint->finishWriting();
}

void Pipe::sideClosed(Side &side, Side &other, quint16 code, const QString &reason)
{
    if (side.closed)
        return;
    side.closed = true;
    if (!other.closed) {
        qCInfo(m_log).noquote() << m_sessionKey << ": closed by" << (side.endpoint ? side.endpoint->describe() : QStringLiteral("a peer"))
                                << "with" << code << (reason.isEmpty() ? QString() : QStringLiteral("(%1)").arg(reason));
        if (other.endpoint) {
            // Whatever the survivor was sent is still queued before this close frame.
            // 1005 and 1006 describe a close, they are never sent in one.
            const bool forward = m_options.forwardCloseCode && code != 1005 && code != 1006;
            other.endpoint->close(forward ? code : m_options.peerClosedCode,
                                  forward ? reason : QStringLiteral("peer closed"));
            if (other.pausedByUs)
                other.endpoint->resumeReading(); // let it read its peer's close answer
        }
        if (!other.endpoint)
            other.closed = true;
    }
    if (m_a.closed && m_b.closed && !m_finished) {
        m_finished = true;
        // Queued before `finished`, so the session's last bytes are counted before it ends.
        flushCount();
        emit finished();
        deleteLater();
    }
}

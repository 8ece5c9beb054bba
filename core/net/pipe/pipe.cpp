#include "pipe.h"

#include "sessions/sessionregistry.h"

Pipe::Pipe(PipeEndpoint *a, PipeEndpoint *b, SessionRegistry *registry, QString sessionKey,
           const QLoggingCategory &log, const Options &options, QObject *parent)
    : QObject(parent), m_registry(registry), m_sessionKey(std::move(sessionKey)), m_log(log), m_options(options)
{
    m_a.endpoint = a;
    m_b.endpoint = b;
}

void Pipe::start(const Messages &earlyFromA, const Messages &earlyFromB)
{
    for (const auto &[data, text] : earlyFromA)
        forward(m_a, m_b, data, text);
    for (const auto &[data, text] : earlyFromB)
        forward(m_b, m_a, data, text);

    PipeEndpoint *a = m_a.endpoint;
    PipeEndpoint *b = m_b.endpoint;
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

void Pipe::forward(Side &from, Side &to, const QByteArray &data, bool text)
{
    if (to.closed || !to.endpoint)
        return;
    to.endpoint->send(data, text);
    if (m_registry) // none for a node-to-node link: the node that holds the session counts it
        m_registry->addBytes(m_sessionKey, quint64(data.size()), quint64(data.size()));
    if (!from.pausedByUs && to.endpoint->pendingBytes() > m_options.highWaterBytes && from.endpoint) {
        from.pausedByUs = true;
        from.endpoint->pauseReading();
    }
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
        emit finished();
        deleteLater();
    }
}

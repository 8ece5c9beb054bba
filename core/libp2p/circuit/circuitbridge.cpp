#include "circuitbridge.h"

#include "log/logcategories.h"
#include "net/pipe/pipe.h"
#include "net/pipe/pipeendpoint.h"

namespace Libp2p::Circuit {

namespace {
// WebSocket-style code for "policy violation": the limit was exceeded, the streams are reset.
constexpr quint16 LimitExceededCode = 1008;
} // namespace

CircuitBridge::CircuitBridge(PipeEndpoint *source, QByteArray sourceEarly, PipeEndpoint *target, QByteArray targetEarly,
                             SessionRegistry *registry, QString sessionKey, const Limits &limits, QObject *parent)
    : QObject(parent),
      m_source(source),
      m_target(target),
      m_sourceEarly(std::move(sourceEarly)),
      m_targetEarly(std::move(targetEarly)),
      m_registry(registry),
      m_sessionKey(std::move(sessionKey)),
      m_limits(limits)
{
    m_duration.setSingleShot(true);
    connect(&m_duration, &QTimer::timeout, this, [this] { reset(QStringLiteral("circuit duration limit reached")); });
}

void CircuitBridge::start()
{
    if (!m_source || !m_target) {
        // One side vanished between the handshake and now: the other cannot be served.
        if (m_source)
            m_source->close(1011, QStringLiteral("circuit peer gone"));
        if (m_target)
            m_target->close(1011, QStringLiteral("circuit peer gone"));
        emit finished();
        deleteLater();
        return;
    }
    Pipe::Options options;
    // The yamux windows (256 KiB) already bound what each stream holds; keep the Pipe's own
    // backlog in the same range so a slow target pushes back on the source quickly.
    options.highWaterBytes = 512 * 1024;
    options.lowWaterBytes = 128 * 1024;
    auto *pipe = new Pipe(m_source, m_target, m_registry, m_sessionKey, lcLibp2p(), options, this);
    connect(pipe, &Pipe::finished, this, [this] {
        m_duration.stop();
        emit finished();
        deleteLater();
    });
    // Connected after the Pipe: a chunk is forwarded, then counted; the chunk that crosses the
    // limit resets the circuit (so at most one yamux frame beyond the limit gets through).
    connect(m_source, &PipeEndpoint::received, this,
            [this](const QByteArray &data, bool) { count(m_fromSource, data.size()); });
    connect(m_target, &PipeEndpoint::received, this,
            [this](const QByteArray &data, bool) { count(m_fromTarget, data.size()); });
    if (m_limits.durationSeconds > 0)
        m_duration.start(std::chrono::seconds(m_limits.durationSeconds));

    Pipe::Messages fromSource;
    Pipe::Messages fromTarget;
    if (!m_sourceEarly.isEmpty())
        fromSource.append({m_sourceEarly, false});
    if (!m_targetEarly.isEmpty())
        fromTarget.append({m_targetEarly, false});
    const qsizetype sourceEarly = m_sourceEarly.size();
    const qsizetype targetEarly = m_targetEarly.size();
    m_sourceEarly.clear();
    m_targetEarly.clear();
    pipe->start(fromSource, fromTarget);
    count(m_fromSource, sourceEarly);
    count(m_fromTarget, targetEarly);
    // The handshakes paused both streams so nothing arrived unforwarded; the Pipe reads now.
    if (m_source)
        m_source->resumeReading();
    if (m_target)
        m_target->resumeReading();
}

void CircuitBridge::count(quint64 &counter, qsizetype bytes)
{
    counter += quint64(bytes);
    if (m_limits.dataBytes > 0 && counter > m_limits.dataBytes)
        reset(QStringLiteral("circuit data limit of %1 bytes exceeded").arg(m_limits.dataBytes));
}

void CircuitBridge::reset(const QString &reason)
{
    if (m_resetting)
        return;
    m_resetting = true;
    qCInfo(lcLibp2p).noquote() << m_sessionKey << ":" << reason;
    // close() on an open yamux stream is a RST: both peers learn at once that the circuit died.
    if (m_source)
        m_source->close(LimitExceededCode, reason);
    if (m_target)
        m_target->close(LimitExceededCode, reason);
}

} // namespace Libp2p::Circuit

#include "yamuxsession.h"

#include "log/logcategories.h"
#include "yamuxstream.h"

#include <algorithm>

using Yamux::FrameHeader;
using Yamux::FrameType;
namespace Flag = Yamux::Flag;

namespace {
// Pings this side sent and still waits for; older ones are forgotten (their answer is ignored).
constexpr int MaxOutstandingPings = 16;
}

YamuxSession::Batch::Batch(YamuxSession *session) : m_session(session)
{
    if (session)
        ++session->m_batchDepth;
}

YamuxSession::Batch::~Batch()
{
    if (m_session && --m_session->m_batchDepth == 0)
        m_session->flushOut();
}

YamuxSession::YamuxSession(PipeEndpoint *connection, Role role, const Options &options, QObject *parent)
    : QObject(parent), m_conn(connection), m_role(role), m_options(options),
      // No data frame can legitimately be longer than the window we grant.
      m_reader(std::max(options.receiveWindowBytes, Yamux::InitialWindowBytes)),
      m_nextId(role == Role::Client ? 1 : 2)
{
    // The spec fixes the initial window at 256 KiB: a smaller one cannot be announced.
    m_options.receiveWindowBytes = std::max(m_options.receiveWindowBytes, Yamux::InitialWindowBytes);
    m_options.maxDataFrameBytes = std::clamp<quint32>(m_options.maxDataFrameBytes, 1024, 16 * 1024 * 1024);
    m_options.writeHighWaterBytes = std::max<qint64>(m_options.writeHighWaterBytes, 1);
    // Stream data alone may take the backlog to the high-water mark plus one frame; reading
    // must only stop beyond that, or a busy session would stop reading its own window updates.
    m_options.readPauseBytes = std::max<qint64>(
        m_options.readPauseBytes, m_options.writeHighWaterBytes + m_options.maxDataFrameBytes + 64 * 1024);
}

YamuxSession::~YamuxSession()
{
    // Streams are our children and go with us; let whoever bridges them hear that they ended.
    m_destroying = true;
    if (!m_closed)
        terminate(1001, QStringLiteral("yamux session destroyed"), Yamux::GoAwayCode::Normal, false);
}

QString YamuxSession::describe() const
{
    return QStringLiteral("yamux session on ") + (m_conn ? m_conn->describe() : QStringLiteral("a closed connection"));
}

void YamuxSession::start(const QByteArray &alreadyReceived)
{
    if (m_started || m_closed)
        return;
    m_started = true;
    if (!m_conn || !m_conn->isOpen()) {
        terminate(1006, QStringLiteral("connection closed before the session started"), std::nullopt, false);
        return;
    }
    connect(m_conn, &PipeEndpoint::received, this, [this](const QByteArray &data, bool) { onConnectionReceived(data); });
    connect(m_conn, &PipeEndpoint::wrote, this, &YamuxSession::onConnectionWrote);
    connect(m_conn, &PipeEndpoint::closed, this, [this](quint16 code, const QString &reason) {
        terminate(1006, QStringLiteral("connection closed (%1%2)").arg(code).arg(reason.isEmpty() ? QString() : QStringLiteral(", ") + reason),
                  std::nullopt, false);
    });
    // A yamux peer never half-closes the connection under a live session; there is nothing
    // more to read, so nothing more can happen on any stream.
    connect(m_conn, &PipeEndpoint::readFinished, this, [this] {
        terminate(1006, QStringLiteral("connection ended by the peer"), std::nullopt, true);
    });
    QPointer<YamuxSession> self(this);
    if (!alreadyReceived.isEmpty())
        onConnectionReceived(alreadyReceived);
    if (self && !m_closed && m_conn && !m_connectionPaused)
        m_conn->resumeReading();
}

YamuxStream *YamuxSession::openStream()
{
    if (m_closed || m_goAwaySent || m_goAwayReceived || !m_conn)
        return nullptr;
    if (m_outboundCount >= m_options.maxOutboundStreams) {
        qCDebug(lcLibp2p).noquote() << describe() << ": outbound stream cap reached";
        return nullptr;
    }
    if (m_nextId > 0xFFFFFFFFu - 2) // ids are never reused
        return nullptr;
    const quint32 id = m_nextId;
    m_nextId += 2;
    Batch batch(this);
    auto *stream = new YamuxStream(this, id, false, m_options.receiveWindowBytes, m_options.closeLingerMs);
    m_streams.insert(id, stream);
    ++m_outboundCount;
    // SYN on a window update, as js-libp2p-yamux does; its delta announces a window above 256 KiB.
    stream->m_recvAvailable = m_options.receiveWindowBytes;
    writeFrame({FrameType::WindowUpdate, Flag::Syn, id, m_options.receiveWindowBytes - Yamux::InitialWindowBytes});
    return stream;
}

quint32 YamuxSession::ping()
{
    if (m_closed)
        return 0;
    const quint32 opaque = m_nextPing++;
    m_outstandingPings.append(opaque);
    if (m_outstandingPings.size() > MaxOutstandingPings)
        m_outstandingPings.removeFirst();
    writeFrame({FrameType::Ping, Flag::Syn, 0, opaque});
    return opaque;
}

void YamuxSession::goAway()
{
    if (m_closed || m_goAwaySent)
        return;
    m_goAwaySent = true;
    writeFrame({FrameType::GoAway, 0, 0, quint32(Yamux::GoAwayCode::Normal)});
}

void YamuxSession::close(const QString &reason, Yamux::GoAwayCode code)
{
    const QString why = reason.isEmpty() ? QStringLiteral("yamux session closed") : reason;
    terminate(code == Yamux::GoAwayCode::Normal ? 1000 : 1011, why, code, true);
}

void YamuxSession::onConnectionReceived(const QByteArray &data)
{
    if (m_closed)
        return;
    QPointer<YamuxSession> self(this);
    Batch batch(this);
    m_reader.append(data);
    FrameHeader header;
    QByteArray payload;
    for (;;) {
        const auto result = m_reader.next(header, payload);
        if (result == YamuxFrameReader::Result::NeedMore)
            break;
        if (result == YamuxFrameReader::Result::Error) {
            protocolError(Yamux::describe(m_reader.error()) + QStringLiteral(" (") + Yamux::describe(m_reader.errorHeader())
                          + QLatin1Char(')'));
            return;
        }
        handleFrame(header, std::move(payload));
        payload = QByteArray();
        // A handler may have closed the session (or, against the rules, deleted it).
        if (!self || m_closed)
            return;
    }
    // Window updates that came in may let queued data go out.
    flushData();
}

void YamuxSession::onConnectionWrote()
{
    if (m_closed)
        return;
    Batch batch(this);
    if (m_connectionPaused && connectionBacklog() <= m_options.writeHighWaterBytes) {
        m_connectionPaused = false;
        qCDebug(lcLibp2p).noquote() << describe() << ": the peer reads again, resuming";
        m_conn->resumeReading();
    }
    flushData();
}

void YamuxSession::handleFrame(const FrameHeader &header, QByteArray &&payload)
{
    switch (header.type) {
    case FrameType::Ping:
        if (header.has(Flag::Syn)) {
            // Answer at once with the same value: js-libp2p pings every connection and drops it
            // when the answer is late.
            writeFrame({FrameType::Ping, Flag::Ack, 0, header.length});
        } else if (m_outstandingPings.removeOne(header.length)) {
            emit pongReceived(header.length);
        } else {
            // js treats an unrequested answer as a protocol error; a stale answer to a ping we
            // forgot is harmless, so it is only logged.
            qCDebug(lcLibp2p).noquote() << describe() << ": unrequested ping answer" << header.length;
        }
        return;
    case FrameType::GoAway: {
        m_goAwayReceived = true;
        QPointer<YamuxSession> self(this);
        emit peerWentAway(header.length);
        if (!self || m_closed)
            return;
        if (header.length != quint32(Yamux::GoAwayCode::Normal))
            terminate(1006, QStringLiteral("peer went away with error code %1").arg(header.length), std::nullopt, true);
        // Normal: streams already open go on; the peer closes the connection when it is done.
        return;
    }
    case FrameType::Data:
    case FrameType::WindowUpdate:
        handleStreamFrame(header, std::move(payload));
        return;
    }
}

void YamuxSession::handleStreamFrame(const FrameHeader &header, QByteArray &&payload)
{
    const quint32 id = header.streamId;
    if (header.has(Flag::Syn)) {
        acceptStream(header, std::move(payload));
        return;
    }
    YamuxStream *stream = m_streams.value(id);
    if (!stream) {
        // Frames may cross our RST or follow a stream's end: those are dropped. A frame for a
        // stream that was never opened means the peer lost track of its streams.
        const bool neverOpened = isLocalId(id) ? id >= m_nextId : id > m_highestInboundId;
        if (neverOpened)
            protocolError(QStringLiteral("frame for stream %1, which was never opened").arg(id));
        return;
    }
    QString error;
    if (!stream->handleFrame(header, std::move(payload), error))
        protocolError(error);
}

void YamuxSession::acceptStream(const FrameHeader &header, QByteArray &&payload)
{
    const quint32 id = header.streamId;
    if (isLocalId(id)) {
        protocolError(QStringLiteral("peer opened stream %1, an id of our parity (both sides are %2)")
                          .arg(id)
                          .arg(m_role == Role::Client ? QStringLiteral("clients") : QStringLiteral("servers")));
        return;
    }
    if (m_streams.contains(id)) {
        protocolError(QStringLiteral("SYN for stream %1, which is already open").arg(id));
        return;
    }
    m_highestInboundId = std::max(m_highestInboundId, id);
    if (m_goAwaySent)
        return refuseStream(id, "go-away sent");
    if (m_inboundCount >= m_options.maxInboundStreams)
        return refuseStream(id, "inbound stream cap reached");
    if (m_unacknowledged >= m_options.maxUnacknowledgedInbound)
        return refuseStream(id, "too many streams waiting for their handler");

    auto *stream = new YamuxStream(this, id, true, m_options.receiveWindowBytes, m_options.closeLingerMs);
    stream->m_needsAck = true;
    m_streams.insert(id, stream);
    ++m_inboundCount;
    ++m_unacknowledged;

    // Announce the stream before its first data (which may ride on the SYN) is delivered, so the
    // handler can connect to it or pause it.
    QPointer<YamuxSession> self(this);
    QPointer<YamuxStream> guard(stream);
    emit newStream(stream);
    if (!self || m_closed || !guard || guard->m_closed)
        return; // refused by the handler, or the session ended meanwhile
    QString error;
    if (!stream->handleFrame(header, std::move(payload), error)) {
        protocolError(error);
        return;
    }
    // A window above the spec's 256 KiB only helps once the peer knows it: announce it with the
    // ACK now rather than with the handler's first frame.
    if (guard && !guard->m_closed && guard->m_unannounced > 0)
        guard->sendWindowUpdateNow();
}

void YamuxSession::refuseStream(quint32 id, const char *why)
{
    qCDebug(lcLibp2p).noquote() << describe() << ": refusing stream" << id << "(" << why << ")";
    writeFrame({FrameType::WindowUpdate, Flag::Rst, id, 0});
}

void YamuxSession::writeFrame(const FrameHeader &header, const QByteArray &payload)
{
    if (m_closed)
        return;
    Yamux::appendHeader(m_out, header);
    m_out.append(payload);
    if (m_batchDepth == 0)
        flushOut();
}

void YamuxSession::flushOut()
{
    if (m_out.isEmpty() || !m_conn)
        return;
    QByteArray out;
    out.swap(m_out);
    m_conn->send(out, false);
    if (m_conn && !m_connectionPaused && m_conn->isOpen() && m_conn->pendingBytes() > m_options.readPauseBytes) {
        // The peer is not reading what we write; every frame it sends may add an answer to that
        // backlog, so stop reading until it catches up (onConnectionWrote resumes).
        m_connectionPaused = true;
        qCDebug(lcLibp2p).noquote() << describe() << ": the peer does not read, pausing";
        m_conn->pauseReading();
    }
}

qint64 YamuxSession::connectionBacklog() const
{
    return (m_conn ? m_conn->pendingBytes() : 0) + m_out.size();
}

void YamuxSession::flushData()
{
    if (m_closed || !m_conn)
        return;
    if (m_flushing) {
        // Called back from inside the loop below (a signal handler sent more): go round again.
        m_flushAgain = true;
        return;
    }
    m_flushing = true;
    Batch batch(this);
    QPointer<YamuxSession> self(this);
    QList<QPointer<YamuxStream>> relieved; // streams whose backlog went down: they emit `wrote`
    do {
        m_flushAgain = false;
        // Streams take turns, one frame each per round, starting after the one served last, so
        // one busy stream cannot starve the others of the connection.
        QList<quint32> order;
        order.reserve(m_streams.size());
        for (auto it = m_streams.upperBound(m_lastServed); it != m_streams.end(); ++it)
            order.append(it.key());
        for (auto it = m_streams.begin(); it != m_streams.end() && it.key() <= m_lastServed; ++it)
            order.append(it.key());
        bool progress = true;
        while (progress && connectionBacklog() < m_options.writeHighWaterBytes) {
            progress = false;
            for (const quint32 id : std::as_const(order)) {
                if (!self)
                    return; // deleted by a signal handler, against the rules: touch nothing
                if (m_closed || connectionBacklog() >= m_options.writeHighWaterBytes)
                    break;
                YamuxStream *stream = m_streams.value(id);
                if (!stream)
                    continue;
                const qint64 before = stream->pendingBytes();
                if (!stream->writeNextFrame(m_options.maxDataFrameBytes))
                    continue;
                progress = true;
                m_lastServed = id;
                if (stream->pendingBytes() < before && !stream->m_inSend && !relieved.contains(stream))
                    relieved.append(stream);
            }
        }
    } while (self && !m_closed && m_flushAgain && connectionBacklog() < m_options.writeHighWaterBytes);
    if (!self)
        return;
    m_flushing = false;
    for (const auto &stream : std::as_const(relieved))
        if (stream)
            emit stream->wrote();
}

void YamuxSession::streamFinished(YamuxStream *stream)
{
    const auto it = m_streams.constFind(stream->id());
    if (it == m_streams.constEnd() || it.value() != stream)
        return; // already forgotten (the session ended first)
    m_streams.erase(it);
    if (stream->isInbound())
        --m_inboundCount;
    else
        --m_outboundCount;
    if (stream->m_needsAck)
        --m_unacknowledged;
}

void YamuxSession::protocolError(const QString &what)
{
    qCWarning(lcLibp2p).noquote() << describe() << ": protocol error:" << what;
    terminate(1002, QStringLiteral("yamux protocol error: ") + what, Yamux::GoAwayCode::ProtocolError, true);
}

void YamuxSession::terminate(quint16 code, const QString &reason, std::optional<Yamux::GoAwayCode> goAway, bool closeConnection)
{
    if (m_closed)
        return;
    // Whatever is already batched goes out before the go-away, and the go-away before the close.
    if (goAway && !m_goAwaySent && m_conn && m_conn->isOpen()) {
        m_goAwaySent = true;
        Yamux::appendHeader(m_out, {FrameType::GoAway, 0, 0, quint32(*goAway)});
    }
    if (m_conn && m_conn->isOpen())
        flushOut();
    m_out.clear();
    m_closed = true;
    if (m_conn)
        disconnect(m_conn, nullptr, this, nullptr);

    QPointer<YamuxSession> self(this);
    const QList<YamuxStream *> streams = m_streams.values();
    m_streams.clear();
    m_inboundCount = m_outboundCount = m_unacknowledged = 0;
    QList<QPointer<YamuxStream>> guarded;
    for (YamuxStream *stream : streams)
        guarded.append(stream);
    for (const auto &stream : std::as_const(guarded))
        if (stream)
            stream->sessionEnded(code, reason);
    if (!self)
        return;
    if (closeConnection && m_conn && m_conn->isOpen())
        m_conn->close(code == 1006 ? 1000 : code, reason);
    qCDebug(lcLibp2p).noquote() << describe() << ": ended:" << reason;
    // Not from the destructor: whoever listens would get a half-destroyed session.
    if (self && !m_destroying)
        emit closed(code, reason);
}

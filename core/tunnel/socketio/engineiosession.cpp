#include "engineiosession.h"

#include "engineiohttp.h"
#include "engineiopayload.h"
#include "log/logcategories.h"
#include "net/websocket/websocketconnection.h"

EngineIoSession::EngineIoSession(const QString &id, const HttpRequest &openingRequest, const Options &options,
                                 QObject *parent)
    : QObject(parent), m_id(id), m_openingRequest(openingRequest), m_options(options)
{
    m_pingIntervalTimer.setSingleShot(true);
    connect(&m_pingIntervalTimer, &QTimer::timeout, this, &EngineIoSession::sendPing);
    m_pingTimeoutTimer.setSingleShot(true);
    connect(&m_pingTimeoutTimer, &QTimer::timeout, this, [this] {
        fail(QStringLiteral("ping timeout"), QStringLiteral("no pong within %1 ms").arg(m_options.pingTimeoutMs),
             WebSocketCloseCode::Normal);
    });
    m_upgradeTimer.setSingleShot(true);
    connect(&m_upgradeTimer, &QTimer::timeout, this,
            [this] { abandonUpgrade(QStringLiteral("upgrade not completed in time")); });
    m_closeTimer.setSingleShot(true);
    connect(&m_closeTimer, &QTimer::timeout, this, [this] { finish(m_closeReason); });
}

EngineIoSession::~EngineIoSession() = default;

QByteArray EngineIoSession::openPayload(bool offerUpgrade) const
{
    // The sid is URL-safe base64, so it needs no JSON escaping; the field order is the reference's.
    return QByteArrayLiteral("{\"sid\":\"") + m_id.toLatin1() + QByteArrayLiteral("\",\"upgrades\":")
           + (offerUpgrade ? QByteArrayLiteral("[\"websocket\"]") : QByteArrayLiteral("[]"))
           + QByteArrayLiteral(",\"pingInterval\":") + QByteArray::number(m_options.pingIntervalMs)
           + QByteArrayLiteral(",\"pingTimeout\":") + QByteArray::number(m_options.pingTimeoutMs)
           + QByteArrayLiteral(",\"maxPayload\":") + QByteArray::number(m_options.maxPayloadBytes) + '}';
}

void EngineIoSession::openWithPolling(HttpResponder responder)
{
    m_transport = Transport::Polling;
    const EngineIoPacket open = EngineIoPacket::textPacket(EngineIoPacket::Type::Open, openPayload(true));
    responder.send(EngineIoHttp::payload(open.toPollingRecord(), m_openingRequest.header("origin")));
    m_pingIntervalTimer.start(m_options.pingIntervalMs);
}

void EngineIoSession::openWithWebSocket(WebSocketConnection *socket)
{
    m_transport = Transport::WebSocket;
    m_socket = socket;
    watchSocket(socket);
    // A WebSocket session has nothing to upgrade to.
    socket->sendText(EngineIoPacket::textPacket(EngineIoPacket::Type::Open, openPayload(false)).toWebSocketFrame());
    m_pingIntervalTimer.start(m_options.pingIntervalMs);
}

void EngineIoSession::watchSocket(WebSocketConnection *socket)
{
    // Socket.IO traffic is many small messages, often several in one pass of the event loop (a
    // desktop gets every browser request): written together, they cost one call.
    socket->setCoalescingWrites(true);
    // The raw pointer is only compared with m_socket / m_probe, which are null once it is gone.
    connect(socket, &PipeEndpoint::received, this,
            [this, socket](const QByteArray &frame, bool text) { onSocketFrame(socket, frame, text); });
    connect(socket, &PipeEndpoint::closed, this, [this, socket] { onSocketClosed(socket); });
    connect(socket, &PipeEndpoint::wrote, this, [this, socket] {
        if (socket == m_socket)
            emit drained();
    });
}

void EngineIoSession::handlePoll(const HttpRequest &request, HttpResponder responder)
{
    if (m_heldPoll && m_heldPoll->responder.isConnected()) {
        // Two GETs at once break packet ordering: the protocol says 400 and close the session
        // (the held GET then gets the close packet).
        responder.send(EngineIoHttp::error(EngineIoHttp::Error::BadRequest, request));
        fail(QStringLiteral("transport error"), QStringLiteral("overlapping poll requests"), WebSocketCloseCode::Normal);
        return;
    }
    m_heldPoll = HeldPoll{responder, request.header("origin")};
    if (m_state == State::Closing) {
        flushQueueToHeldPoll(true);
        finish(m_closeReason);
        return;
    }
    // While an upgrade is probing, the client waits for this poll to end before it sends "5".
    if (!m_queue.isEmpty() || m_probeAnswered)
        flushQueueToHeldPoll();
    else
        qCDebug(lcTunnel).noquote() << "engine.io session" << m_id << ": poll held";
}

void EngineIoSession::handleData(const HttpRequest &request, HttpResponder responder)
{
    const QByteArray origin = request.header("origin");
    if (request.header("content-type").startsWith("application/octet-stream")) {
        // Engine.IO v4 sends binary as base64 text in polling; a binary body is a v3 client.
        responder.send(EngineIoHttp::error(EngineIoHttp::Error::BadRequest, request));
        fail(QStringLiteral("transport error"), QStringLiteral("binary POST body"), WebSocketCloseCode::Normal);
        return;
    }
    if (request.body.size() > m_options.maxPayloadBytes) {
        // As the reference: 413 without a body, and the session stays (the client gives up on it).
        HttpResponse tooLarge;
        tooLarge.status = 413;
        EngineIoHttp::addCorsHeaders(tooLarge, origin);
        responder.send(tooLarge);
        return;
    }
    const EngineIoPayload::Decoded decoded = EngineIoPayload::decode(request.body, m_options.maxPacketsPerPayload);
    if (!decoded.ok) {
        responder.send(EngineIoHttp::error(EngineIoHttp::Error::BadRequest, request));
        fail(QStringLiteral("parse error"), decoded.error, WebSocketCloseCode::ProtocolError);
        return;
    }
    QPointer<EngineIoSession> self(this);
    for (const EngineIoPacket &packet : decoded.packets) {
        if (!handlePacket(packet)) {
            responder.send(EngineIoHttp::error(EngineIoHttp::Error::BadRequest, request));
            return;
        }
        if (!self || m_state == State::Closed)
            break;
    }
    responder.send(EngineIoHttp::ok(origin));
}

bool EngineIoSession::handlePacket(const EngineIoPacket &packet)
{
    if (m_state == State::Closed)
        return true;
    if (m_state == State::Closing) {
        // Closing: the reference ignores everything but the client's own close.
        if (packet.type == EngineIoPacket::Type::Close)
            closedByClient();
        return true;
    }
    switch (packet.type) {
    case EngineIoPacket::Type::Message:
        emit messageReceived(packet.data, packet.binary);
        return true;
    case EngineIoPacket::Type::Pong:
        m_pingTimeoutTimer.stop();
        m_pingIntervalTimer.start(m_options.pingIntervalMs);
        return true;
    case EngineIoPacket::Type::Close:
        closedByClient();
        return true;
    case EngineIoPacket::Type::Ping:
        fail(QStringLiteral("transport error"), QStringLiteral("ping from the client (in v4 the server pings)"),
             WebSocketCloseCode::ProtocolError);
        return false;
    case EngineIoPacket::Type::Open:
    case EngineIoPacket::Type::Upgrade:
    case EngineIoPacket::Type::Noop:
        return true; // meaningless here; the reference ignores them too
    }
    return true;
}

void EngineIoSession::onSocketFrame(WebSocketConnection *socket, const QByteArray &frame, bool text)
{
    if (socket == m_probe) {
        onProbeFrame(frame, text);
        return;
    }
    if (socket != m_socket || m_transport != Transport::WebSocket || m_state == State::Closed)
        return;
    const auto packet = EngineIoPacket::fromWebSocketFrame(frame, text);
    if (!packet) {
        fail(QStringLiteral("parse error"), QStringLiteral("malformed packet"), WebSocketCloseCode::ProtocolError);
        return;
    }
    handlePacket(*packet);
}

void EngineIoSession::onSocketClosed(WebSocketConnection *socket)
{
    if (socket == m_probe) {
        qCDebug(lcTunnel).noquote() << "engine.io session" << m_id << ": upgrade WebSocket closed before the upgrade";
        m_probe = nullptr;
        m_probeAnswered = false;
        m_upgradeTimer.stop();
        return;
    }
    if (socket == m_socket && m_transport == Transport::WebSocket) {
        m_socket = nullptr;
        finish(QStringLiteral("transport close"));
    }
}

bool EngineIoSession::canUpgrade() const
{
    return m_state == State::Open && m_transport == Transport::Polling && !m_probe;
}

void EngineIoSession::handleUpgrade(WebSocketConnection *socket)
{
    if (!canUpgrade()) {
        // One WebSocket per session: a second one, or one after the upgrade, is closed.
        socket->close(WebSocketCloseCode::PolicyViolation, QStringLiteral("Session cannot be upgraded"));
        return;
    }
    m_probe = socket;
    m_probeAnswered = false;
    watchSocket(socket);
    m_upgradeTimer.start(m_options.upgradeTimeoutMs);
}

void EngineIoSession::onProbeFrame(const QByteArray &frame, bool text)
{
    const auto packet = EngineIoPacket::fromWebSocketFrame(frame, text);
    if (packet && packet->type == EngineIoPacket::Type::Ping && packet->data == "probe") {
        m_probe->sendText(EngineIoPacket::textPacket(EngineIoPacket::Type::Pong, "probe").toWebSocketFrame());
        m_probeAnswered = true;
        // The client now pauses polling, which waits for its open GET: end it (with whatever is
        // queued, or a noop).
        flushQueueToHeldPoll();
        return;
    }
    if (packet && packet->type == EngineIoPacket::Type::Upgrade) {
        completeUpgrade();
        return;
    }
    abandonUpgrade(QStringLiteral("unexpected packet during the upgrade"));
}

void EngineIoSession::completeUpgrade()
{
    m_upgradeTimer.stop();
    // A paused client has no poll open; if one is, end it without data, which now goes by WebSocket.
    answerHeldPoll({EngineIoPacket::textPacket(EngineIoPacket::Type::Noop)});
    m_socket = m_probe;
    m_probe = nullptr;
    m_probeAnswered = false;
    m_transport = Transport::WebSocket;
    qCDebug(lcTunnel).noquote() << "engine.io session" << m_id << "upgraded to WebSocket";
    const QList<EngineIoPacket> queued = std::exchange(m_queue, {});
    m_queuedBytes = 0;
    for (const EngineIoPacket &packet : queued)
        m_socket->send(packet.toWebSocketFrame(), !packet.binary);
    if (m_state == State::Closing) {
        // close() was called while the client was still on polling and had no poll open.
        m_socket->close(WebSocketCloseCode::Normal, QString());
        finish(m_closeReason);
        return;
    }
    checkQueueLimit();
}

void EngineIoSession::abandonUpgrade(const QString &why)
{
    m_upgradeTimer.stop();
    m_probeAnswered = false;
    if (!m_probe)
        return;
    qCDebug(lcTunnel).noquote() << "engine.io session" << m_id << ": upgrade abandoned:" << why;
    WebSocketConnection *probe = m_probe;
    m_probe = nullptr;
    probe->close(WebSocketCloseCode::Normal, why);
}

void EngineIoSession::sendMessage(const QByteArray &data, bool binary)
{
    sendPacket(binary ? EngineIoPacket::binaryMessage(data)
                      : EngineIoPacket::textPacket(EngineIoPacket::Type::Message, data));
}

void EngineIoSession::sendPacket(const EngineIoPacket &packet)
{
    if (m_state != State::Open)
        return;
    if (m_transport == Transport::WebSocket) {
        if (!m_socket)
            return;
        m_socket->send(packet.toWebSocketFrame(), !packet.binary);
        checkQueueLimit();
        return;
    }
    m_queue.append(packet);
    m_queuedBytes += packet.data.size() + 1;
    if (checkQueueLimit())
        scheduleFlush();
}

qint64 EngineIoSession::unsentBytes() const
{
    return m_transport == Transport::WebSocket && m_socket ? m_socket->pendingBytes() : m_queuedBytes;
}

bool EngineIoSession::checkQueueLimit()
{
    const qint64 unsent = unsentBytes();
    if (unsent <= m_options.maxQueuedBytes)
        return true;
    fail(QStringLiteral("transport error"),
         QStringLiteral("client too slow: more than %1 bytes unsent").arg(m_options.maxQueuedBytes),
         WebSocketCloseCode::PolicyViolation);
    return false;
}

void EngineIoSession::scheduleFlush()
{
    // Packets queued in one pass of the event loop (an event and its follow-ups) leave in one
    // response instead of one each.
    if (m_flushScheduled)
        return;
    m_flushScheduled = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_flushScheduled = false;
            if (m_state == State::Open && m_transport == Transport::Polling && !m_queue.isEmpty())
                flushQueueToHeldPoll();
        },
        Qt::QueuedConnection);
}

bool EngineIoSession::answerHeldPoll(const QList<EngineIoPacket> &packets)
{
    if (!m_heldPoll)
        return false;
    const HeldPoll poll = *std::exchange(m_heldPoll, std::nullopt);
    if (!poll.responder.isConnected())
        return false;
    poll.responder.send(EngineIoHttp::payload(EngineIoPayload::encode(packets), poll.origin));
    return true;
}

bool EngineIoSession::flushQueueToHeldPoll(bool appendClose)
{
    if (!m_heldPoll)
        return false;
    if (!m_heldPoll->responder.isConnected()) {
        m_heldPoll.reset(); // its client left; keep the packets for the next poll
        return false;
    }
    QList<EngineIoPacket> packets = std::exchange(m_queue, {});
    const bool hadQueued = m_queuedBytes > 0;
    m_queuedBytes = 0;
    if (hadQueued)
        QMetaObject::invokeMethod(this, &EngineIoSession::drained, Qt::QueuedConnection);
    if (appendClose)
        packets.append(EngineIoPacket::textPacket(EngineIoPacket::Type::Close));
    if (packets.isEmpty())
        packets.append(EngineIoPacket::textPacket(EngineIoPacket::Type::Noop));
    return answerHeldPoll(packets);
}

void EngineIoSession::sendPing()
{
    sendPacket(EngineIoPacket::textPacket(EngineIoPacket::Type::Ping));
    if (m_state == State::Open)
        m_pingTimeoutTimer.start(m_options.pingTimeoutMs);
}

void EngineIoSession::close(const QString &reason)
{
    if (m_state != State::Open)
        return;
    m_pingIntervalTimer.stop();
    m_pingTimeoutTimer.stop();
    m_closeReason = reason;
    if (m_transport == Transport::WebSocket) {
        abandonUpgrade(QStringLiteral("session closed"));
        // Everything sent so far is already written ahead of the close frame.
        if (m_socket)
            m_socket->close(WebSocketCloseCode::Normal, QString());
        finish(reason);
        return;
    }
    m_state = State::Closing;
    if (flushQueueToHeldPoll(true)) {
        finish(reason);
        return;
    }
    // An upgrade under way may still finish; otherwise the close waits for the next poll.
    m_closeTimer.start(m_options.closeTimeoutMs);
}

void EngineIoSession::closedByClient()
{
    // As the reference: an open poll is ended with a noop.
    answerHeldPoll({EngineIoPacket::textPacket(EngineIoPacket::Type::Noop)});
    if (m_socket)
        m_socket->close(WebSocketCloseCode::Normal, QString());
    finish(QStringLiteral("transport close"));
}

void EngineIoSession::fail(const QString &reason, const QString &detail, quint16 webSocketCode)
{
    if (m_state == State::Closed)
        return;
    // A ping timeout is how every vanished client ends; protocol errors and limits are news.
    if (reason == QLatin1String("ping timeout"))
        qCDebug(lcTunnel).noquote() << "engine.io session" << m_id << "closed:" << reason << "-" << detail;
    else
        qCInfo(lcTunnel).noquote() << "engine.io session" << m_id << "closed:" << reason << "-" << detail;
    // What was queued is dropped; an open poll learns of the close.
    m_queue.clear();
    m_queuedBytes = 0;
    answerHeldPoll({EngineIoPacket::textPacket(EngineIoPacket::Type::Close)});
    if (m_socket)
        m_socket->close(webSocketCode, detail);
    finish(reason);
}

void EngineIoSession::finish(const QString &reason)
{
    if (m_state == State::Closed)
        return;
    m_state = State::Closed;
    m_pingIntervalTimer.stop();
    m_pingTimeoutTimer.stop();
    m_closeTimer.stop();
    abandonUpgrade(QStringLiteral("session closed"));
    answerHeldPoll({EngineIoPacket::textPacket(EngineIoPacket::Type::Close)});
    m_queue.clear();
    m_queuedBytes = 0;
    qCDebug(lcTunnel).noquote() << "engine.io session" << m_id << "ended:" << reason;
    emit closed(reason);
}

void EngineIoSession::shutDown()
{
    if (m_state == State::Closed)
        return;
    m_state = State::Closed;
    m_pingIntervalTimer.stop();
    m_pingTimeoutTimer.stop();
    m_closeTimer.stop();
    m_upgradeTimer.stop();
    answerHeldPoll({EngineIoPacket::textPacket(EngineIoPacket::Type::Close)});
    if (m_probe)
        m_probe->close(WebSocketCloseCode::GoingAway, QStringLiteral("server shutting down"));
    if (m_socket)
        m_socket->close(WebSocketCloseCode::GoingAway, QStringLiteral("server shutting down"));
}

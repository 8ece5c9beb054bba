#include "httpconnection.h"

#include "directwrite.h"
#include "link/linkforwarder.h"
#include "log/logcategories.h"
#include "metrics/metrics.h"
#include "websocket/websockethandshake.h"
#include "websocketgateway.h"

#include <QPointer>
#include <QSslSocket>

#include <sys/socket.h>

HttpConnection::HttpConnection(QTcpSocket *socket, const Router *router, WebSocketGateway *gateway,
                               Metrics *metrics, const HttpLimits &limits,
                               const QElapsedTimer &sinceAccept, QObject *parent)
    : HttpResponseSink(parent),
      m_socket(socket),
      m_plainDescriptor(DirectWrite::plainDescriptor(socket)),
      m_router(router),
      m_gateway(gateway),
      m_metrics(metrics),
      m_limits(limits),
      m_parser(limits.maxHeadBytes, limits.maxBodyBytes)
{
    socket->setParent(this);
    m_deadline.setSingleShot(true);
    connect(socket, &QIODevice::readyRead, this, &HttpConnection::processInput);
    connect(socket, &QAbstractSocket::disconnected, this, &QObject::deleteLater);
    connect(&m_deadline, &QTimer::timeout, this, &HttpConnection::deadlinePassed);
    startDeadline(Deadline::Head, std::max(1, m_limits.headTimeoutMs - int(sinceAccept.elapsed())));
    if (socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &HttpConnection::processInput, Qt::QueuedConnection);
}

void HttpConnection::arrivedOverLink(const QHostAddress &client, quint16 port)
{
    m_viaLink = true;
    m_linkClient = client;
    m_linkClientPort = port;
}

QHostAddress HttpConnection::clientAddress() const
{
    return m_viaLink ? m_linkClient : m_socket->peerAddress();
}

QString HttpConnection::peer() const
{
    return clientAddress().toString();
}

void HttpConnection::startDeadline(Deadline kind, int ms)
{
    m_deadlineKind = kind;
    m_deadline.start(ms);
}

void HttpConnection::deadlinePassed()
{
    switch (m_deadlineKind) {
    case Deadline::Head:
        qCInfo(lcHttp).noquote() << "closing" << peer() << ": no complete request head within"
                                 << m_limits.headTimeoutMs / 1000 << "s";
        refuse(408, "Request head not received in time", QStringLiteral("head_timeout"));
        return;
    case Deadline::Body:
        qCInfo(lcHttp).noquote() << "closing" << peer() << ": request body stalled";
        refuse(408, "Request body not received in time", QStringLiteral("body_timeout"));
        return;
    case Deadline::Idle:
        qCDebug(lcHttp).noquote() << "closing idle keep-alive connection" << peer();
        closeAfterWriting();
        return;
    }
}

void HttpConnection::processInput()
{
    m_processScheduled = false;
    if (m_state == State::ReadingHead) {
        handleHead();
        return;
    }
    if (m_state == State::ReadingBody) {
        QByteArray data = m_carry + m_socket->readAll();
        m_carry.clear();
        qsizetype consumed = 0;
        switch (m_parser.feedBody(data, consumed)) {
        case HttpRequestParser::BodyStatus::NeedMore:
            startDeadline(Deadline::Body, m_limits.headTimeoutMs); // a stall limit, not a total
            return;
        case HttpRequestParser::BodyStatus::TooLarge:
            refuse(413, "Request body too large", QStringLiteral("body_too_large"));
            return;
        case HttpRequestParser::BodyStatus::Malformed:
            qCInfo(lcHttp).noquote() << "bad request body from" << peer() << ":" << m_parser.error();
            refuse(400, "Malformed request body", QStringLiteral("bad_request"));
            return;
        case HttpRequestParser::BodyStatus::Complete:
            m_carry = data.mid(consumed);
            dispatch();
            return;
        }
    }
    // AwaitingResponse: later input waits in the socket until the response is out.
}

void HttpConnection::handleHead()
{
    const QByteArray available = m_carry + m_socket->peek(m_limits.maxHeadBytes + 1 - m_carry.size());
    if (available.isEmpty())
        return;
    if (m_deadlineKind == Deadline::Idle) // first bytes after a keep-alive pause
        startDeadline(Deadline::Head, m_limits.headTimeoutMs);
    switch (m_parser.parseHead(available)) {
    case HttpRequestParser::HeadStatus::Incomplete:
        return;
    case HttpRequestParser::HeadStatus::TooLarge:
        qCInfo(lcHttp).noquote() << "refusing" << peer() << ":" << m_parser.error();
        refuse(431, "Request header fields too large", QStringLiteral("head_too_large"));
        return;
    case HttpRequestParser::HeadStatus::Malformed:
        qCInfo(lcHttp).noquote() << "malformed request from" << peer() << ":" << m_parser.error();
        refuse(400, "Malformed request", QStringLiteral("bad_request"));
        return;
    case HttpRequestParser::HeadStatus::Complete:
        break;
    }

    HttpRequest &request = m_parser.request();
    request.secure = qobject_cast<QSslSocket *>(m_socket) != nullptr;
    request.peerAddress = clientAddress();
    request.peerPort = m_viaLink ? m_linkClientPort : m_socket->peerPort();
    request.localPort = m_socket->localPort();
    request.viaLink = m_viaLink;
    const RouteDecision decision = m_router->resolve(request);
    const bool served = decision.kind == RouteDecision::Http || decision.kind == RouteDecision::WebSocket;
    if (served && decision.route->placement && !m_viaLink) {
        // Nothing is read while the cluster is asked: the head stays where it is, ready to be
        // served here or carried over whole.
        m_state = State::AwaitingPlacement;
        QPointer<HttpConnection> self(this);
        decision.route->placement(request, [self, decision](std::optional<LinkTarget> target) {
            if (!self || self->m_state != State::AwaitingPlacement)
                return;
            self->m_state = State::ReadingHead;
            if (target)
                self->carryOver(*target);
            else
                self->proceed(decision);
        });
        return;
    }
    proceed(decision);
}

void HttpConnection::carryOver(const LinkTarget &target)
{
    qCDebug(lcCluster).noquote() << "carrying" << peer() << "over to" << target.host << target.port;
    m_deadline.stop();
    m_state = State::Closing;
    disconnect(m_socket, nullptr, this, nullptr);
    QTcpSocket *socket = m_socket;
    m_socket = nullptr;
    LinkForwarder::Options options;
    options.failureResponse = HttpResponse::text(502, "The relay node holding this session cannot be reached")
                                  .serialize(false, false);
    LinkForwarder::start(socket, target, m_carry, options);
    m_carry.clear();
    deleteLater();
}

void HttpConnection::proceed(const RouteDecision &decision)
{
    HttpRequest &request = m_parser.request();
    if (decision.kind == RouteDecision::WebSocket) {
        if (m_carry.size() > m_parser.headLength()) {
            // Frames already read behind a pipelined request cannot be handed back to the socket.
            refuse(400, "WebSocket upgrade must not be pipelined", QStringLiteral("bad_request"));
            return;
        }
        const WebSocketHandshake::Result handshake =
            WebSocketHandshake::answer(request, decision.route->acceptOfferedSubprotocol);
        if (!handshake.ok) {
            m_metrics->connectionRejected(QStringLiteral("websocket_handshake"));
            m_state = State::AwaitingResponse;
            HttpResponse refusal = handshake.refusal;
            refusal.closeAfter = true;
            sendResponse(++m_exchangeId, refusal);
            return;
        }
        m_socket->skip(m_parser.headLength() - m_carry.size());
        m_carry.clear();
        m_metrics->httpResponse(101);
        // Straight to the kernel: through Qt's buffer, the 101 would leave a 32 KiB write chunk
        // behind in every idle WebSocket's socket (docs/PERFORMANCE.md, idle connections).
        DirectWrite::write(m_socket, m_plainDescriptor, handshake.switchingProtocols);
        m_deadline.stop();
        disconnect(m_socket, nullptr, this, nullptr);
        QTcpSocket *socket = m_socket;
        m_socket = nullptr;
        m_state = State::Closing;
        m_gateway->adopt(socket, request, *decision.route);
        deleteLater();
        return;
    }

    // Take the head out of the socket (part of it may already sit in m_carry).
    const qsizetype head = m_parser.headLength();
    const qsizetype fromCarry = std::min(head, m_carry.size());
    m_carry.remove(0, fromCarry);
    if (head > fromCarry)
        m_socket->skip(head - fromCarry);

    switch (decision.kind) {
    case RouteDecision::NotFound:
        refuse(404, "Not found", QString());
        return;
    case RouteDecision::MethodNotAllowed: {
        HttpResponse r = HttpResponse::text(405, "Method not allowed");
        r.setHeader("Allow", decision.allowedMethods);
        r.closeAfter = m_parser.expectsBody();
        m_state = State::AwaitingResponse;
        sendResponse(++m_exchangeId, r);
        return;
    }
    case RouteDecision::UpgradeRequired: {
        HttpResponse r = HttpResponse::text(426, "This endpoint speaks WebSocket");
        r.setHeader("Upgrade", "websocket");
        r.closeAfter = m_parser.expectsBody();
        m_state = State::AwaitingResponse;
        sendResponse(++m_exchangeId, r);
        return;
    }
    default:
        break;
    }
    if (m_parser.declaredBodyTooLarge()) {
        refuse(413, "Request body too large", QStringLiteral("body_too_large"));
        return;
    }
    m_route = decision.route;
    if (m_parser.expectsBody()) {
        m_state = State::ReadingBody;
        startDeadline(Deadline::Body, m_limits.headTimeoutMs);
        processInput();
        return;
    }
    dispatch();
}

void HttpConnection::dispatch()
{
    m_deadline.stop();
    m_state = State::AwaitingResponse;
    m_route->http(m_parser.request(), HttpResponder(this, ++m_exchangeId));
}

void HttpConnection::sendResponse(quint64 exchangeId, const HttpResponse &response)
{
    if (exchangeId != m_exchangeId || m_state != State::AwaitingResponse || !m_socket)
        return;
    const HttpRequest &request = m_parser.request();
    const bool keepAlive = request.keepAlive && !response.closeAfter;
    m_metrics->httpResponse(response.status);
    qCDebug(lcHttp).noquote() << request.method << request.target << response.status << "for" << peer();
    // Out at once rather than on the next pass of the event loop: a client that half-closed after
    // its request makes Qt close the socket on that pass, and a queued response would be lost.
    DirectWrite::write(m_socket, m_plainDescriptor, response.serialize(request.method == "HEAD", keepAlive));
    if (m_socket->bytesToWrite() > 0)
        m_socket->flush();
    if (!keepAlive) {
        closeAfterWriting();
        return;
    }
    m_parser.reset();
    m_state = State::ReadingHead;
    startDeadline(Deadline::Idle, m_limits.idleTimeoutMs);
    if ((!m_carry.isEmpty() || m_socket->bytesAvailable() > 0) && !m_processScheduled) {
        m_processScheduled = true;
        QMetaObject::invokeMethod(this, &HttpConnection::processInput, Qt::QueuedConnection);
    }
}

void HttpConnection::closeAfterWriting()
{
    // Closing a socket whose receive buffer still holds unread bytes (the rest of an oversized
    // head, a body we refused) makes the kernel send RST, and the client may lose the response we
    // just wrote. So: write, half-close, discard what still comes, and close when the client does
    // (or after a short grace).
    m_state = State::Closing;
    m_deadline.stop();
    disconnect(m_socket, &QIODevice::readyRead, this, nullptr);
    connect(m_socket, &QIODevice::readyRead, this, [this] { m_socket->readAll(); });
    m_socket->readAll();
    const auto halfClose = [this] {
        if (!m_socket || m_socket->bytesToWrite() > 0 || m_halfClosed)
            return;
        m_halfClosed = true;
        if (qobject_cast<QSslSocket *>(m_socket))
            m_socket->disconnectFromHost(); // sends close_notify; TLS has no half-close of its own
        else
            ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR);
    };
    connect(m_socket, &QIODevice::bytesWritten, this, halfClose);
    halfClose();
    QTimer::singleShot(2000, this, [this] {
        if (m_socket)
            m_socket->abort();
    });
}

void HttpConnection::refuse(int status, const QByteArray &text, const QString &rejectReason)
{
    if (!rejectReason.isEmpty())
        m_metrics->connectionRejected(rejectReason);
    HttpResponse r = HttpResponse::text(status, text);
    r.closeAfter = status != 404 || m_parser.expectsBody();
    m_state = State::AwaitingResponse;
    sendResponse(++m_exchangeId, r);
}

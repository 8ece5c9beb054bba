#include "engineioserver.h"

#include "log/logcategories.h"
#include "metrics/metrics.h"
#include "net/router.h"
#include "net/websocket/websocketconnection.h"
#include "relay.h"

#include <QRandomGenerator>

namespace {

// The ids this server hands out: anything else cannot name a session.
bool looksLikeSessionId(const QString &sid)
{
    if (sid.size() != 20)
        return false;
    for (const QChar c : sid) {
        if (!(c.isLetterOrNumber() && c.unicode() < 128) && c != u'-' && c != u'_')
            return false;
    }
    return true;
}

QString queryValue(const HttpRequest &request, const QString &key)
{
    return request.query.queryItemValue(key, QUrl::FullyDecoded);
}

} // namespace

EngineIoServer::EngineIoServer(Relay *relay, const Options &options, QObject *parent)
    : QObject(parent), m_relay(relay), m_router(&relay->router()), m_options(options)
{
    // Each server removes only its own routes, so two (say, on different hosts) can coexist.
    static int serial = 0;
    m_routeName = QStringLiteral("socket.io#%1").arg(++serial);

    Route webSocketRoute;
    webSocketRoute.name = m_routeName;
    webSocketRoute.priority = m_options.routePriority;
    webSocketRoute.placement = m_options.placement;
    // Every upgrade on the path is taken, also ones to refuse: the router would otherwise hand
    // them to a catch-all WebSocket route of another service. They are closed after the
    // handshake, with the reason (the reference answers 400 instead; clients react the same).
    webSocketRoute.matches = [this](const HttpRequest &request) {
        return matches(request) && request.upgradeToWebSocket;
    };
    webSocketRoute.maxWebSocketMessageBytes = m_options.session.maxPayloadBytes;
    webSocketRoute.webSocket = [this](WebSocketConnection *socket) { handleWebSocket(socket); };
    m_router->addRoute(webSocketRoute);

    Route httpRoute;
    httpRoute.name = m_routeName;
    httpRoute.priority = m_options.routePriority;
    httpRoute.placement = m_options.placement;
    httpRoute.matches = [this](const HttpRequest &request) { return matches(request); };
    // Any method: the wrong ones get Engine.IO's own 400 answers rather than the router's 405.
    httpRoute.http = [this](const HttpRequest &request, HttpResponder responder) { handleHttp(request, responder); };
    m_router->addRoute(httpRoute);
}

EngineIoServer::~EngineIoServer()
{
    if (m_relay)
        m_router->removeRoutes(m_routeName);
    const QList<EngineIoSession *> sessions = m_sessions.values();
    m_sessions.clear();
    for (EngineIoSession *session : sessions) {
        session->disconnect(this);
        session->shutDown();
        delete session;
    }
}

bool EngineIoServer::isEngineIoPath(const QString &path)
{
    return path == QLatin1String("/socket.io/") || path == QLatin1String("/socket.io");
}

QString EngineIoServer::newId()
{
    quint32 words[4];
    QRandomGenerator::system()->fillRange(words);
    const QByteArray bytes = QByteArray(reinterpret_cast<const char *>(words), sizeof(words)).left(15);
    return QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

bool EngineIoServer::matches(const HttpRequest &request) const
{
    return isEngineIoPath(request.path) && (!m_options.hostFilter || m_options.hostFilter(request));
}

std::optional<EngineIoHttp::Error> EngineIoServer::verify(const HttpRequest &request, bool upgrade) const
{
    using Error = EngineIoHttp::Error;
    const QString transport = queryValue(request, QStringLiteral("transport"));
    if (transport != QLatin1String("polling") && transport != QLatin1String("websocket"))
        return Error::UnknownTransport;
    if (!EngineIoHttp::isHeaderValueValid(request.header("origin")))
        return Error::BadRequest;
    const QString sid = queryValue(request, QStringLiteral("sid"));
    if (!sid.isEmpty()) {
        EngineIoSession *session = looksLikeSessionId(sid) ? m_sessions.value(sid) : nullptr;
        if (!session || session->isClosed())
            return Error::UnknownSid;
        if (upgrade) {
            // Only a polling session upgrades, once, to a WebSocket.
            if (transport != QLatin1String("websocket") || !session->canUpgrade())
                return Error::BadRequest;
            return std::nullopt;
        }
        const bool onPolling = session->transport() == EngineIoSession::Transport::Polling;
        if (transport != QLatin1String("polling") || !onPolling)
            return Error::BadRequest; // a request of the transport the session has left
        return std::nullopt;
    }
    if (request.method != "GET")
        return Error::BadHandshakeMethod;
    // A WebSocket session starts with the upgrade itself, not with a plain GET.
    if ((transport == QLatin1String("websocket")) != upgrade)
        return Error::BadRequest;
    if (queryValue(request, QStringLiteral("EIO")) != QLatin1String("4"))
        return Error::UnsupportedProtocolVersion;
    return std::nullopt;
}

void EngineIoServer::handleHttp(const HttpRequest &request, HttpResponder responder)
{
    // CORS preflights are answered before anything is checked, as the reference's middleware does.
    if (request.method == "OPTIONS") {
        responder.send(EngineIoHttp::preflight(request));
        return;
    }
    // (Upgrades never get here: the WebSocket route takes every one on the path.)
    if (const auto error = verify(request, false)) {
        qCDebug(lcTunnel).noquote() << "engine.io refused" << request.method << request.target << ":"
                                    << EngineIoHttp::message(*error);
        responder.send(EngineIoHttp::error(*error, request));
        return;
    }
    const QString sid = queryValue(request, QStringLiteral("sid"));
    if (sid.isEmpty()) {
        if (const int wait = m_options.admitHandshake ? m_options.admitHandshake(request) : 0; wait > 0) {
            HttpResponse tooMany = HttpResponse::text(429, "Too many connections; try again later");
            tooMany.setHeader("Retry-After", QByteArray::number(wait));
            responder.send(tooMany);
            return;
        }
        EngineIoSession *session = createSession(request);
        if (!session) {
            HttpResponse full = EngineIoHttp::error(EngineIoHttp::Error::BadRequest, request,
                                                    QStringLiteral("Too many sessions"));
            full.status = 503;
            responder.send(full);
            return;
        }
        session->openWithPolling(responder);
        emit sessionOpened(session);
        return;
    }
    EngineIoSession *session = m_sessions.value(sid);
    if (request.method == "GET")
        session->handlePoll(request, responder);
    else if (request.method == "POST")
        session->handleData(request, responder);
    else
        responder.send(EngineIoHttp::error(EngineIoHttp::Error::BadRequest, request));
}

void EngineIoServer::handleWebSocket(WebSocketConnection *socket)
{
    const HttpRequest &request = socket->request();
    if (const auto error = verify(request, true)) {
        qCDebug(lcTunnel).noquote() << "engine.io refused WebSocket" << request.target << ":"
                                    << EngineIoHttp::message(*error);
        socket->close(WebSocketCloseCode::PolicyViolation, QString::fromUtf8(EngineIoHttp::message(*error)));
        return;
    }
    const QString sid = queryValue(request, QStringLiteral("sid"));
    if (!sid.isEmpty()) {
        m_sessions.value(sid)->handleUpgrade(socket);
        return;
    }
    // A WebSocket's handshake is already answered here, so a refusal is a close with the wait.
    if (const int wait = m_options.admitHandshake ? m_options.admitHandshake(request) : 0; wait > 0) {
        socket->close(WebSocketCloseCode::TryAgainLater,
                      QStringLiteral("Too many connections; try again in %1 s").arg(wait));
        return;
    }
    EngineIoSession *session = createSession(request);
    if (!session) {
        socket->close(WebSocketCloseCode::TryAgainLater, QStringLiteral("Too many sessions"));
        return;
    }
    session->openWithWebSocket(socket);
    emit sessionOpened(session);
}

EngineIoSession *EngineIoServer::createSession(const HttpRequest &request)
{
    if (m_sessions.size() >= m_options.maxSessions) {
        qCWarning(lcTunnel) << "socket.io: refusing a session: already" << m_sessions.size() << "open";
        if (m_relay)
            m_relay->metrics()->connectionRejected(QStringLiteral("socketio_sessions_full"));
        return nullptr;
    }
    QString id;
    do {
        id = newId();
    } while (m_sessions.contains(id));
    HttpRequest opening = request;
    opening.body.clear();
    auto *session = new EngineIoSession(id, opening, m_options.session, this);
    m_sessions.insert(id, session);
    connect(session, &EngineIoSession::closed, this, [this, session, id] {
        if (m_sessions.value(id) == session)
            m_sessions.remove(id);
        session->deleteLater();
    });
    qCDebug(lcTunnel).noquote() << "engine.io session" << id << "opened from" << request.peerAddress.toString()
                                << "on" << (request.upgradeToWebSocket ? "websocket" : "polling");
    return session;
}

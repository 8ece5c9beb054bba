#include "tunnelservice.h"

#include "cluster/cluster.h"
#include "cluster/redisstartupclaim.h"

#include "sessions/sessioncontrol.h"

#include "devices/deviceregistry.h"
#include "httptunnel.h"
#include "log/logcategories.h"
#include "net/router.h"
#include "net/websocket/websocketconnection.h"
#include "relay.h"
#include "secrets/secretstore.h"
#include "sessionhost.h"
#include "sessions/sessionregistry.h"
#include "socketio/socketioserver.h"
#include "websockettunnel.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>

namespace {
const QString kService = QStringLiteral("tunnel");
qint64 nowSeconds()
{
    return QDateTime::currentSecsSinceEpoch();
}
} // namespace

TunnelService::TunnelService(Relay *relay)
    : QObject(relay),
      m_relay(relay),
      m_connectLimiter(relay->settings().tunnelConnectRate, relay->settings().tunnelConnectBurst)
{
    const Settings &settings = relay->settings();
    if (const int ms = qEnvironmentVariableIntValue("SWITCHBOARD_TUNNEL_REQUEST_TIMEOUT_MS"); ms > 0)
        m_requestTimeoutMs = ms;
    if (const int s = qEnvironmentVariableIntValue("SWITCHBOARD_TUNNEL_SESSION_LIFETIME_S"); s > 0)
        m_sessionLifetimeMs = qint64(s) * 1000;
    m_http = new HttpTunnel(&m_directory, relay->sessions(), settings.tunnelHttpRate, settings.tunnelHttpBurst,
                            m_requestTimeoutMs, this);
    m_webSockets = new WebSocketTunnel(&m_directory, relay->sessions(), settings.pipeBufferBytes, this);

    relay->addStartupStep([this] { return loadSecret(); });
    SessionControl::of(relay->sessions())->addHandler(kService, this, [this](const QString &sessionId) {
        return endSession(sessionId);
    });

    SocketIoServer::Options io;
    io.routePriority = 150; // above the session-host route: a browser's own /socket.io/ is ours
    io.admitHandshake = [this](const HttpRequest &r) {
        return m_connectLimiter.allow(r.peerAddress) ? 0 : m_connectLimiter.retryAfterSeconds(r.peerAddress);
    };
    Cluster *cluster = relay->cluster();
    // Cluster mode: everything on a session's subdomain (its browsers' Socket.IO, its HTTP and
    // WebSocket tunnel) is served by the node its desktop is connected to.
    const auto sessionOfHost = [this](const HttpRequest &r) {
        const QString id = SessionHost::sessionIdFrom(r.host, m_domain);
        return id.isEmpty() || m_directory.find(id) ? QByteArray() : holdNameFor(id);
    };
    if (cluster)
        io.placement = cluster->placementLookingUp(sessionOfHost);
    m_io = new SocketIoServer(relay, io, this);
    connect(m_io, &SocketIoServer::clientArrived, this, &TunnelService::onClientArrived);

    // Every request on a session subdomain is the desktop's, except /socket.io/ above.
    Route sessionHost;
    sessionHost.name = QStringLiteral("tunnel");
    sessionHost.priority = 100;
    // The domain is final once the relay listens (port 0 becomes a real port); routing asks for
    // it on every request, so it is kept rather than built each time.
    m_domain = relay->domain();
    connect(relay, &Relay::listening, this, [this] { m_domain = m_relay->domain(); });
    sessionHost.matches = [this](const HttpRequest &r) {
        return !SessionHost::sessionIdFrom(r.host, m_domain).isEmpty();
    };
    sessionHost.http = [this](const HttpRequest &r, HttpResponder reply) {
        m_http->handle(SessionHost::sessionIdFrom(r.host, m_domain), r, reply);
    };
    sessionHost.webSocket = [this, relay](WebSocketConnection *socket) {
        m_webSockets->accept(SessionHost::sessionIdFrom(socket->request().host, relay->domain()), socket);
    };
    sessionHost.maxWebSocketMessageBytes = 16 * 1024 * 1024;
    sessionHost.acceptOfferedSubprotocol = true; // the desktop asks its dev server for the same one
    if (cluster) {
        sessionHost.placement = cluster->placementLookingUp(sessionOfHost);
        connect(cluster, &Cluster::message, this, &TunnelService::onClusterMessage);
        // The desktop records of PROTOCOLS.md, renewed while the desktop is connected.
        connect(&m_recordRefresh, &QTimer::timeout, this, &TunnelService::refreshClusterRecords);
        m_recordRefresh.start(kRecordRefreshMs);
    }
    relay->router().addRoute(sessionHost);

    Route api;
    api.name = QStringLiteral("tunnel-api");
    api.priority = 10;
    api.methods = {"GET", "HEAD"};
    api.matches = Router::pathStartsWith(QStringLiteral("/api/session/"));
    api.http = [this](const HttpRequest &r, HttpResponder reply) {
        const DesktopSession *session = m_directory.find(r.path.mid(int(strlen("/api/session/"))).toUpper());
        if (!session) {
            reply.send(HttpResponse::json(404, R"({"error":"Session not found"})"));
            return;
        }
        const QJsonObject body{{QStringLiteral("active"), true},
                               {QStringLiteral("created"), double(session->createdMs)},
                               {QStringLiteral("url"), session->url}};
        reply.send(HttpResponse::json(200, QJsonDocument(body).toJson(QJsonDocument::Compact)));
    };
    // Cluster mode: asked about a session another node serves, that node answers.
    if (cluster) {
        api.placement = cluster->placementLookingUp([this](const HttpRequest &r) {
            const QString id = r.path.mid(int(strlen("/api/session/"))).toUpper();
            return !SessionHost::isValidSessionId(id) || m_directory.find(id) ? QByteArray() : holdNameFor(id);
        });
    }
    relay->router().addRoute(api);

    relay->addServiceFigures(kService, [this] {
        return QJsonObject{{QStringLiteral("desktops"), m_directory.onlineDesktops()},
                           {QStringLiteral("clients"), m_directory.connectedClients()}};
    });

    connect(&m_expiry, &QTimer::timeout, this, &TunnelService::expireSessions);
    // Sweep once a minute, or more often when sessions live shorter than that.
    m_expiry.start(int(std::min<qint64>(60 * 1000, std::max<qint64>(250, m_sessionLifetimeMs / 4))));

    connect(relay->devices(), &DeviceRegistry::deviceRevoked, this, &TunnelService::disconnectDevice);
}

TunnelService::~TunnelService() = default;

QString TunnelService::loadSecret()
{
    QByteArray secret = m_relay->settings().jwtSecret.toUtf8();
    if (secret.isEmpty()) {
        QString error;
        secret = m_relay->secrets()->readOrCreate(QStringLiteral("jwt-secret"), 32, &error);
        if (secret.isEmpty())
            return QStringLiteral("jwt_secret: %1").arg(error);
        if (!m_relay->settings().redisUrl.isEmpty())
            secret = clusterSecret(secret);
    }
    m_jwt = std::make_unique<JwtSigner>(secret);
    return {};
}

QByteArray TunnelService::clusterSecret(const QByteArray &own)
{
    // Every node must verify the tokens any node issues (a desktop moves, a browser lands
    // anywhere): without a JWT_SECRET set, the first node's secret, kept in Redis, is everyone's.
    QString error;
    const auto shared = RedisStartupClaim::claim(QUrl(m_relay->settings().redisUrl), "sb:tunnel:jwt-secret", own,
                                                 3000, &error);
    if (shared && !shared->isEmpty())
        return *shared;
    qCWarning(lcTunnel).noquote() << "cluster mode without JWT_SECRET, and Redis could not give the shared secret ("
                                  << error << "): tokens this node issues are refused by the others;"
                                  << "give every node the same JWT_SECRET";
    return own;
}

bool TunnelService::isBridgedName(const QString &event)
{
    return !event.startsWith(QLatin1Char('$')) && !event.startsWith(QLatin1String("relay:"))
           && !event.startsWith(QLatin1String("bridge:"));
}

void TunnelService::onClientArrived(SocketIoClient *client)
{
    const QJsonObject auth = client->auth();
    const QString role = auth.value(QLatin1String("role")).toString();
    if (role == QLatin1String("desktop")) {
        registerDesktop(client);
        return;
    }
    // A browser names its session in auth, or by the host it was served from.
    QString sessionId = auth.value(QLatin1String("sessionId")).toString().toUpper();
    if (sessionId.isEmpty())
        sessionId = SessionHost::sessionIdFrom(client->openingRequest().host, m_relay->domain());
    const bool browser = role == QLatin1String("client") || (role.isEmpty() && !sessionId.isEmpty());
    if (!browser || !SessionHost::isValidSessionId(sessionId)) {
        refuseAfterConnect(client, QStringLiteral("Invalid connection parameters"));
        return;
    }
    admitBrowser(client, sessionId);
}

void TunnelService::refuseAfterConnect(SocketIoClient *client, const QString &message)
{
    // The Clode web UI listens for an `error` event with a plain string, as the original sends.
    qCInfo(lcTunnel).noquote() << "refusing" << client->openingRequest().peerAddress.toString() << ":" << message;
    client->accept();
    client->emitEvent(QStringLiteral("error"), QJsonArray{message});
    client->disconnectClient();
}

QByteArray TunnelService::holdNameFor(const QString &sessionId)
{
    return "tunnel/" + sessionId.toUtf8();
}

void TunnelService::registerDesktop(SocketIoClient *desktop)
{
    const QString deviceId = desktop->auth().value(QLatin1String("deviceId")).toString().left(128);
    Cluster *cluster = m_relay->cluster();
    if (!cluster || !cluster->isRedisReachable() || m_directory.findByDevice(deviceId)) {
        registerDesktopAs(desktop, deviceId, QString());
        return;
    }
    // Cluster mode: a desktop that was connected to another node keeps its session id here.
    QPointer<SocketIoClient> guard(desktop);
    cluster->get("sb:tunnel:device:" + deviceId.toUtf8(), [this, guard, deviceId](std::optional<QByteArray> id) {
        if (guard)
            claimSessionId(guard, deviceId, id ? QString::fromUtf8(*id) : QString(), 0);
    });
}

void TunnelService::claimSessionId(SocketIoClient *desktop, const QString &deviceId, const QString &wanted, int attempt)
{
    Cluster *cluster = m_relay->cluster();
    const bool known = SessionHost::isValidSessionId(wanted);
    const QString id = known ? wanted : DesktopDirectory::randomId();
    QPointer<SocketIoClient> guard(desktop);
    const auto claimed = [this, guard, deviceId, id, known, attempt, cluster](const QString &owner) {
        if (!guard)
            return;
        if (owner != cluster->nodeId() && !known && attempt < 8) {
            claimSessionId(guard, deviceId, QString(), attempt + 1); // another node's session: draw again
            return;
        }
        if (owner != cluster->nodeId()) {
            // The device's session, still held by the node its desktop left: it moves here.
            cluster->sendTo(owner, QJsonObject{{QStringLiteral("type"), QStringLiteral("tunnel-moved")},
                                               {QStringLiteral("session"), id}});
        }
        registerDesktopAs(guard, deviceId, id);
    };
    if (known)
        cluster->take(holdNameFor(id), claimed);
    else
        cluster->hold(holdNameFor(id), claimed);
}

void TunnelService::registerDesktopAs(SocketIoClient *desktop, const QString &deviceId, const QString &wantedId)
{
    DesktopSession *session = m_directory.findByDevice(deviceId);
    const bool returning = session != nullptr;
    if (!session)
        session = &m_directory.create(deviceId, wantedId);
    if (session->desktop && session->desktop != desktop) {
        // The same device connected again while its old connection lingers: the new one wins.
        session->desktop->disconnectClient();
    }
    const QString sessionId = session->id;
    session->desktop = desktop;
    session->expiresMs = 0;
    session->url = SessionHost::urlFor(m_relay->publicScheme(), sessionId, m_relay->domain());
    desktop->accept();

    const QString token = m_jwt->sign(QJsonObject{{QStringLiteral("sessionId"), sessionId},
                                                  {QStringLiteral("iat"), double(nowSeconds())},
                                                  {QStringLiteral("exp"), double(nowSeconds() + kTokenLifetimeSeconds)}});
    desktop->emitEvent(QStringLiteral("registered"),
                       QJsonArray{QJsonObject{{QStringLiteral("sessionId"), sessionId},
                                              {QStringLiteral("url"), session->url},
                                              {QStringLiteral("token"), token},
                                              {QStringLiteral("connectUrl"), session->url + QStringLiteral("?token=") + token}}});
    if (!returning) {
        Session s;
        s.service = kService;
        s.id = sessionId;
        m_relay->sessions()->begin(s);
    }
    if (Cluster *cluster = m_relay->cluster()) {
        cluster->hold(holdNameFor(sessionId), [](const QString &) {});
        writeClusterRecords(*session);
    }
    updateRegistryPeers(*session);
    qCInfo(lcTunnel).noquote() << (returning ? "desktop returned to session" : "desktop registered session") << sessionId
                               << "from" << desktop->openingRequest().peerAddress.toString();

    connect(desktop, &SocketIoClient::eventReceived, this,
            [this, sessionId, desktop](const QString &name, const QJsonArray &args, const Ack &ack) {
                onDesktopEvent(sessionId, desktop, name, args);
                if (ack)
                    ack(QJsonArray{}); // the relay itself has nothing to answer with
            });
    connect(desktop, &SocketIoClient::disconnected, this, [this, sessionId, desktop] { desktopLeft(sessionId, desktop); });
    // HTTP answers are most of a busy desktop's traffic: they skip the QJsonArray path.
    desktop->setRawEventHandler(QStringLiteral("http:response"), [this, sessionId, desktop](QByteArrayView eventJson) {
        const DesktopSession *session = m_directory.find(sessionId);
        if (!session || session->desktop != desktop)
            return true; // an old connection of a desktop that has reconnected since: dropped
        return m_http->onResponseJson(sessionId, eventJson);
    });
}

void TunnelService::admitBrowser(SocketIoClient *browser, const QString &sessionId)
{
    DesktopSession *session = m_directory.find(sessionId);
    if (!session && m_relay->cluster()) {
        // A browser on the bare domain naming a session another node serves: its Socket.IO
        // session was opened here before it named one, too late to carry it over. Say so as the
        // original relay does; a browser on the session's own origin is carried over from the start.
        const QPointer<SocketIoClient> waiting(browser);
        m_relay->cluster()->holder(holdNameFor(sessionId), [this, waiting, sessionId](const QString &node) {
            if (!waiting)
                return;
            if (!node.isEmpty() && node != m_relay->cluster()->nodeId() && !m_directory.find(sessionId))
                refuseAfterConnect(waiting, QStringLiteral("Desktop is connected to a different relay instance. Try refreshing."));
            else
                admitLocalBrowser(waiting, sessionId);
        });
        return;
    }
    admitLocalBrowser(browser, sessionId);
}

void TunnelService::admitLocalBrowser(SocketIoClient *browser, const QString &sessionId)
{
    DesktopSession *session = m_directory.find(sessionId);
    if (!session) {
        refuseAfterConnect(browser, QStringLiteral("Session not found or expired"));
        return;
    }
    QString deviceId;
    if (!m_relay->settings().tunnelOpenAccess) {
        QString why;
        if (!tokenAdmits(browser->auth().value(QLatin1String("token")).toString(), sessionId, &why, &deviceId)) {
            qCInfo(lcTunnel).noquote() << "session" << sessionId << ": refusing a browser without a valid token:" << why;
            refuseAfterConnect(browser, QStringLiteral("Invalid or expired token"));
            return;
        }
    }
    if (!session->desktopOnline()) {
        refuseAfterConnect(browser, QStringLiteral("Desktop is offline"));
        return;
    }
    browser->accept();
    session->clients.append(browser);
    if (!deviceId.isEmpty())
        m_deviceBrowsers.insert(deviceId, browser);
    browser->emitEvent(QStringLiteral("connected"), QJsonArray{QJsonObject{{QStringLiteral("success"), true}}});
    updateRegistryPeers(*session);
    qCInfo(lcTunnel).noquote() << "session" << sessionId << ": browser connected from"
                               << browser->openingRequest().peerAddress.toString()
                               << (deviceId.isEmpty() ? QString() : QStringLiteral("(paired device %1)").arg(deviceId));

    connect(browser, &SocketIoClient::eventReceived, this,
            [this, sessionId, browser](const QString &name, const QJsonArray &args, const Ack &ack) {
                onBrowserEvent(sessionId, browser, name, args, ack);
            });
    connect(browser, &SocketIoClient::disconnected, this, [this, sessionId, browser] { browserLeft(sessionId, browser); });
}

bool TunnelService::tokenAdmits(const QString &token, const QString &sessionId, QString *why, QString *deviceId) const
{
    if (token.startsWith(DeviceRegistry::tokenPrefix())) {
        const auto device = m_relay->devices()->deviceForToken(token);
        if (!device) {
            *why = QStringLiteral("unknown or revoked device token");
            return false;
        }
        *deviceId = *device;
        return true;
    }
    const JwtSigner::Verified verified = m_jwt->verify(token, nowSeconds());
    if (!verified.ok) {
        *why = verified.error;
        return false;
    }
    if (verified.claims.value(QLatin1String("sessionId")).toString() != sessionId) {
        *why = QStringLiteral("token is for another session");
        return false;
    }
    return true;
}

void TunnelService::disconnectDevice(const QString &deviceId)
{
    const QList<QPointer<SocketIoClient>> browsers = m_deviceBrowsers.values(deviceId);
    m_deviceBrowsers.remove(deviceId);
    for (const QPointer<SocketIoClient> &browser : browsers) {
        if (!browser)
            continue;
        qCInfo(lcTunnel).noquote() << "disconnecting a browser of revoked device" << deviceId;
        browser->emitEvent(QStringLiteral("error"), QJsonArray{QStringLiteral("Device revoked")});
        browser->disconnectClient();
    }
}

void TunnelService::onBrowserEvent(const QString &sessionId, SocketIoClient *browser, const QString &name,
                                   const QJsonArray &args, const Ack &ack)
{
    // ws:* are the relay's own events with the desktop for tunnelled WebSockets (docs/tunnel.md).
    // The desktop cannot tell a forwarded browser event from the relay's, so a browser sending
    // ws:message or ws:close with a guessable stream id ("ws-1") would feed or close another
    // browser's tunnelled socket. The Clode UI never sends them (the original had no such events).
    if (!isBridgedName(name) || name.startsWith(QLatin1String("ws:")))
        return;
    DesktopSession *session = m_directory.find(sessionId);
    if (!session || !session->desktopOnline()) {
        if (ack)
            ack(QJsonArray{QJsonObject{{QStringLiteral("error"), QStringLiteral("Desktop is offline")}}});
        return;
    }
    if (!ack) {
        session->desktop->emitEvent(name, args);
        return;
    }
    // An acknowledged event travels as bridge:request, and the desktop's bridge:response is routed
    // back by requestId, so any number of browsers can wait for answers at once.
    const QString requestId = browser->id() + QLatin1Char('-') + QString::number(++m_bridgeCounters[browser->id()]);
    auto *timer = new QTimer(this);
    timer->setSingleShot(true);
    connect(timer, &QTimer::timeout, this, [this, requestId] {
        answerBridge(requestId, QJsonArray{QJsonObject{{QStringLiteral("error"), QStringLiteral("Request timeout")}}});
    });
    timer->start(m_requestTimeoutMs);
    m_bridge.insert(requestId, PendingBridge{sessionId, ack, timer});
    session->desktop->emitEvent(QStringLiteral("bridge:request"),
                                QJsonArray{QJsonObject{{QStringLiteral("requestId"), requestId},
                                                       {QStringLiteral("event"), name},
                                                       {QStringLiteral("args"), args}}});
}

void TunnelService::answerBridge(const QString &requestId, const QJsonArray &response)
{
    const auto it = m_bridge.find(requestId);
    if (it == m_bridge.end())
        return;
    const PendingBridge pending = *it;
    m_bridge.erase(it);
    pending.timer->deleteLater();
    pending.ack(response);
}

void TunnelService::onDesktopEvent(const QString &sessionId, SocketIoClient *desktop, const QString &name,
                                   const QJsonArray &args)
{
    DesktopSession *session = m_directory.find(sessionId);
    if (!session || session->desktop != desktop)
        return; // an old connection of a desktop that has reconnected since
    const QJsonObject payload = args.isEmpty() ? QJsonObject() : args.first().toObject();
    if (name == QLatin1String("http:response")) {
        m_http->onResponse(sessionId, payload);
        return;
    }
    if (name == QLatin1String("bridge:response")) {
        const QString requestId = payload.value(QLatin1String("requestId")).toString();
        const auto it = m_bridge.constFind(requestId);
        if (it != m_bridge.cend() && it->sessionId == sessionId)
            answerBridge(requestId, QJsonArray{payload.value(QLatin1String("response"))});
        return;
    }
    if (m_webSockets->onDesktopEvent(sessionId, name, payload))
        return;
    if (!isBridgedName(name))
        return;
    for (const auto &client : std::as_const(session->clients)) {
        if (client)
            client->emitEvent(name, args);
    }
}

bool TunnelService::endSession(const QString &sessionId, bool byOwner)
{
    // The tray's "Disconnect": the session ends at once (its share URL stops working), its
    // desktop and browsers are disconnected, waiting HTTP requests get 503. A desktop that comes
    // back gets a new session.
    DesktopSession *session = m_directory.find(sessionId);
    if (!session)
        return false;
    const QPointer<SocketIoClient> desktop = session->desktop;
    const QList<QPointer<SocketIoClient>> clients = session->clients;
    if (desktop)
        desktopLeft(sessionId, desktop);
    m_directory.remove(sessionId);
    m_relay->sessions()->end(Session::keyFor(kService, sessionId));
    Cluster *cluster = m_relay->cluster();
    if (byOwner) {
        qCInfo(lcTunnel).noquote() << "session" << sessionId << "ended by the relay's owner";
        if (cluster) {
            cluster->release(holdNameFor(sessionId));
            cluster->deleteOwnedRecord("sb:tunnel:desktop:" + sessionId.toUtf8());
        }
    } else if (cluster) {
        cluster->forget(holdNameFor(sessionId)); // the node it moved to holds it now
    }
    for (const QPointer<SocketIoClient> &client : clients) {
        if (client)
            client->disconnectClient();
    }
    if (desktop)
        desktop->disconnectClient();
    return true;
}

void TunnelService::desktopLeft(const QString &sessionId, SocketIoClient *desktop)
{
    DesktopSession *session = m_directory.find(sessionId);
    if (!session || session->desktop != desktop)
        return;
    session->desktop = nullptr;
    session->expiresMs = QDateTime::currentMSecsSinceEpoch() + m_sessionLifetimeMs;
    m_http->desktopLeft(sessionId);
    m_webSockets->desktopLeft(sessionId);
    QStringList waiting;
    for (auto it = m_bridge.cbegin(); it != m_bridge.cend(); ++it) {
        if (it->sessionId == sessionId)
            waiting << it.key();
    }
    for (const QString &requestId : std::as_const(waiting))
        answerBridge(requestId, QJsonArray{QJsonObject{{QStringLiteral("error"), QStringLiteral("Connection closed")}}});
    updateRegistryPeers(*session);
    qCInfo(lcTunnel).noquote() << "desktop of session" << sessionId << "disconnected; the session is kept for"
                               << m_sessionLifetimeMs / 1000 << "s";
}

void TunnelService::browserLeft(const QString &sessionId, SocketIoClient *browser)
{
    m_bridgeCounters.remove(browser->id());
    for (auto it = m_deviceBrowsers.begin(); it != m_deviceBrowsers.end();) {
        if (it.value().isNull() || it.value() == browser)
            it = m_deviceBrowsers.erase(it);
        else
            ++it;
    }
    DesktopSession *session = m_directory.find(sessionId);
    if (!session)
        return;
    session->clients.removeIf([browser](const QPointer<SocketIoClient> &c) { return c.isNull() || c == browser; });
    updateRegistryPeers(*session);
}

void TunnelService::updateRegistryPeers(const DesktopSession &session)
{
    QStringList peers;
    QStringList addresses;
    if (session.desktop) {
        peers << QStringLiteral("desktop");
        addresses << session.desktop->openingRequest().peerAddress.toString();
    }
    for (const auto &client : session.clients) {
        if (client) {
            peers << QStringLiteral("browser");
            addresses << client->openingRequest().peerAddress.toString();
        }
    }
    m_relay->sessions()->setPeers(Session::keyFor(kService, session.id), peers, addresses);
}

void TunnelService::expireSessions()
{
    for (const QString &id : m_directory.expire(QDateTime::currentMSecsSinceEpoch())) {
        m_relay->sessions()->end(Session::keyFor(kService, id));
        if (Cluster *cluster = m_relay->cluster()) {
            cluster->release(holdNameFor(id));
            cluster->deleteOwnedRecord("sb:tunnel:desktop:" + id.toUtf8());
        }
        qCInfo(lcTunnel).noquote() << "session" << id << "expired";
    }
}

void TunnelService::writeClusterRecords(const DesktopSession &session)
{
    Cluster *cluster = m_relay->cluster();
    cluster->setOwnedRecord("sb:tunnel:desktop:" + session.id.toUtf8(), kRecordTtlMs);
    if (!session.deviceId.isEmpty())
        cluster->set("sb:tunnel:device:" + session.deviceId.toUtf8(), session.id.toUtf8(), kRecordTtlMs);
}

void TunnelService::refreshClusterRecords()
{
    for (const QString &id : m_directory.ids()) {
        if (const DesktopSession *session = m_directory.find(id); session && session->desktopOnline())
            writeClusterRecords(*session);
    }
}

void TunnelService::onClusterMessage(const QJsonObject &message, const QString &from)
{
    if (from == m_relay->cluster()->nodeId()
        || message.value(QStringLiteral("type")).toString() != QLatin1String("tunnel-moved"))
        return;
    // The session's desktop reconnected to another node, which serves the session from now on;
    // browsers still here are dropped and reconnect to it through the session's subdomain.
    const QString id = message.value(QStringLiteral("session")).toString();
    if (m_directory.find(id)) {
        qCInfo(lcTunnel).noquote() << "session" << id << "moved to another node with its desktop";
        endSession(id, /*byOwner=*/false);
    }
}

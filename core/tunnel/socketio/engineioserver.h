#pragma once
// The Engine.IO v4 endpoint at /socket.io/: registers an HTTP route (polling GET and POST, the
// OPTIONS preflight) and a WebSocket route on the relay's router, checks every request the way
// the reference server does (transport, sid, handshake method, protocol version), and keeps the
// table of sessions. What the sessions carry is the business of the layer above.
#include "net/router.h"
#include "engineiohttp.h"
#include "engineiosession.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <functional>

class Relay;
class Router;

class EngineIoServer : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        EngineIoSession::Options session;
        int maxSessions = 10000;
        // Requests whose Host this refuses fall through to other routes; empty accepts any.
        std::function<bool(const HttpRequest &)> hostFilter;
        int routePriority = 50;
        std::function<int(const HttpRequest &)> admitHandshake; // see SocketIoServer::Options
        RoutePlacement placement; // cluster mode: see Route::placement
    };

    EngineIoServer(Relay *relay, const Options &options, QObject *parent = nullptr);
    ~EngineIoServer() override;

    int sessionCount() const { return int(m_sessions.size()); }
    static bool isEngineIoPath(const QString &path);
    // 20 characters of URL-safe base64 from 15 random bytes, as the reference's ids.
    static QString newId();

signals:
    // A new session whose open packet has been sent. The server owns it and deletes it after its
    // `closed` signal.
    void sessionOpened(EngineIoSession *session);

private:
    bool matches(const HttpRequest &request) const;
    // Why a request cannot be served, as the reference checks in this order; empty if it can.
    std::optional<EngineIoHttp::Error> verify(const HttpRequest &request, bool upgrade) const;
    void handleHttp(const HttpRequest &request, HttpResponder responder);
    void handleWebSocket(WebSocketConnection *socket);
    EngineIoSession *createSession(const HttpRequest &request);

    QPointer<Relay> m_relay; // null while the relay is being destroyed (its router is gone then)
    Router *m_router;
    Options m_options;
    QString m_routeName;
    QHash<QString, EngineIoSession *> m_sessions;
};

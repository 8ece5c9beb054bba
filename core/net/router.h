#pragma once
// Routing by Host and path. Services add routes; the front door asks which one a request takes.
// A route may serve plain HTTP, WebSocket upgrades, or both.
#include "httprequest.h"
#include "httpresponder.h"
#include "link/linktarget.h"

#include <QList>
#include <functional>
#include <optional>

class WebSocketConnection;

using HttpHandler = std::function<void(const HttpRequest &, HttpResponder)>;
// Receives a WebSocket that has completed its handshake; its request() is the one that opened it.
using WebSocketHandler = std::function<void(WebSocketConnection *)>;
using RouteMatcher = std::function<bool(const HttpRequest &)>;
// Cluster mode: whether another node holds what this request is for (a desktop's session, a
// mesh's room). Calls `done`, at once or later, with that node's link target, or with nothing to
// serve the request here.
using PlacementDone = std::function<void(std::optional<LinkTarget>)>;
using RoutePlacement = std::function<void(const HttpRequest &, PlacementDone done)>;

struct Route
{
    QString name; // used in logs
    int priority = 0; // higher is tried first; equal priorities keep the order they were added
    RouteMatcher matches;
    QList<QByteArray> methods; // allowed for plain HTTP; empty allows any
    HttpHandler http;
    WebSocketHandler webSocket;
    // The largest WebSocket message accepted on this route; a larger one closes with 1009.
    qint64 maxWebSocketMessageBytes = 1024 * 1024;
    // Accept the first subprotocol the client offers (Sec-WebSocket-Protocol) instead of none: for
    // WebSockets carried on to a server that will pick it (a dev server's "vite-hmr").
    bool acceptOfferedSubprotocol = false;
    // Unset: always served here.
    RoutePlacement placement;
};

struct RouteDecision
{
    enum Kind { Http, WebSocket, NotFound, MethodNotAllowed, UpgradeRequired };
    Kind kind = NotFound;
    const Route *route = nullptr;
    QByteArray allowedMethods; // for 405: the Allow header
};

class Router
{
public:
    void addRoute(Route route);
    void removeRoutes(const QString &name);
    RouteDecision resolve(const HttpRequest &request) const;
    int routeCount() const { return int(m_routes.size()); }

    // Matchers for the common cases.
    static RouteMatcher pathIs(const QString &path);
    static RouteMatcher pathStartsWith(const QString &prefix);
    static RouteMatcher anyRequest();

private:
    QList<Route> m_routes; // kept sorted by priority, highest first
};

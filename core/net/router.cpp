#include "router.h"

#include <algorithm>

void Router::addRoute(Route route)
{
    const auto position = std::upper_bound(
        m_routes.begin(), m_routes.end(), route.priority,
        [](int priority, const Route &existing) { return priority > existing.priority; });
    m_routes.insert(position, std::move(route));
}

void Router::removeRoutes(const QString &name)
{
    m_routes.removeIf([&](const Route &r) { return r.name == name; });
}

RouteDecision Router::resolve(const HttpRequest &request) const
{
    // An upgrade goes to the first WebSocket route that matches, even past plain routes of higher
    // priority (the status page at "/" must not swallow a pairing client connecting there).
    if (request.upgradeToWebSocket) {
        for (const Route &route : m_routes) {
            if (route.webSocket && route.matches && route.matches(request))
                return {RouteDecision::WebSocket, &route, {}};
        }
    }
    QList<QByteArray> allowed;
    bool wantsUpgrade = false;
    for (const Route &route : m_routes) {
        if (!route.matches || !route.matches(request))
            continue;
        if (!route.http) {
            if (route.webSocket)
                wantsUpgrade = true;
            continue;
        }
        if (route.methods.isEmpty() || route.methods.contains(request.method))
            return {RouteDecision::Http, &route, {}};
        for (const QByteArray &m : route.methods) {
            if (!allowed.contains(m))
                allowed << m;
        }
    }
    if (!allowed.isEmpty())
        return {RouteDecision::MethodNotAllowed, nullptr, allowed.join(", ")};
    if (wantsUpgrade)
        return {RouteDecision::UpgradeRequired, nullptr, {}};
    return {};
}

RouteMatcher Router::pathIs(const QString &path)
{
    return [path](const HttpRequest &r) { return r.path == path; };
}

RouteMatcher Router::pathStartsWith(const QString &prefix)
{
    return [prefix](const HttpRequest &r) { return r.path.startsWith(prefix); };
}

RouteMatcher Router::anyRequest()
{
    return [](const HttpRequest &) { return true; };
}

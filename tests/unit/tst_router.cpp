// Unit tests for Router: which route a request takes, and the 404/405/426 answers.
#include "net/router.h"

#include <QtTest>

namespace {

HttpRequest request(const QByteArray &method, const QString &path, const QString &host = QString())
{
    HttpRequest r;
    r.method = method;
    r.path = path;
    r.target = path.toUtf8();
    r.host = host;
    return r;
}

HttpRequest upgradeRequest(const QString &path)
{
    HttpRequest r = request("GET", path);
    r.upgradeToWebSocket = true;
    return r;
}

HttpHandler anyHttp()
{
    return [](const HttpRequest &, HttpResponder) {};
}

WebSocketHandler anyWebSocket()
{
    return [](WebSocketConnection *) {};
}

Route httpRoute(const QString &name, RouteMatcher matcher, int priority = 0,
                QList<QByteArray> methods = {})
{
    Route route;
    route.name = name;
    route.priority = priority;
    route.matches = std::move(matcher);
    route.methods = std::move(methods);
    route.http = anyHttp();
    return route;
}

Route webSocketRoute(const QString &name, RouteMatcher matcher, int priority = 0)
{
    Route route;
    route.name = name;
    route.priority = priority;
    route.matches = std::move(matcher);
    route.webSocket = anyWebSocket();
    return route;
}

QString routeName(const RouteDecision &decision)
{
    return decision.route ? decision.route->name : QString();
}

} // namespace

char *toString(RouteDecision::Kind kind)
{
    switch (kind) {
    case RouteDecision::Http: return qstrdup("Http");
    case RouteDecision::WebSocket: return qstrdup("WebSocket");
    case RouteDecision::NotFound: return qstrdup("NotFound");
    case RouteDecision::MethodNotAllowed: return qstrdup("MethodNotAllowed");
    case RouteDecision::UpgradeRequired: return qstrdup("UpgradeRequired");
    }
    return qstrdup("?");
}

class tst_Router : public QObject
{
    Q_OBJECT

private slots:
    void upgradeSkipsPlainRoutesOfHigherPriority()
    {
        Router router;
        router.addRoute(httpRoute("status", Router::pathIs("/"), -100, {"GET"}));
        router.addRoute(webSocketRoute("catch-all", Router::anyRequest(), -200));
        const RouteDecision upgrade = router.resolve(upgradeRequest("/"));
        QCOMPARE(upgrade.kind, RouteDecision::WebSocket);
        QCOMPARE(routeName(upgrade), QString("catch-all"));
        // A plain GET still gets the page.
        QCOMPARE(routeName(router.resolve(request("GET", "/"))), QString("status"));
    }

    void higherPriorityIsTriedFirst();
    void higherPriorityWinsWhenAddedLater();
    void equalPriorityKeepsInsertionOrder();
    void mixedPrioritiesSortCorrectly();
    void nothingMatchesIsNotFound();
    void emptyRouterIsNotFound();
    void routeWithoutMatcherNeverMatches();
    void disallowedMethodIsMethodNotAllowed();
    void allowedMethodsAreTheUnionOfMatchingRoutes();
    void laterRouteAllowingMethodWinsOverEarlier405();
    void emptyMethodListAllowsAnyMethod();
    void plainGetOnWebSocketOnlyRouteIsUpgradeRequired();
    void plainGetFallsThroughWebSocketOnlyRouteToHttpRoute();
    void upgradeRequestGoesToWebSocketRoute();
    void routeWithBothServesHttpAndWebSocket();
    void upgradeRequestWithNoWebSocketRouteIsHttp();
    void hostMatcherWithHigherPriorityBeatsPathRoute();
    void removeRoutesRemovesEveryRouteWithThatName();
    void removeRoutesOfUnknownNameChangesNothing();
    void matcherHelpers();
};

void tst_Router::higherPriorityIsTriedFirst()
{
    Router router;
    router.addRoute(httpRoute("high", Router::anyRequest(), 10));
    router.addRoute(httpRoute("low", Router::anyRequest(), 1));
    const RouteDecision d = router.resolve(request("GET", "/"));
    QCOMPARE(d.kind, RouteDecision::Http);
    QCOMPARE(routeName(d), QStringLiteral("high"));
}

void tst_Router::higherPriorityWinsWhenAddedLater()
{
    Router router;
    router.addRoute(httpRoute("low", Router::anyRequest(), 1));
    router.addRoute(httpRoute("high", Router::anyRequest(), 10));
    QCOMPARE(routeName(router.resolve(request("GET", "/"))), QStringLiteral("high"));
}

void tst_Router::equalPriorityKeepsInsertionOrder()
{
    Router router;
    router.addRoute(httpRoute("first", Router::anyRequest(), 5));
    router.addRoute(httpRoute("second", Router::anyRequest(), 5));
    router.addRoute(httpRoute("third", Router::anyRequest(), 5));
    QCOMPARE(routeName(router.resolve(request("GET", "/"))), QStringLiteral("first"));
    router.removeRoutes(QStringLiteral("first"));
    QCOMPARE(routeName(router.resolve(request("GET", "/"))), QStringLiteral("second"));
}

void tst_Router::mixedPrioritiesSortCorrectly()
{
    // Every route matches, so the order can be read off by removing the winner again and again.
    Router router;
    const QList<QPair<QString, int>> added{{"a0", 0}, {"b5", 5}, {"c0", 0}, {"d-3", -3},
                                           {"e5", 5}, {"f9", 9}};
    for (const auto &[name, priority] : added)
        router.addRoute(httpRoute(name, Router::anyRequest(), priority));
    QStringList order;
    for (qsizetype i = 0; i < added.size(); ++i) { // bounded even if removal were broken
        const QString winner = routeName(router.resolve(request("GET", "/any")));
        QVERIFY(!winner.isEmpty());
        order << winner;
        router.removeRoutes(winner);
    }
    QCOMPARE(order, (QStringList{"f9", "b5", "e5", "a0", "c0", "d-3"}));
    QCOMPARE(router.routeCount(), 0);
}

void tst_Router::nothingMatchesIsNotFound()
{
    Router router;
    router.addRoute(httpRoute("status", Router::pathIs("/status")));
    router.addRoute(webSocketRoute("live", Router::pathIs("/live")));
    const RouteDecision d = router.resolve(request("GET", "/missing"));
    QCOMPARE(d.kind, RouteDecision::NotFound);
    QVERIFY(d.route == nullptr);
    QVERIFY(d.allowedMethods.isEmpty());
    QCOMPARE(router.resolve(upgradeRequest("/missing")).kind, RouteDecision::NotFound);
}

void tst_Router::emptyRouterIsNotFound()
{
    Router router;
    QCOMPARE(router.routeCount(), 0);
    QCOMPARE(router.resolve(request("GET", "/")).kind, RouteDecision::NotFound);
}

void tst_Router::routeWithoutMatcherNeverMatches()
{
    Router router;
    Route route = httpRoute("no-matcher", RouteMatcher());
    router.addRoute(route);
    QCOMPARE(router.resolve(request("GET", "/")).kind, RouteDecision::NotFound);
}

void tst_Router::disallowedMethodIsMethodNotAllowed()
{
    Router router;
    router.addRoute(httpRoute("status", Router::pathIs("/status"), 0, {"GET", "HEAD"}));
    const RouteDecision d = router.resolve(request("POST", "/status"));
    QCOMPARE(d.kind, RouteDecision::MethodNotAllowed);
    QVERIFY(d.route == nullptr);
    QCOMPARE(d.allowedMethods, QByteArray("GET, HEAD"));
    QCOMPARE(router.resolve(request("HEAD", "/status")).kind, RouteDecision::Http);
}

void tst_Router::allowedMethodsAreTheUnionOfMatchingRoutes()
{
    Router router;
    router.addRoute(httpRoute("read", Router::pathStartsWith("/api"), 2, {"GET", "HEAD"}));
    router.addRoute(httpRoute("write", Router::pathStartsWith("/api"), 1, {"POST", "GET"}));
    router.addRoute(httpRoute("elsewhere", Router::pathIs("/other"), 0, {"PUT"}));
    const RouteDecision d = router.resolve(request("DELETE", "/api/x"));
    QCOMPARE(d.kind, RouteDecision::MethodNotAllowed);
    // In route order, each method once; routes that do not match contribute nothing.
    QCOMPARE(d.allowedMethods, QByteArray("GET, HEAD, POST"));
}

void tst_Router::laterRouteAllowingMethodWinsOverEarlier405()
{
    Router router;
    router.addRoute(httpRoute("read", Router::pathIs("/x"), 2, {"GET"}));
    router.addRoute(httpRoute("write", Router::pathIs("/x"), 1, {"POST"}));
    const RouteDecision d = router.resolve(request("POST", "/x"));
    QCOMPARE(d.kind, RouteDecision::Http);
    QCOMPARE(routeName(d), QStringLiteral("write"));
}

void tst_Router::emptyMethodListAllowsAnyMethod()
{
    Router router;
    router.addRoute(httpRoute("any", Router::anyRequest()));
    for (const QByteArray method : {"GET", "POST", "DELETE", "PATCH", "OPTIONS"}) {
        const RouteDecision d = router.resolve(request(method, "/"));
        QCOMPARE(d.kind, RouteDecision::Http);
    }
}

void tst_Router::plainGetOnWebSocketOnlyRouteIsUpgradeRequired()
{
    Router router;
    router.addRoute(webSocketRoute("live", Router::pathIs("/live")));
    const RouteDecision d = router.resolve(request("GET", "/live"));
    QCOMPARE(d.kind, RouteDecision::UpgradeRequired);
    QVERIFY(d.route == nullptr);
}

void tst_Router::plainGetFallsThroughWebSocketOnlyRouteToHttpRoute()
{
    Router router;
    router.addRoute(webSocketRoute("live", Router::pathIs("/live"), 10));
    router.addRoute(httpRoute("fallback", Router::anyRequest(), 0));
    const RouteDecision d = router.resolve(request("GET", "/live"));
    QCOMPARE(d.kind, RouteDecision::Http);
    QCOMPARE(routeName(d), QStringLiteral("fallback"));
}

void tst_Router::upgradeRequestGoesToWebSocketRoute()
{
    Router router;
    router.addRoute(httpRoute("page", Router::pathIs("/other")));
    router.addRoute(webSocketRoute("live", Router::pathIs("/live")));
    const RouteDecision d = router.resolve(upgradeRequest("/live"));
    QCOMPARE(d.kind, RouteDecision::WebSocket);
    QCOMPARE(routeName(d), QStringLiteral("live"));
}

void tst_Router::routeWithBothServesHttpAndWebSocket()
{
    Router router;
    Route both = httpRoute("both", Router::pathIs("/tunnel"));
    both.webSocket = anyWebSocket();
    router.addRoute(both);
    QCOMPARE(router.resolve(request("GET", "/tunnel")).kind, RouteDecision::Http);
    QCOMPARE(router.resolve(upgradeRequest("/tunnel")).kind, RouteDecision::WebSocket);
}

void tst_Router::upgradeRequestWithNoWebSocketRouteIsHttp()
{
    Router router;
    router.addRoute(httpRoute("page", Router::pathIs("/page")));
    const RouteDecision d = router.resolve(upgradeRequest("/page"));
    QCOMPARE(d.kind, RouteDecision::Http);
    QCOMPARE(routeName(d), QStringLiteral("page"));
}

void tst_Router::hostMatcherWithHigherPriorityBeatsPathRoute()
{
    Router router;
    router.addRoute(httpRoute("status", Router::pathIs("/status"), 0));
    router.addRoute(httpRoute("tunnel-host",
                              [](const HttpRequest &r) {
                                  return r.hostName().endsWith(QLatin1String(".relay.example"));
                              },
                              100));
    QCOMPARE(routeName(router.resolve(request("GET", "/status", "abc.relay.example:8765"))),
             QStringLiteral("tunnel-host"));
    QCOMPARE(routeName(router.resolve(request("GET", "/status", "relay.example"))),
             QStringLiteral("status"));
}

void tst_Router::removeRoutesRemovesEveryRouteWithThatName()
{
    Router router;
    router.addRoute(httpRoute("tunnel", Router::pathIs("/a")));
    router.addRoute(webSocketRoute("tunnel", Router::pathIs("/b")));
    router.addRoute(httpRoute("status", Router::pathIs("/status")));
    QCOMPARE(router.routeCount(), 3);
    router.removeRoutes(QStringLiteral("tunnel"));
    QCOMPARE(router.routeCount(), 1);
    QCOMPARE(router.resolve(request("GET", "/a")).kind, RouteDecision::NotFound);
    QCOMPARE(router.resolve(upgradeRequest("/b")).kind, RouteDecision::NotFound);
    QCOMPARE(router.resolve(request("GET", "/status")).kind, RouteDecision::Http);
}

void tst_Router::removeRoutesOfUnknownNameChangesNothing()
{
    Router router;
    router.addRoute(httpRoute("status", Router::pathIs("/status")));
    router.removeRoutes(QStringLiteral("nothing"));
    QCOMPARE(router.routeCount(), 1);
    QCOMPARE(router.resolve(request("GET", "/status")).kind, RouteDecision::Http);
}

void tst_Router::matcherHelpers()
{
    QVERIFY(Router::pathIs("/a")(request("GET", "/a")));
    QVERIFY(!Router::pathIs("/a")(request("GET", "/a/b")));
    QVERIFY(Router::pathStartsWith("/a/")(request("GET", "/a/b")));
    QVERIFY(!Router::pathStartsWith("/a/")(request("GET", "/ab")));
    QVERIFY(Router::anyRequest()(request("PATCH", "/whatever")));
}

QTEST_GUILESS_MAIN(tst_Router)
#include "tst_router.moc"

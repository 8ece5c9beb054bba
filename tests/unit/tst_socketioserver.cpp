// Unit tests for the Socket.IO server as the relay's router sees it: which requests its routes
// take (path, host filter), the handshake through the router, clients arriving and counted, and
// its routes gone with it. (Every service is switched off, so only these routes are there.)
#include "pollingtestclient.h"
#include "net/router.h"
#include "relay.h"
#include "tunnel/socketio/socketioserver.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QtTest>

namespace {

Settings noServices()
{
    Settings settings;
    settings.services.clear();
    return settings;
}

HttpRequest get(const QString &target, const QString &host = QStringLiteral("relay.example"))
{
    HttpRequest request;
    request.method = "GET";
    const QUrl url(QStringLiteral("http://x") + target);
    request.path = url.path();
    request.query = QUrlQuery(url);
    request.target = target.toUtf8();
    request.host = host;
    return request;
}

// Sends `request` through the router as the HTTP layer would.
HttpResponse serve(Router &router, const HttpRequest &request)
{
    const RouteDecision decision = router.resolve(request);
    if (decision.kind != RouteDecision::Http)
        return HttpResponse::text(404, "no route");
    FakeResponseSink sink;
    decision.route->http(request, sink.responder());
    return sink.first();
}

QString handshake(Router &router, const QString &host = QStringLiteral("relay.example"))
{
    const HttpResponse open = serve(router, get(QStringLiteral("/socket.io/?EIO=4&transport=polling"), host));
    return QJsonDocument::fromJson(open.body.mid(1)).object().value("sid").toString();
}

} // namespace

class TestSocketIoServer : public QObject
{
    Q_OBJECT
private slots:
    void servesTheSocketIoPathOnly()
    {
        Relay relay(noServices());
        SocketIoServer server(&relay, {});
        QCOMPARE(relay.router().resolve(get("/socket.io/?EIO=4&transport=polling")).kind, RouteDecision::Http);
        QCOMPARE(relay.router().resolve(get("/socket.io?EIO=4&transport=polling")).kind, RouteDecision::Http);
        QCOMPARE(relay.router().resolve(get("/socket.io/x?EIO=4&transport=polling")).kind, RouteDecision::NotFound);
        QCOMPARE(relay.router().resolve(get("/socket.iox?EIO=4&transport=polling")).kind, RouteDecision::NotFound);
        HttpRequest upgrade = get("/socket.io/?EIO=4&transport=websocket");
        upgrade.upgradeToWebSocket = true;
        QCOMPARE(relay.router().resolve(upgrade).kind, RouteDecision::WebSocket);
    }

    void theHostFilterDecides()
    {
        Relay relay(noServices());
        SocketIoServer::Options options;
        options.hostFilter = [](const HttpRequest &r) { return r.hostName() == QLatin1String("tunnel.example"); };
        SocketIoServer server(&relay, options);
        QCOMPARE(relay.router().resolve(get("/socket.io/?EIO=4&transport=polling", "tunnel.example:8443")).kind,
                 RouteDecision::Http);
        QCOMPARE(relay.router().resolve(get("/socket.io/?EIO=4&transport=polling", "other.example")).kind,
                 RouteDecision::NotFound);
    }

    void clientsArriveAndAreCounted()
    {
        Relay relay(noServices());
        SocketIoServer server(&relay, {});
        QSignalSpy arrived(&server, &SocketIoServer::clientArrived);
        const QString sid = handshake(relay.router());
        QCOMPARE(sid.size(), 20);
        HttpRequest post = get(QStringLiteral("/socket.io/?EIO=4&transport=polling&sid=") + sid);
        post.method = "POST";
        post.body = R"(40{"role":"desktop"})";
        QCOMPARE(serve(relay.router(), post).body, QByteArray("ok"));
        QCOMPARE(arrived.size(), 1);
        auto *client = arrived.first().first().value<SocketIoClient *>();
        QCOMPARE(client->auth().value("role").toString(), QStringLiteral("desktop"));
        QCOMPARE(server.clientCount(), 1);
        client->accept();
        QPointer<SocketIoClient> watched(client);
        client->disconnectClient();
        QCOMPARE(server.clientCount(), 0);
        QTRY_VERIFY(watched.isNull()); // the server deletes it after `disconnected`
    }

    void routesLeaveWithTheServer()
    {
        Relay relay(noServices());
        const int before = relay.router().routeCount();
        {
            SocketIoServer first(&relay, {});
            SocketIoServer second(&relay, {});
            QCOMPARE(relay.router().routeCount(), before + 4);
            handshake(relay.router()); // a live session while the server goes
        }
        QCOMPARE(relay.router().routeCount(), before);
        QCOMPARE(relay.router().resolve(get("/socket.io/?EIO=4&transport=polling")).kind, RouteDecision::NotFound);
    }

    void liveClientsHearTheServerGo()
    {
        Relay relay(noServices());
        auto *server = new SocketIoServer(&relay, {});
        QSignalSpy arrived(server, &SocketIoServer::clientArrived);
        HttpRequest post = get(QStringLiteral("/socket.io/?EIO=4&transport=polling&sid=") + handshake(relay.router()));
        post.method = "POST";
        post.body = "40";
        serve(relay.router(), post);
        auto *client = arrived.first().first().value<SocketIoClient *>();
        client->accept();
        QSignalSpy gone(client, &SocketIoClient::disconnected);
        delete server;
        QCOMPARE(gone.size(), 1);
        QCOMPARE(gone.first().first().toString(), QStringLiteral("server shutting down"));
    }
};

QTEST_GUILESS_MAIN(TestSocketIoServer)
#include "tst_socketioserver.moc"

// The relay's own HTTP surface: status page, /health, /stats, /metrics, /live, and the error
// answers (404, 405, 400, 431), keep-alive and pipelining, and /metrics following live sessions of
// localfirst, pairing and mesh.
#include "rawhttp.h"
#include "serverprocess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QWebSocket>

#include <sys/socket.h>

namespace {

// The value of one sample of /metrics, e.g. metric("switchboard_sessions_active", "service=\"mesh\""),
// or -1 when the sample is not there.
qint64 metric(const QByteArray &text, const QByteArray &name, const QByteArray &labels)
{
    const QByteArray prefix = name + '{' + labels + "} ";
    for (const QByteArray &line : text.split('\n')) {
        if (line.startsWith(prefix))
            return line.mid(prefix.size()).toLongLong();
    }
    return -1;
}

qint64 sessionsActive(const QByteArray &metrics, const char *service)
{
    return metric(metrics, "switchboard_sessions_active", "service=\"" + QByteArray(service) + '"');
}

qint64 bytesIn(const QByteArray &metrics, const char *service)
{
    return metric(metrics, "switchboard_relayed_bytes_total", "service=\"" + QByteArray(service) + "\",direction=\"in\"");
}

// A QWebSocket that keeps what it receives, text and binary alike.
struct Client
{
    QWebSocket socket;
    QList<QByteArray> received;
    Client()
    {
        QObject::connect(&socket, &QWebSocket::textMessageReceived, &socket,
                         [this](const QString &m) { received << m.toUtf8(); });
        QObject::connect(&socket, &QWebSocket::binaryMessageReceived, &socket,
                         [this](const QByteArray &m) { received << m; });
    }
    bool open(quint16 port, const QString &path)
    {
        QSignalSpy connected(&socket, &QWebSocket::connected);
        socket.open(QUrl(QStringLiteral("ws://127.0.0.1:%1%2").arg(port).arg(path)));
        return connected.wait(5000);
    }
};

} // namespace

class TestStatusEndpoints : public QObject
{
    Q_OBJECT
    ServerProcess m_server;
    quint16 port() const { return m_server.port(); }

private slots:
    void initTestCase()
    {
        // Without the pairing service, which claims every path nobody else does.
        m_server.setArguments({"--services", "tunnel,localfirst,mesh,libp2p"});
        QVERIFY(m_server.start());
    }

    void healthReportsStatusUptimeAndEveryService()
    {
        const RawResponse r = RawHttp::get(port(), "/health");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("content-type"), QByteArray("application/json"));
        const QJsonObject health = QJsonDocument::fromJson(r.body).object();
        QCOMPARE(health.value("status").toString(), QString("healthy"));
        QVERIFY(health.value("uptime").isDouble());
        QVERIFY(health.value("uptime").toDouble() >= 0);
        const QJsonObject services = health.value("services").toObject();
        for (const char *service : {"tunnel", "localfirst", "pairing", "mesh", "libp2p"}) {
            QVERIFY2(services.contains(service), service);
            QCOMPARE(services.value(service).toInt(-1), 0);
        }
        QVERIFY(health.value("connections").toInt() >= 1); // this very request
    }

    void statsHasTotalsAndPerServiceFigures()
    {
        const RawResponse r = RawHttp::get(port(), "/stats");
        QCOMPARE(r.status, 200);
        const QJsonObject stats = QJsonDocument::fromJson(r.body).object();
        const QJsonObject totals = stats.value("totals").toObject();
        for (const char *key : {"activeSessions", "sessionsStarted", "bytesIn", "bytesOut", "openConnections",
                                "openWebSockets", "rejectedConnections"})
            QVERIFY2(totals.contains(key), key);
        const QJsonObject pairing = stats.value("services").toObject().value("pairing").toObject();
        QVERIFY(pairing.contains("bytesIn"));
        QVERIFY(pairing.contains("activeSessions"));
        QVERIFY(stats.value("httpResponses").toObject().value("200").toDouble() >= 1);
    }

    void metricsIsPrometheusText()
    {
        const RawResponse r = RawHttp::get(port(), "/metrics");
        QCOMPARE(r.status, 200);
        QVERIFY(r.header("content-type").startsWith("text/plain; version=0.0.4"));
        const QString text = QString::fromUtf8(r.body);
        static const QRegularExpression sample(QStringLiteral("^[a-z_]+(\\{[a-z_]+=\"[^\"]*\"(,[a-z_]+=\"[^\"]*\")*\\})? [0-9]+$"));
        int samples = 0;
        for (const QString &line : text.split('\n', Qt::SkipEmptyParts)) {
            if (line.startsWith('#')) {
                QVERIFY2(line.startsWith("# HELP ") || line.startsWith("# TYPE "), qPrintable(line));
                continue;
            }
            QVERIFY2(sample.match(line).hasMatch(), qPrintable(line));
            ++samples;
        }
        QVERIFY(samples >= 15);
        QVERIFY(text.contains("# TYPE switchboard_connections_open gauge"));
        QVERIFY(text.contains("# TYPE switchboard_connections_rejected_total counter"));
        for (const char *service : {"tunnel", "localfirst", "pairing", "mesh", "libp2p"}) {
            QVERIFY(text.contains(QStringLiteral("switchboard_sessions_active{service=\"%1\"} 0").arg(service)));
            QVERIFY(text.contains(QStringLiteral("switchboard_relayed_bytes_total{service=\"%1\",direction=\"in\"}").arg(service)));
        }
    }

    void statusPageIsHtml()
    {
        const RawResponse r = RawHttp::get(port(), "/");
        QCOMPARE(r.status, 200);
        QVERIFY(r.header("content-type").startsWith("text/html"));
        QVERIFY(r.body.contains("<title>Switchboard relay</title>"));
        QVERIFY(r.body.contains("/health"));
    }

    void unknownPathIs404WithShortText()
    {
        const RawResponse r = RawHttp::get(port(), "/no/such/page");
        QCOMPARE(r.status, 404);
        QVERIFY(r.header("content-type").startsWith("text/plain"));
        QCOMPARE(r.body, QByteArray("Not found\n"));
    }

    void wrongMethodIs405WithAllow()
    {
        const RawResponse r = RawHttp::exchange(port(), "DELETE /health HTTP/1.1\r\nHost: localhost\r\n\r\n");
        QCOMPARE(r.status, 405);
        QCOMPARE(r.header("allow"), QByteArray("GET, HEAD"));
        QCOMPARE(r.body, QByteArray("Method not allowed\n"));
    }

    void oversizedHeadIs431AndClosed()
    {
        QTcpSocket socket;
        socket.connectToHost(QStringLiteral("127.0.0.1"), port());
        QVERIFY(socket.waitForConnected(3000));
        socket.write("GET /health HTTP/1.1\r\nHost: localhost\r\nX-Filler: " + QByteArray(20 * 1024, 'a') + "\r\n\r\n");
        RawHttp http(&socket);
        const RawResponse r = http.read();
        QCOMPARE(r.status, 431);
        QVERIFY(!r.body.isEmpty());
        QVERIFY(RawHttp::waitForClose(&socket, 3000));
        QVERIFY(QString::fromUtf8(RawHttp::get(port(), "/metrics").body)
                    .contains("switchboard_connections_rejected_total{reason=\"head_too_large\"} 1"));
    }

    void headJustUnderTheLimitIsServed()
    {
        // 16 KiB of head in total is allowed.
        const QByteArray start = "GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nX-Filler: ";
        const QByteArray filler(16 * 1024 - start.size() - 4, 'b');
        QCOMPARE(RawHttp::exchange(port(), start + filler + "\r\n\r\n").status, 200);
    }

    void malformedRequestIs400()
    {
        const RawResponse r = RawHttp::exchange(port(), "GET /health HTTP/1.1\r\nHost localhost\r\n\r\n");
        QCOMPARE(r.status, 400);
    }

    void keepAliveServesSeveralRequestsOnOneConnection()
    {
        QTcpSocket socket;
        socket.connectToHost(QStringLiteral("127.0.0.1"), port());
        QVERIFY(socket.waitForConnected(3000));
        RawHttp http(&socket);
        socket.write("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n");
        const RawResponse first = http.read();
        QCOMPARE(first.status, 200);
        QCOMPARE(first.header("connection"), QByteArray("keep-alive"));
        socket.write("HEAD /stats HTTP/1.1\r\nHost: localhost\r\n\r\n");
        // A HEAD answer announces the length but carries no body: read the head only.
        QVERIFY(socket.waitForReadyRead(3000));
        QByteArray head = socket.readAll();
        while (!head.contains("\r\n\r\n") && socket.waitForReadyRead(3000))
            head += socket.readAll();
        QVERIFY(head.startsWith("HTTP/1.1 200 OK"));
        QVERIFY(head.contains("Content-Length: "));
        QVERIFY(head.endsWith("\r\n\r\n"));
        socket.write("GET /metrics HTTP/1.1\r\nHost: localhost\r\n\r\n");
        QCOMPARE(http.read().status, 200);
        QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);
    }

    void pipelinedRequestsAreAnsweredInOrder()
    {
        QTcpSocket socket;
        socket.connectToHost(QStringLiteral("127.0.0.1"), port());
        QVERIFY(socket.waitForConnected(3000));
        socket.write("GET /health HTTP/1.1\r\nHost: a\r\n\r\nGET /nope HTTP/1.1\r\nHost: a\r\n\r\n"
                     "GET /stats HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        RawHttp http(&socket);
        QCOMPARE(http.read().status, 200);
        QCOMPARE(http.read().status, 404);
        const RawResponse third = http.read();
        QCOMPARE(third.status, 200);
        QVERIFY(third.body.contains("totals"));
        QVERIFY(RawHttp::waitForClose(&socket, 3000));
    }

    void http10ClosesAfterTheResponse()
    {
        QTcpSocket socket;
        socket.connectToHost(QStringLiteral("127.0.0.1"), port());
        QVERIFY(socket.waitForConnected(3000));
        socket.write("GET /health HTTP/1.0\r\n\r\n");
        RawHttp http(&socket);
        const RawResponse r = http.read();
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("connection"), QByteArray("close"));
        QVERIFY(RawHttp::waitForClose(&socket, 3000));
    }

    void clientThatHalfClosesAfterItsRequestStillGetsTheAnswer()
    {
        // Some health checkers (and `nc -N`) send the request and then shut down their sending side.
        QTcpSocket socket;
        socket.connectToHost(QStringLiteral("127.0.0.1"), port());
        QVERIFY(socket.waitForConnected(3000));
        socket.write("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n");
        QVERIFY(socket.waitForBytesWritten(3000));
        QCOMPARE(::shutdown(int(socket.socketDescriptor()), SHUT_WR), 0);
        RawHttp http(&socket);
        const RawResponse r = http.read();
        QCOMPARE(r.status, 200);
        QVERIFY(r.body.contains("healthy"));
    }

    void liveWebSocketSendsHealthOnConnect()
    {
        QWebSocket client;
        QSignalSpy messages(&client, &QWebSocket::textMessageReceived);
        client.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/live").arg(port())));
        QVERIFY(messages.wait(5000));
        const QJsonObject health = QJsonDocument::fromJson(messages.first().first().toString().toUtf8()).object();
        QCOMPARE(health.value("status").toString(), QString("healthy"));
        QVERIFY(health.value("services").toObject().contains("mesh"));
        QTRY_VERIFY_WITH_TIMEOUT(
            QJsonDocument::fromJson(RawHttp::get(port(), "/stats").body).object()["totals"].toObject()["openWebSockets"].toInt() == 1,
            5000);
        client.close();
    }

    void webSocketOnUnknownPathIsRefused()
    {
        const RawResponse r = RawHttp::exchange(port(),
            "GET /nowhere HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
        QCOMPARE(r.status, 404);
    }

    void withPairingEveryUnclaimedPathIsItsEndpoint()
    {
        ServerProcess server;
        QVERIFY(server.start());
        const RawResponse r = RawHttp::get(server.port(), "/no/such/page");
        QCOMPARE(r.status, 426);
        QCOMPARE(RawHttp::get(server.port(), "/health").status, 200);
    }

    void metricsFollowLiveSessionsOfEachService()
    {
        ServerProcess server; // every service, pairing included
        QVERIFY(server.start());
        const quint16 port = server.port();
        const auto metrics = [port] { return RawHttp::get(port, "/metrics").body; };
        const QByteArray before = metrics();
        for (const char *service : {"localfirst", "pairing", "mesh"}) {
            QCOMPARE(sessionsActive(before, service), 0);
            QCOMPARE(bytesIn(before, service), 0);
        }

        // localfirst: the two ends of one /connection pipe.
        Client a, b;
        QVERIFY(a.open(port, "/connection/peer-a/peer-b/doc-1"));
        QVERIFY(b.open(port, "/connection/peer-b/peer-a/doc-1"));
        const QByteArray fromA(1000, 'a');
        a.socket.sendBinaryMessage(fromA);
        QTRY_COMPARE_WITH_TIMEOUT(b.received.size(), 1, 5000);
        QCOMPARE(b.received.first(), fromA);
        b.socket.sendTextMessage("hello from b");
        QTRY_COMPARE_WITH_TIMEOUT(a.received.size(), 1, 5000);
        QCOMPARE(a.received.first(), QByteArray("hello from b"));

        // pairing: a sender and a receiver meeting on one code hash.
        const QString hello = QStringLiteral(R"({"type":"hello","role":"%1","code_hash_hex":"%2"})");
        const QString codeHash = QString(64, 'c');
        Client sender, receiver;
        QVERIFY(sender.open(port, "/p2p"));
        QVERIFY(receiver.open(port, "/p2p"));
        sender.socket.sendTextMessage(hello.arg("sender", codeHash));
        receiver.socket.sendTextMessage(hello.arg("receiver", codeHash));
        QTRY_COMPARE_WITH_TIMEOUT(sender.received.size(), 1, 5000);
        QCOMPARE(sender.received.first(), QByteArray(R"({"type":"ready"})"));
        const QByteArray file(4096, 'f');
        sender.socket.sendBinaryMessage(file);
        QTRY_COMPARE_WITH_TIMEOUT(receiver.received.size(), 1, 5000);
        QCOMPARE(receiver.received.first(), file);

        // mesh: one member of an open mesh, in the seed's dialect.
        Client member;
        QVERIFY(member.open(port, "/relay/metrics-mesh"));
        member.socket.sendTextMessage(R"({"type":"register","node_id":"node-1","capabilities":[],"name":"Node"})");
        QTRY_VERIFY_WITH_TIMEOUT(member.received.size() >= 1, 5000);
        QCOMPARE(QJsonDocument::fromJson(member.received.first()).object().value("type").toString(), QString("joined"));

        QByteArray during;
        QTRY_VERIFY_WITH_TIMEOUT((during = metrics(), bytesIn(during, "localfirst") >= fromA.size() + 12
                                                          && bytesIn(during, "pairing") >= file.size()),
                                 5000);
        QCOMPARE(sessionsActive(during, "localfirst"), 1);
        QCOMPARE(sessionsActive(during, "pairing"), 1);
        QCOMPARE(sessionsActive(during, "mesh"), 1);
        QCOMPARE(sessionsActive(during, "tunnel"), 0);
        QCOMPARE(metric(during, "switchboard_sessions_started_total", "service=\"localfirst\""), 1);

        for (Client *client : {&a, &sender, &member})
            client->socket.close();
        // The other ends of the pipes are closed by the relay.
        QTRY_VERIFY_WITH_TIMEOUT(b.socket.state() == QAbstractSocket::UnconnectedState
                                     && receiver.socket.state() == QAbstractSocket::UnconnectedState,
                                 5000);
        QByteArray after;
        QTRY_VERIFY_WITH_TIMEOUT((after = metrics(), sessionsActive(after, "localfirst") == 0
                                                         && sessionsActive(after, "pairing") == 0
                                                         && sessionsActive(after, "mesh") == 0),
                                 5000);
        // Counters stay where they were.
        QVERIFY(bytesIn(after, "localfirst") >= bytesIn(during, "localfirst"));
        QVERIFY(bytesIn(after, "pairing") >= bytesIn(during, "pairing"));
        QCOMPARE(metric(after, "switchboard_sessions_started_total", "service=\"mesh\""), 1);
    }

    void plainGetOnWebSocketEndpointIs426()
    {
        const RawResponse r = RawHttp::get(port(), "/live");
        QCOMPARE(r.status, 426);
        QCOMPARE(r.header("upgrade"), QByteArray("websocket"));
    }
};

QTEST_GUILESS_MAIN(TestStatusEndpoints)
#include "tst_status_endpoints.moc"

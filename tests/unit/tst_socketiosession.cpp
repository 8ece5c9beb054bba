// Unit tests for the Socket.IO layer of one Engine.IO session: CONNECTs, namespaces, binary
// packets, and the protocol violations that close the session.
#include "pollingtestclient.h"
#include "tunnel/socketio/socketiosession.h"

#include <QJsonObject>
#include <QSignalSpy>
#include <QtTest>

namespace {

struct Fixture
{
    explicit Fixture(const SocketIoSession::Options &options = {})
        : engine(new EngineIoSession(QStringLiteral("AAAAAAAAAAAAAAAAAAAA"), PollingTestClient::request("GET"),
                                     engineOptions())),
          client(engine.get()), engineClosed(engine.get(), &EngineIoSession::closed)
    {
        FakeResponseSink handshake;
        engine->openWithPolling(handshake.responder());
        session = new SocketIoSession(engine.get(), options, &owner);
        QObject::connect(session, &SocketIoSession::clientArrived, &owner, [this](SocketIoConnection *c) {
            clients.append(c);
        });
    }
    static EngineIoSession::Options engineOptions()
    {
        EngineIoSession::Options options;
        options.pingIntervalMs = 60000;
        return options;
    }
    SocketIoConnection *acceptedClient()
    {
        client.post(R"(40{"token":"t"})");
        Q_ASSERT(clients.size() == 1);
        clients.first()->accept();
        client.takeSent();
        return clients.first();
    }

    QObject owner; // of the connections; outlives the engine session
    std::unique_ptr<EngineIoSession> engine;
    PollingTestClient client;
    QSignalSpy engineClosed;
    SocketIoSession *session;
    QList<SocketIoConnection *> clients;
};

} // namespace

class TestSocketIoSession : public QObject
{
    Q_OBJECT
private slots:
    void connectToTheDefaultNamespaceBringsAClient()
    {
        Fixture f;
        QCOMPARE(f.client.post(R"(40{"role":"desktop","deviceId":"d"})").status, 200);
        QCOMPARE(f.clients.size(), 1);
        SocketIoConnection *client = f.clients.first();
        QCOMPARE(client->auth().value("role").toString(), QStringLiteral("desktop"));
        QCOMPARE(client->id().size(), 20);
        QVERIFY(client->id() != f.engine->id()); // the Socket.IO id is not the Engine.IO sid
        QVERIFY(f.client.takeSent().isEmpty()); // the service answers, not the session
    }

    void connectWithoutAuthGivesAnEmptyObject()
    {
        Fixture f;
        f.client.post("40");
        QCOMPARE(f.clients.size(), 1);
        QCOMPARE(f.clients.first()->auth(), QJsonObject());
    }

    void otherNamespacesAreRefused()
    {
        Fixture f;
        f.client.post("40/admin,{\"token\":1}");
        f.client.post("40/random");
        QCOMPARE(f.clients.size(), 0);
        QCOMPARE(f.client.takeSent(), (QByteArrayList{R"(44/admin,{"message":"Invalid namespace"})",
                                                      R"(44/random,{"message":"Invalid namespace"})"}));
        QVERIFY(f.engine->isOpen());
    }

    void eventsReachTheClient()
    {
        Fixture f;
        SocketIoConnection *client = f.acceptedClient();
        QSignalSpy events(client, &SocketIoClient::eventReceived);
        f.client.post(R"(42["hello","world"])" "\x1e" R"(42["again"])");
        QCOMPARE(events.size(), 2);
        QCOMPARE(events.first().first().toString(), QStringLiteral("hello"));
    }

    void binaryEventsArriveWithBase64Arguments()
    {
        Fixture f;
        SocketIoConnection *client = f.acceptedClient();
        QSignalSpy events(client, &SocketIoClient::eventReceived);
        f.client.post(R"(451-["file",{"_placeholder":true,"num":0}])" "\x1e" "bAQID");
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.first().at(1).toJsonArray(), QJsonArray{QStringLiteral("AQID")});
        QVERIFY(f.engine->isOpen());
    }

    void protocolViolationsCloseTheSession_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<bool>("connectFirst");
        QTest::newRow("event before connect") << QByteArray(R"(42["a"])") << false;
        QTest::newRow("ack before connect") << QByteArray("431[]") << false;
        QTest::newRow("unknown socket.io type") << QByteArray("4abc") << false;
        QTest::newRow("event object payload") << QByteArray("42{}") << true;
        QTest::newRow("bad ack id") << QByteArray(R"(42abc["m",1])") << true;
        QTest::newRow("second connect") << QByteArray("40") << true;
        QTest::newRow("connect error from client") << QByteArray(R"(44{"message":"x"})") << true;
        QTest::newRow("event for another namespace") << QByteArray(R"(42/admin,["a"])") << true;
        QTest::newRow("binary without a header") << QByteArray("bAQID") << true;
        QTest::newRow("text while attachments are awaited")
            << QByteArray(R"(451-["f",{"_placeholder":true,"num":0}])" "\x1e" R"(42["a"])") << true;
        QTest::newRow("too many attachments") << QByteArray(R"(4511-["f"])") << true;
    }
    void protocolViolationsCloseTheSession()
    {
        QFETCH(QByteArray, body);
        QFETCH(bool, connectFirst);
        Fixture f;
        SocketIoConnection *client = connectFirst ? f.acceptedClient() : nullptr;
        std::unique_ptr<QSignalSpy> clientGone;
        if (client)
            clientGone = std::make_unique<QSignalSpy>(client, &SocketIoClient::disconnected);
        f.client.post(body);
        QVERIFY(!f.engine->isOpen());
        QCOMPARE(f.client.takeSent().last(), QByteArray("1")); // the close reaches the client
        if (client) {
            QCOMPARE(clientGone->size(), 1);
            QCOMPARE(clientGone->first().first().toString(), QStringLiteral("parse error"));
        }
    }

    void theClientMayJoinAgainAfterItsDisconnect()
    {
        Fixture f;
        SocketIoConnection *first = f.acceptedClient();
        QSignalSpy gone(first, &SocketIoClient::disconnected);
        f.client.post("41");
        QCOMPARE(gone.size(), 1);
        QVERIFY(f.engine->isOpen());
        f.client.post("40");
        QCOMPARE(f.clients.size(), 2);
        QVERIFY(f.clients.at(1) != first);
    }

    void transportCloseDisconnectsTheClient()
    {
        Fixture f;
        SocketIoConnection *client = f.acceptedClient();
        QSignalSpy gone(client, &SocketIoClient::disconnected);
        f.client.post("1"); // the Engine.IO close packet
        QCOMPARE(gone.size(), 1);
        QCOMPARE(gone.first().first().toString(), QStringLiteral("transport close"));
    }

    void aSessionThatNeverConnectsIsClosed()
    {
        SocketIoSession::Options options;
        options.connectTimeoutMs = 30;
        Fixture f(options);
        QTRY_VERIFY_WITH_TIMEOUT(!f.engine->isOpen(), 2000);
    }

    void anUnansweredConnectAlsoTimesOut()
    {
        SocketIoSession::Options options;
        options.connectTimeoutMs = 30;
        Fixture f(options);
        f.client.post("40");
        QTRY_VERIFY_WITH_TIMEOUT(!f.engine->isOpen(), 2000);
    }

    void anAcceptedClientStopsTheConnectTimer()
    {
        SocketIoSession::Options options;
        options.connectTimeoutMs = 30;
        Fixture f(options);
        f.acceptedClient();
        // Asserting that something does not happen takes waiting: three times the timeout.
        QTest::qWait(100);
        QVERIFY(f.engine->isOpen());
    }

    void missingAttachmentsTimeOut()
    {
        SocketIoSession::Options options;
        options.attachmentTimeoutMs = 30;
        Fixture f(options);
        f.acceptedClient();
        f.client.post(R"(451-["f",{"_placeholder":true,"num":0}])");
        QVERIFY(f.engine->isOpen());
        QTRY_VERIFY_WITH_TIMEOUT(!f.engine->isOpen(), 2000);
    }
};

QTEST_GUILESS_MAIN(TestSocketIoSession)
#include "tst_socketiosession.moc"

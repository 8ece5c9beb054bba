// Unit tests for one client's Socket.IO connection to "/": the CONNECT answer, events held until
// accept(), acknowledgements both ways with their timeout and "Connection closed", and the ends.
#include "pollingtestclient.h"
#include "tunnel/socketio/socketioconnection.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QtTest>

namespace {

SocketIoPacket packet(const QByteArray &text)
{
    const SocketIoPacket::Decoded decoded = SocketIoPacket::decode(text, 10);
    Q_ASSERT(decoded.ok);
    return decoded.packet;
}

QJsonArray errorAnswer(const char *error)
{
    return QJsonArray{QJsonObject{{QStringLiteral("error"), QString::fromLatin1(error)}}};
}

struct Fixture
{
    explicit Fixture(const SocketIoConnection::Limits &limits = {})
        : engine(QStringLiteral("AAAAAAAAAAAAAAAAAAAA"), PollingTestClient::request("GET"), engineOptions()),
          client(&engine)
    {
        FakeResponseSink handshake;
        engine.openWithPolling(handshake.responder());
        connection = new SocketIoConnection(&engine, QStringLiteral("client-id"),
                                            QJsonObject{{QStringLiteral("token"), QStringLiteral("t")}}, limits, &owner);
        events = std::make_unique<QSignalSpy>(connection, &SocketIoClient::eventReceived);
        disconnects = std::make_unique<QSignalSpy>(connection, &SocketIoClient::disconnected);
        QObject::connect(connection, &SocketIoClient::eventReceived, connection,
                [this](const QString &name, const QJsonArray &args, const SocketIoClient::AckCallback &ack) {
                    received.append({name, args, ack});
                });
    }
    static EngineIoSession::Options engineOptions()
    {
        EngineIoSession::Options options;
        options.pingIntervalMs = 60000;
        return options;
    }
    bool feed(const QByteArray &text)
    {
        QString error;
        return connection->handlePacket(packet(text), text.size(), &error);
    }
    void acceptAndDrain()
    {
        connection->accept();
        client.takeSent();
    }

    struct Event
    {
        QString name;
        QJsonArray args;
        SocketIoClient::AckCallback ack;
    };
    QObject owner;
    EngineIoSession engine;
    PollingTestClient client;
    SocketIoConnection *connection;
    std::unique_ptr<QSignalSpy> events;
    std::unique_ptr<QSignalSpy> disconnects;
    QList<Event> received;
};

} // namespace

class TestSocketIoConnection : public QObject
{
    Q_OBJECT
private slots:
    void exposesTheHandshake()
    {
        Fixture f;
        QCOMPARE(f.connection->id(), QStringLiteral("client-id"));
        QCOMPARE(f.connection->auth().value("token").toString(), QStringLiteral("t"));
        QCOMPARE(f.connection->openingRequest().header("origin"), QByteArray("https://app.example"));
        QVERIFY(f.connection->isConnected());
    }

    void acceptSendsConnectWithTheSid()
    {
        Fixture f;
        QSignalSpy accepted(f.connection, &SocketIoConnection::accepted);
        f.connection->accept();
        QCOMPARE(accepted.size(), 1);
        QCOMPARE(f.client.takeSent(), QByteArrayList{R"(40{"sid":"client-id"})"});
        f.connection->accept(); // a second answer is ignored
        f.connection->refuse(QStringLiteral("too late"));
        QVERIFY(f.client.takeSent().isEmpty());
        QVERIFY(f.connection->isConnected());
    }

    void refuseSendsConnectErrorThenCloses()
    {
        Fixture f;
        QVERIFY(f.feed(R"(2["early"])"));
        f.connection->refuse(QStringLiteral("Invalid connection parameters"));
        QCOMPARE(f.client.takeSent(), (QByteArrayList{R"(44{"message":"Invalid connection parameters"})", "1"}));
        QCOMPARE(f.disconnects->size(), 1);
        QCOMPARE(f.disconnects->first().first().toString(), QStringLiteral("connection refused"));
        QVERIFY(!f.connection->isConnected());
        QVERIFY(f.engine.isClosed());
        QCoreApplication::processEvents();
        QCOMPARE(f.events->size(), 0); // what came before the refusal is dropped
    }

    void eventsBeforeAcceptAreHeldThenDeliveredInOrder()
    {
        Fixture f;
        QVERIFY(f.feed(R"(2["first",1])"));
        QVERIFY(f.feed(R"(2["second",2])"));
        QCOMPARE(f.events->size(), 0);
        f.connection->accept();
        QCOMPARE(f.events->size(), 0); // not from inside accept()
        QVERIFY(f.feed(R"(2["third",3])")); // behind the held ones
        QTRY_COMPARE(f.events->size(), 3);
        QCOMPARE(f.received.at(0).name, QStringLiteral("first"));
        QCOMPARE(f.received.at(1).name, QStringLiteral("second"));
        QCOMPARE(f.received.at(2).name, QStringLiteral("third"));
        QCOMPARE(f.received.at(2).args, QJsonArray{3});
        QVERIFY(f.feed(R"(2["fourth"])"));
        QCOMPARE(f.events->size(), 4); // now at once
    }

    void heldEventsAreBounded()
    {
        SocketIoConnection::Limits limits;
        limits.maxHeldEvents = 2;
        Fixture f(limits);
        QVERIFY(f.feed(R"(2["a"])"));
        QVERIFY(f.feed(R"(2["b"])"));
        QString error;
        QVERIFY(!f.connection->handlePacket(packet(R"(2["c"])"), 6, &error));
        QVERIFY(!error.isEmpty());
    }

    void eventWithAckIsAnsweredOnce()
    {
        Fixture f;
        f.acceptAndDrain();
        QVERIFY(f.feed(R"(2["plain"])"));
        QVERIFY(f.feed(R"(25["asks",1])"));
        QCOMPARE(f.received.size(), 2);
        QVERIFY(!f.received.at(0).ack);
        QVERIFY(f.received.at(1).ack);
        f.received.at(1).ack(QJsonArray{QStringLiteral("answer"), 2});
        f.received.at(1).ack(QJsonArray{QStringLiteral("again")});
        QCOMPARE(f.client.takeSent(), QByteArrayList{R"(435["answer",2])"});
    }

    void ackAfterTheClientLeftIsHarmless()
    {
        Fixture f;
        f.acceptAndDrain();
        QVERIFY(f.feed(R"(27["asks"])"));
        const SocketIoClient::AckCallback ack = f.received.at(0).ack;
        f.connection->transportClosed(QStringLiteral("transport close"));
        ack(QJsonArray{1});
        delete f.connection;
        ack(QJsonArray{2});
    }

    void numericEventNamesBecomeText()
    {
        Fixture f;
        f.acceptAndDrain();
        QVERIFY(f.feed(R"(2[7,"x"])"));
        QCOMPARE(f.received.at(0).name, QStringLiteral("7"));
        QCOMPARE(f.received.at(0).args, QJsonArray{QStringLiteral("x")});
    }

    void emitEventWithAckGetsTheClientsAnswer()
    {
        Fixture f;
        f.acceptAndDrain();
        QList<QJsonArray> answers;
        f.connection->emitEvent(QStringLiteral("question"), QJsonArray{1}, [&](const QJsonArray &a) { answers << a; });
        f.connection->emitEvent(QStringLiteral("plain"), QJsonArray{});
        QCOMPARE(f.client.takeSent(), (QByteArrayList{R"(420["question",1])", R"(42["plain"])"}));
        QCOMPARE(f.connection->pendingAckCount(), 1);
        QVERIFY(f.feed("399[true]")); // nobody asked: ignored
        QVERIFY(f.feed("30[true,\"x\"]"));
        QCOMPARE(answers, (QList<QJsonArray>{QJsonArray{true, QStringLiteral("x")}}));
        QCOMPARE(f.connection->pendingAckCount(), 0);
    }

    void rawLaneTakesItsEventsAsText()
    {
        Fixture f;
        f.acceptAndDrain();
        QByteArrayList lane;
        f.connection->setRawEventHandler(QStringLiteral("hot"), [&](QByteArrayView json) {
            lane << json.toByteArray();
            return true;
        });
        QVERIFY(f.connection->deliverToRawLane(R"(2["hot",{"a":1}])"));
        QCOMPARE(lane, QByteArrayList{R"(["hot",{"a":1}])"});
        // Another name, an ack id, or a namespace: the usual path.
        QVERIFY(!f.connection->deliverToRawLane(R"(2["cold",1])"));
        QVERIFY(!f.connection->deliverToRawLane(R"(27["hot",1])"));
        QVERIFY(!f.connection->deliverToRawLane(R"(2/admin,["hot",1])"));
        QCOMPARE(lane.size(), 1);
    }

    void rawLaneLeavesWhatItCannotReadToTheUsualPath()
    {
        Fixture f;
        f.acceptAndDrain();
        f.connection->setRawEventHandler(QStringLiteral("hot"), [](QByteArrayView) { return false; });
        QVERIFY(!f.connection->deliverToRawLane(R"(2["hot",1])"));
        QVERIFY(f.feed(R"(2["hot",1])"));
        QCOMPARE(f.received.size(), 1);
        QCOMPARE(f.received.first().name, QStringLiteral("hot"));
    }

    void rawLaneWaitsForTheConnectAnswer()
    {
        // Held events keep their order: nothing overtakes them through the lane.
        Fixture f;
        int laneCalls = 0;
        f.connection->setRawEventHandler(QStringLiteral("hot"), [&](QByteArrayView) { return ++laneCalls > 0; });
        QVERIFY(!f.connection->deliverToRawLane(R"(2["hot",1])"));
        QCOMPARE(laneCalls, 0);
    }

    void emitEventJsonSendsTheArrayAsWritten()
    {
        Fixture f;
        f.acceptAndDrain();
        f.connection->emitEventJson(R"(["fast",{"x":"y"}])");
        QCOMPARE(f.client.takeSent(), (QByteArrayList{R"(42["fast",{"x":"y"}])"}));
    }

    void emitEventJsonBeforeAcceptIsHeld()
    {
        Fixture f;
        f.connection->emitEventJson(R"(["early",2])");
        QCOMPARE(f.client.takeSent(), QByteArrayList{});
        f.connection->accept();
        f.client.held.reset();
        QCOMPARE(f.client.takeSent(), (QByteArrayList{R"(40{"sid":"client-id"})", R"(42["early",2])"}));
    }

    void ackTimeoutAnswersRequestTimeout()
    {
        Fixture f;
        f.acceptAndDrain();
        QList<QJsonArray> answers;
        f.connection->emitEvent(QStringLiteral("q"), {}, [&](const QJsonArray &a) { answers << a; }, 30);
        QTRY_COMPARE(answers.size(), 1);
        QCOMPARE(answers.first(), errorAnswer("Request timeout"));
        QVERIFY(f.feed("30[1]")); // too late: ignored
        QCOMPARE(answers.size(), 1);
    }

    void pendingAcksGetConnectionClosedWhenTheClientGoes()
    {
        Fixture f;
        f.acceptAndDrain();
        QStringList order;
        QList<QJsonArray> answers;
        f.connection->emitEvent(QStringLiteral("a"), {}, [&](const QJsonArray &a) { order << "a"; answers << a; });
        f.connection->emitEvent(QStringLiteral("b"), {}, [&](const QJsonArray &a) { order << "b"; answers << a; });
        f.connection->transportClosed(QStringLiteral("transport close"));
        QCOMPARE(order, (QStringList{"a", "b"}));
        QCOMPARE(answers.first(), errorAnswer("Connection closed"));
        QCOMPARE(f.disconnects->size(), 1);
        QCOMPARE(f.disconnects->first().first().toString(), QStringLiteral("transport close"));
        f.connection->transportClosed(QStringLiteral("again"));
        QCOMPARE(f.disconnects->size(), 1); // once
    }

    void emitAfterTheEndAnswersConnectionClosedLater()
    {
        Fixture f;
        f.acceptAndDrain();
        f.connection->transportClosed(QStringLiteral("transport close"));
        QList<QJsonArray> answers;
        f.connection->emitEvent(QStringLiteral("q"), {}, [&](const QJsonArray &a) { answers << a; });
        QCOMPARE(answers.size(), 0); // never from inside emitEvent()
        QTRY_COMPARE(answers.size(), 1);
        QCOMPARE(answers.first(), errorAnswer("Connection closed"));
    }

    void emitBeforeAcceptFollowsTheConnectAnswer()
    {
        Fixture f;
        f.connection->emitEvent(QStringLiteral("early"), QJsonArray{1});
        QCOMPARE(f.client.takeSent(), QByteArrayList{}); // nothing before the CONNECT answer
        f.connection->accept();
        f.client.held.reset(); // that poll's client left
        QCOMPARE(f.client.takeSent(), (QByteArrayList{R"(40{"sid":"client-id"})", R"(42["early",1])"}));
    }

    void disconnectClientSendsDisconnectThenCloses()
    {
        Fixture f;
        f.acceptAndDrain();
        f.connection->disconnectClient();
        QCOMPARE(f.client.takeSent(), (QByteArrayList{"41", "1"}));
        QCOMPARE(f.disconnects->first().first().toString(), QStringLiteral("server namespace disconnect"));
        QVERIFY(f.engine.isClosed());
    }

    void clientDisconnectEndsTheConnectionOnly()
    {
        Fixture f;
        f.acceptAndDrain();
        QVERIFY(f.feed("1"));
        QCOMPARE(f.disconnects->first().first().toString(), QStringLiteral("client namespace disconnect"));
        QVERIFY(f.engine.isOpen());
    }

    void serverShutDownCallsNoAckCallbacks()
    {
        Fixture f;
        f.acceptAndDrain();
        int calls = 0;
        f.connection->emitEvent(QStringLiteral("q"), {}, [&](const QJsonArray &) { ++calls; }, 20);
        f.connection->serverShutDown();
        QCOMPARE(f.disconnects->first().first().toString(), QStringLiteral("server shutting down"));
        // The request and its timer are gone, so nothing can answer it later either.
        QCOMPARE(f.connection->pendingAckCount(), 0);
        QCoreApplication::processEvents();
        QCOMPARE(calls, 0);
    }
};

QTEST_GUILESS_MAIN(TestSocketIoConnection)
#include "tst_socketioconnection.moc"

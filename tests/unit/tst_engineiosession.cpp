// Unit tests for one Engine.IO session on HTTP long-polling: held polls, POST bodies, the
// heartbeat, closing from either side, and the limits. (WebSocket and the upgrade are driven by
// the real client in tests/js/socketio.test.mjs.)
#include "pollingtestclient.h"
#include "tunnel/socketio/engineiosession.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QtTest>

namespace {

EngineIoSession::Options quietOptions()
{
    EngineIoSession::Options options;
    options.pingIntervalMs = 60000; // no pings unless a test wants them
    options.pingTimeoutMs = 60000;
    options.maxPayloadBytes = 1000;
    options.maxQueuedBytes = 10000;
    return options;
}

struct Fixture
{
    explicit Fixture(const EngineIoSession::Options &options = quietOptions())
        : session(QStringLiteral("AAAAAAAAAAAAAAAAAAAA"), PollingTestClient::request("GET"), options), client(&session),
          closed(&session, &EngineIoSession::closed), messages(&session, &EngineIoSession::messageReceived)
    {
        FakeResponseSink handshake;
        session.openWithPolling(handshake.responder());
        openResponse = handshake.first();
    }
    QString closeReason() const { return closed.isEmpty() ? QString() : closed.first().first().toString(); }

    EngineIoSession session;
    PollingTestClient client;
    QSignalSpy closed;
    QSignalSpy messages;
    HttpResponse openResponse;
};

} // namespace

class TestEngineIoSession : public QObject
{
    Q_OBJECT
private slots:
    void handshakeAnswersTheOpenPacket()
    {
        Fixture f;
        QCOMPARE(f.openResponse.status, 200);
        QCOMPARE(f.openResponse.header("Content-Type"), QByteArray("text/plain; charset=UTF-8"));
        QCOMPARE(f.openResponse.header("Access-Control-Allow-Origin"), QByteArray("https://app.example"));
        QCOMPARE(f.openResponse.header("Access-Control-Allow-Credentials"), QByteArray("true"));
        QVERIFY(f.openResponse.body.startsWith('0'));
        const QJsonObject open = QJsonDocument::fromJson(f.openResponse.body.mid(1)).object();
        QCOMPARE(open.keys(), (QStringList{"maxPayload", "pingInterval", "pingTimeout", "sid", "upgrades"}));
        QCOMPARE(open.value("sid").toString(), QStringLiteral("AAAAAAAAAAAAAAAAAAAA"));
        QCOMPARE(open.value("upgrades").toArray(), QJsonArray{QStringLiteral("websocket")});
        QCOMPARE(open.value("pingInterval").toInt(), 60000);
        QCOMPARE(open.value("maxPayload").toInt(), 1000);
    }

    void heldPollIsAnsweredWithEverythingSentInOnePass()
    {
        Fixture f;
        auto poll = f.client.poll();
        QCoreApplication::processEvents();
        QVERIFY(!poll->answered());
        f.session.sendMessage(R"(2["a"])");
        f.session.sendMessage(R"(2["b"])");
        QTRY_VERIFY(poll->answered());
        QCOMPARE(poll->first().body, QByteArray("42[\"a\"]\x1e" "42[\"b\"]"));
        QCOMPARE(poll->first().header("Cache-Control"), QByteArray("no-store"));
    }

    void queuedPacketsGoToTheNextPoll()
    {
        Fixture f;
        f.session.sendMessage("x");
        f.session.sendMessage("binary", true);
        QCOMPARE(f.client.takeSent(), (QByteArrayList{"4x", "bYmluYXJ5"}));
    }

    void secondConcurrentPollClosesTheSession()
    {
        Fixture f;
        auto first = f.client.poll();
        auto second = f.client.poll();
        QCOMPARE(second->first().status, 400);
        QCOMPARE(second->first().body, QByteArray(R"({"code":3,"message":"Bad request"})"));
        QCOMPARE(first->first().body, QByteArray("1"));
        QCOMPARE(f.closeReason(), QStringLiteral("transport error"));
        QVERIFY(f.session.isClosed());
    }

    void aPollWhoseClientLeftIsReplaced()
    {
        Fixture f;
        auto gone = f.client.poll();
        gone.reset(); // the client hung up
        f.session.sendMessage("kept");
        QCOMPARE(f.client.takeSent(), QByteArrayList{"4kept"});
        QVERIFY(f.session.isOpen());
    }

    void postDeliversMessagesInOrderAndAnswersOk()
    {
        Fixture f;
        const HttpResponse ok = f.client.post("4a\x1e" "4b\x1e" "bAQID\x1e" "3");
        QCOMPARE(ok.status, 200);
        QCOMPARE(ok.body, QByteArray("ok"));
        QCOMPARE(ok.header("Content-Type"), QByteArray("text/html"));
        QCOMPARE(f.messages.size(), 3);
        QCOMPARE(f.messages.at(0), (QVariantList{QByteArray("a"), false}));
        QCOMPARE(f.messages.at(1), (QVariantList{QByteArray("b"), false}));
        QCOMPARE(f.messages.at(2), (QVariantList{QByteArray("\x01\x02\x03"), true}));
        QVERIFY(f.session.isOpen());
    }

    void malformedPostClosesTheSession()
    {
        Fixture f;
        auto poll = f.client.poll();
        const HttpResponse refused = f.client.post("4fine\x1e" "nonsense");
        QCOMPARE(refused.status, 400);
        QCOMPARE(refused.body, QByteArray(R"({"code":3,"message":"Bad request"})"));
        QCOMPARE(f.messages.size(), 0); // nothing of a bad body is acted upon
        QCOMPARE(poll->first().body, QByteArray("1"));
        QCOMPARE(f.closeReason(), QStringLiteral("parse error"));
    }

    void binaryPostBodyIsRefused()
    {
        Fixture f;
        QCOMPARE(f.client.post("4abc", "application/octet-stream").status, 400);
        QVERIFY(f.session.isClosed());
    }

    void tooManyPacketsInOnePostCloseTheSession()
    {
        EngineIoSession::Options options = quietOptions();
        options.maxPacketsPerPayload = 3;
        Fixture f(options);
        QCOMPARE(f.client.post("3\x1e" "3\x1e" "3").status, 200);
        QCOMPARE(f.client.post("3\x1e" "3\x1e" "3\x1e" "3").status, 400);
        QVERIFY(f.session.isClosed());
    }

    void oversizedPostIs413AndTheSessionStays()
    {
        Fixture f;
        const HttpResponse tooLarge = f.client.post("4" + QByteArray(1000, 'x'));
        QCOMPARE(tooLarge.status, 413);
        QCOMPARE(tooLarge.header("Access-Control-Allow-Origin"), QByteArray("https://app.example"));
        QVERIFY(f.session.isOpen());
        QCOMPARE(f.client.post("4" + QByteArray(999, 'x')).status, 200);
        QCOMPARE(f.messages.size(), 1);
    }

    void pingFromTheClientIsAProtocolError()
    {
        Fixture f;
        QCOMPARE(f.client.post("2").status, 400);
        QCOMPARE(f.closeReason(), QStringLiteral("transport error"));
    }

    void pingsReachThePollAndPongsKeepTheSessionAlive()
    {
        EngineIoSession::Options options = quietOptions();
        options.pingIntervalMs = 40;
        options.pingTimeoutMs = 300;
        Fixture f(options);
        for (int i = 0; i < 4; ++i) {
            auto poll = f.client.poll();
            QTRY_VERIFY_WITH_TIMEOUT(poll->answered(), 2000);
            QCOMPARE(poll->first().body, QByteArray("2"));
            QCOMPARE(f.client.post("3").status, 200);
        }
        QVERIFY(f.session.isOpen());
        QCOMPARE(f.closed.size(), 0);
    }

    void missingPongEndsTheSession()
    {
        EngineIoSession::Options options = quietOptions();
        options.pingIntervalMs = 30;
        options.pingTimeoutMs = 60;
        Fixture f(options);
        QTRY_COMPARE_WITH_TIMEOUT(f.closed.size(), 1, 3000);
        QCOMPARE(f.closeReason(), QStringLiteral("ping timeout"));
    }

    void clientCloseEndsTheHeldPollWithANoop()
    {
        Fixture f;
        auto poll = f.client.poll();
        QCOMPARE(f.client.post("1").body, QByteArray("ok"));
        QCOMPARE(poll->first().body, QByteArray("6"));
        QCOMPARE(f.closeReason(), QStringLiteral("transport close"));
    }

    void serverCloseSendsWhatIsQueuedThenTheClose()
    {
        Fixture f;
        auto poll = f.client.poll();
        f.session.sendMessage("1");
        f.session.close(QStringLiteral("server namespace disconnect"));
        QCOMPARE(poll->first().body, QByteArray("41\x1e" "1"));
        QCOMPARE(f.closeReason(), QStringLiteral("server namespace disconnect"));
    }

    void serverCloseWaitsForTheNextPoll()
    {
        Fixture f;
        f.session.sendMessage("last words");
        f.session.close(QStringLiteral("bye"));
        f.session.sendMessage("too late"); // dropped: the session is closing
        QVERIFY(!f.session.isOpen());
        QCOMPARE(f.closed.size(), 0);
        QCOMPARE(f.client.takeSent(), (QByteArrayList{"4last words", "1"}));
        QCOMPARE(f.closeReason(), QStringLiteral("bye"));
    }

    void serverCloseGivesUpWaitingAfterTheCloseTimeout()
    {
        EngineIoSession::Options options = quietOptions();
        options.closeTimeoutMs = 30;
        Fixture f(options);
        f.session.close(QStringLiteral("bye"));
        QTRY_COMPARE_WITH_TIMEOUT(f.closed.size(), 1, 2000);
    }

    void aSlowClientIsDropped()
    {
        Fixture f;
        f.session.sendMessage(QByteArray(6000, 'a'));
        QVERIFY(f.session.isOpen());
        f.session.sendMessage(QByteArray(6000, 'b'));
        QCOMPARE(f.closeReason(), QStringLiteral("transport error"));
    }
};

QTEST_GUILESS_MAIN(TestEngineIoSession)
#include "tst_engineiosession.moc"

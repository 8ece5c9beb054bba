// RedisClient against a real redis-server on a free loopback port: replies of every type,
// binary-safe values, db selection, AUTH, pub/sub, and what callers see when Redis dies and comes
// back (one disconnected(), fast "redis unreachable" errors, reconnect and re-subscription).
#include "cluster/redisclient.h"

#include <QDeadlineTimer>
#include <QFileInfo>
#include <QHostAddress>
#include <QPointer>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <memory>
#include <optional>

namespace {

const QString kRedisServer = QStringLiteral("/usr/bin/redis-server");
constexpr int kTimeoutMs = 10000;

quint16 freeLoopbackPort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

class RedisServerProcess
{
public:
    explicit RedisServerProcess(quint16 port, QStringList extraArgs = {})
        : m_port(port), m_extraArgs(std::move(extraArgs))
    {
    }
    ~RedisServerProcess() { kill(); }

    quint16 port() const { return m_port; }
    QString output() { return QString::fromLocal8Bit(m_process.readAll()); }

    bool start()
    {
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        m_process.start(kRedisServer, QStringList{"--port", QString::number(m_port), "--bind", "127.0.0.1",
                                                  "--save", "", "--appendonly", "no"}
                                          + m_extraArgs);
        if (!m_process.waitForStarted(kTimeoutMs))
            return false;
        const QDeadlineTimer deadline(kTimeoutMs);
        while (!deadline.hasExpired()) {
            if (m_process.state() != QProcess::Running)
                return false;
            if (answersPing())
                return true;
            QTest::qWait(20); // poll interval, bounded by the deadline
        }
        return false;
    }

    void kill()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.kill();
        m_process.waitForFinished(kTimeoutMs);
    }

private:
    bool answersPing()
    {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_port);
        if (!socket.waitForConnected(500))
            return false;
        socket.write("PING\r\n");
        // NOAUTH counts too: the server is up, it just wants a password.
        while (socket.bytesAvailable() < 5 && socket.waitForReadyRead(1000)) { }
        const QByteArray answer = socket.readAll();
        return answer.startsWith("+PONG") || answer.startsWith("-NOAUTH");
    }

    quint16 m_port;
    QStringList m_extraArgs;
    QProcess m_process;
};

QUrl urlFor(quint16 port, const QString &suffix = {})
{
    return QUrl(QStringLiteral("redis://127.0.0.1:%1%2").arg(port).arg(suffix));
}

// A shared result, because a late callback must not write into a finished test's stack.
RedisReply call(RedisClient &client, const QList<QByteArray> &args)
{
    auto result = std::make_shared<std::optional<RedisReply>>();
    client.command(args, [result](const RedisReply &reply) { *result = reply; });
    if (!QTest::qWaitFor([&] { return result->has_value(); }, kTimeoutMs))
        return RedisReply::error("test: no reply within the deadline");
    return **result;
}

bool waitForSubscribers(RedisClient &client, const QByteArray &channel, qint64 count)
{
    const QDeadlineTimer deadline(kTimeoutMs);
    while (!deadline.hasExpired()) {
        const RedisReply reply = call(client, {"PUBSUB", "NUMSUB", channel});
        if (reply.elements.size() == 2 && reply.elements.at(1).integer == count)
            return true;
        QTest::qWait(10); // poll interval, bounded by the deadline
    }
    return false;
}

} // namespace

class TestRedisClient : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        if (!QFileInfo(kRedisServer).isExecutable())
            QSKIP("redis-server is not installed");
        m_server = std::make_unique<RedisServerProcess>(freeLoopbackPort());
        QVERIFY2(m_server->start(), qPrintable(m_server->output()));
    }

    void cleanupTestCase() { m_server.reset(); }

    void setGetIncrDelAndNil()
    {
        RedisClient client(urlFor(m_server->port()));
        QSignalSpy connectedSpy(&client, &RedisClient::connected);
        client.start();
        QTRY_COMPARE_WITH_TIMEOUT(connectedSpy.count(), 1, kTimeoutMs);
        QVERIFY(client.isConnected());

        RedisReply reply = call(client, {"SET", "greeting", "hello"});
        QCOMPARE(reply.type, RedisReply::Type::Status);
        QCOMPARE(reply.string, QByteArray("OK"));

        reply = call(client, {"GET", "greeting"});
        QCOMPARE(reply.type, RedisReply::Type::String);
        QCOMPARE(reply.string, QByteArray("hello"));

        reply = call(client, {"INCR", "counter"});
        QCOMPARE(reply.type, RedisReply::Type::Integer);
        QCOMPARE(reply.integer, 1);
        QCOMPARE(call(client, {"INCR", "counter"}).integer, 2);

        reply = call(client, {"DEL", "greeting", "counter"});
        QCOMPARE(reply.type, RedisReply::Type::Integer);
        QCOMPARE(reply.integer, 2);

        reply = call(client, {"GET", "greeting"});
        QVERIFY(reply.isNil());
        QVERIFY(!reply.isError());

        call(client, {"RPUSH", "list", "a", "b"});
        reply = call(client, {"LRANGE", "list", "0", "-1"});
        QCOMPARE(reply.type, RedisReply::Type::Array);
        QCOMPARE(reply.elements.size(), 2);
        QCOMPARE(reply.elements.at(1).string, QByteArray("b"));
        call(client, {"DEL", "list"});
    }

    void valuesAreBinarySafe()
    {
        RedisClient client(urlFor(m_server->port()));
        QSignalSpy connectedSpy(&client, &RedisClient::connected);
        client.start();
        QTRY_COMPARE_WITH_TIMEOUT(connectedSpy.count(), 1, kTimeoutMs);

        QByteArray everyByte;
        for (int i = 0; i < 256; ++i)
            everyByte.append(char(i));
        const QByteArray key = QByteArray("bin\0\r\nkey", 9);
        QCOMPARE(call(client, {"SET", key, everyByte}).string, QByteArray("OK"));
        const RedisReply reply = call(client, {"GET", key});
        QCOMPARE(reply.type, RedisReply::Type::String);
        QCOMPARE(reply.string, everyByte);
        call(client, {"DEL", key});
    }

    void errorReplyIsAnError()
    {
        RedisClient client(urlFor(m_server->port()));
        QSignalSpy connectedSpy(&client, &RedisClient::connected);
        client.start();
        QTRY_COMPARE_WITH_TIMEOUT(connectedSpy.count(), 1, kTimeoutMs);

        call(client, {"SET", "word", "abc"});
        const RedisReply reply = call(client, {"INCR", "word"});
        QVERIFY(reply.isError());
        QVERIFY2(reply.string.startsWith("ERR"), reply.string.constData());
        call(client, {"DEL", "word"});

        // The connection stays usable after an error reply.
        QCOMPARE(call(client, {"PING"}).string, QByteArray("PONG"));
    }

    void publishReachesSubscriber()
    {
        RedisClient publisher(urlFor(m_server->port()));
        RedisClient subscriber(urlFor(m_server->port()));
        QSignalSpy publisherUp(&publisher, &RedisClient::connected);
        QSignalSpy messages(&subscriber, &RedisClient::message);
        subscriber.subscribe("news"); // before start(): sent once connected
        publisher.start();
        subscriber.start();
        QTRY_COMPARE_WITH_TIMEOUT(publisherUp.count(), 1, kTimeoutMs);
        QVERIFY(waitForSubscribers(publisher, "news", 1));

        const QByteArray payload("\0payload\xff", 9);
        QCOMPARE(call(publisher, {"PUBLISH", "news", payload}).integer, 1);
        QTRY_COMPARE_WITH_TIMEOUT(messages.count(), 1, kTimeoutMs);
        QCOMPARE(messages.at(0).at(0).toByteArray(), QByteArray("news"));
        QCOMPARE(messages.at(0).at(1).toByteArray(), payload);

        // A channel subscribed to while already connected.
        subscriber.subscribe("later");
        QVERIFY(waitForSubscribers(publisher, "later", 1));
        call(publisher, {"PUBLISH", "later", "second"});
        QTRY_COMPARE_WITH_TIMEOUT(messages.count(), 2, kTimeoutMs);
        QCOMPARE(messages.at(1).at(0).toByteArray(), QByteArray("later"));
        QCOMPARE(messages.at(1).at(1).toByteArray(), QByteArray("second"));
    }

    void urlDbSelectsTheDatabase()
    {
        RedisClient db0(urlFor(m_server->port()));
        RedisClient db1(urlFor(m_server->port(), "/1"));
        QSignalSpy up0(&db0, &RedisClient::connected);
        QSignalSpy up1(&db1, &RedisClient::connected);
        db0.start();
        db1.start();
        QTRY_COMPARE_WITH_TIMEOUT(up0.count(), 1, kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(up1.count(), 1, kTimeoutMs);

        QCOMPARE(call(db1, {"SET", "only-in-1", "x"}).string, QByteArray("OK"));
        QCOMPARE(call(db1, {"GET", "only-in-1"}).string, QByteArray("x"));
        QVERIFY(call(db0, {"GET", "only-in-1"}).isNil());
        call(db1, {"DEL", "only-in-1"});
    }

    void urlValidation_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("valid");
        QTest::newRow("host only") << "redis://localhost" << true;
        QTest::newRow("port and db") << "redis://127.0.0.1:6380/2" << true;
        QTest::newRow("password") << "redis://:secret@redis.example:6379/0" << true;
        QTest::newRow("user and password") << "redis://app:secret@redis.example" << true;
        QTest::newRow("trailing slash") << "redis://localhost/" << true;
        QTest::newRow("other scheme") << "http://localhost:6379" << false;
        QTest::newRow("tls scheme") << "rediss://localhost:6379" << false;
        QTest::newRow("no host") << "redis://:6379" << false;
        QTest::newRow("empty") << "" << false;
        QTest::newRow("port 0") << "redis://localhost:0" << false;
        QTest::newRow("port too big") << "redis://localhost:70000" << false;
        QTest::newRow("db not a number") << "redis://localhost/abc" << false;
        QTest::newRow("db negative") << "redis://localhost/-1" << false;
        QTest::newRow("db with more path") << "redis://localhost/1/2" << false;
        QTest::newRow("user without password") << "redis://app@localhost" << false;
    }

    void urlValidation()
    {
        QFETCH(QString, url);
        QFETCH(bool, valid);
        QString why;
        QCOMPARE(RedisClient::isValidUrl(QUrl(url), &why), valid);
        QCOMPARE(why.isEmpty(), valid);
    }

    void invalidUrlNeverConnects()
    {
        RedisClient client(QUrl("http://127.0.0.1:1"));
        client.start();
        QVERIFY(!client.isConnected());
        QVERIFY(call(client, {"PING"}).isError());
    }

    void authenticatesWithThePassword()
    {
        RedisServerProcess server(freeLoopbackPort(), {"--requirepass", "s3cret"});
        QVERIFY2(server.start(), qPrintable(server.output()));

        RedisClient client(urlFor(server.port()).toString().replace("//", "//:s3cret@"));
        RedisClient asUser(urlFor(server.port(), "/3").toString().replace("//", "//default:s3cret@"));
        QSignalSpy up(&client, &RedisClient::connected);
        QSignalSpy userUp(&asUser, &RedisClient::connected);
        client.start();
        asUser.start();
        QTRY_COMPARE_WITH_TIMEOUT(up.count(), 1, kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(userUp.count(), 1, kTimeoutMs);
        QCOMPARE(call(client, {"PING"}).string, QByteArray("PONG"));
        QCOMPARE(call(asUser, {"SET", "k", "v"}).string, QByteArray("OK"));
        QVERIFY(call(client, {"GET", "k"}).isNil()); // asUser is in db 3

        RedisClient wrong(urlFor(server.port()).toString().replace("//", "//:nope@"));
        QSignalSpy wrongUp(&wrong, &RedisClient::connected);
        QSignalSpy wrongDown(&wrong, &RedisClient::disconnected);
        wrong.start();
        QTRY_COMPARE_WITH_TIMEOUT(wrongDown.count(), 1, kTimeoutMs);
        QVERIFY2(wrongDown.at(0).at(0).toString().contains("WRONGPASS"), qPrintable(wrongDown.at(0).at(0).toString()));
        QCOMPARE(wrongUp.count(), 0);
        QVERIFY(!wrong.isConnected());
        QCOMPARE(call(wrong, {"PING"}).string, QByteArray("redis unreachable"));
    }

    void failedAttemptsReportDownOnlyOnce()
    {
        // A listener that hangs up on every connection: each attempt reaches TCP but never
        // completes the SELECT, so it fails without ever counting as connected.
        QTcpServer hangUp;
        QVERIFY(hangUp.listen(QHostAddress::LocalHost, 0));
        int attempts = 0;
        connect(&hangUp, &QTcpServer::newConnection, this, [&] {
            while (QTcpSocket *socket = hangUp.nextPendingConnection()) {
                ++attempts;
                socket->abort();
                socket->deleteLater();
            }
        });

        RedisClient client(urlFor(hangUp.serverPort(), "/1"));
        QSignalSpy up(&client, &RedisClient::connected);
        QSignalSpy down(&client, &RedisClient::disconnected);
        client.start();
        QTRY_VERIFY_WITH_TIMEOUT(attempts >= 3, kTimeoutMs); // retried after 250 ms, then 500 ms
        QTRY_COMPARE_WITH_TIMEOUT(down.count(), 1, kTimeoutMs);
        QCOMPARE(down.count(), 1);
        QCOMPARE(up.count(), 0);
    }

    void survivesRedisDyingAndComingBack()
    {
        auto server = std::make_unique<RedisServerProcess>(freeLoopbackPort());
        QVERIFY2(server->start(), qPrintable(server->output()));
        const quint16 port = server->port();

        RedisClient client(urlFor(port));
        RedisClient subscriber(urlFor(port));
        QSignalSpy clientUp(&client, &RedisClient::connected);
        QSignalSpy clientDown(&client, &RedisClient::disconnected);
        QSignalSpy subscriberUp(&subscriber, &RedisClient::connected);
        QSignalSpy subscriberDown(&subscriber, &RedisClient::disconnected);
        QSignalSpy messages(&subscriber, &RedisClient::message);
        subscriber.subscribe("events");
        client.start();
        subscriber.start();
        QTRY_COMPARE_WITH_TIMEOUT(clientUp.count(), 1, kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(subscriberUp.count(), 1, kTimeoutMs);
        QVERIFY(waitForSubscribers(client, "events", 1));

        // A command in flight when Redis dies gets the error, not silence.
        auto blocked = std::make_shared<std::optional<RedisReply>>();
        client.command({"BLPOP", "never-filled", "0"}, [blocked](const RedisReply &r) { *blocked = r; });
        server->kill();

        QTRY_COMPARE_WITH_TIMEOUT(clientDown.count(), 1, kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(subscriberDown.count(), 1, kTimeoutMs);
        QVERIFY(!client.isConnected());
        QVERIFY(blocked->has_value());
        QCOMPARE(blocked->value().string, QByteArray("redis unreachable"));

        auto reply = std::make_shared<std::optional<RedisReply>>();
        client.command({"GET", "x"}, [reply](const RedisReply &r) { *reply = r; });
        QVERIFY2(!reply->has_value(), "the callback ran inside command()");
        QTRY_VERIFY_WITH_TIMEOUT(reply->has_value(), kTimeoutMs);
        QVERIFY(reply->value().isError());
        QCOMPARE(reply->value().string, QByteArray("redis unreachable"));

        server = std::make_unique<RedisServerProcess>(port);
        QVERIFY2(server->start(), qPrintable(server->output()));
        QTRY_COMPARE_WITH_TIMEOUT(clientUp.count(), 2, 15000);
        QTRY_COMPARE_WITH_TIMEOUT(subscriberUp.count(), 2, 15000);
        QCOMPARE(clientDown.count(), 1);
        QCOMPARE(subscriberDown.count(), 1);

        QVERIFY(waitForSubscribers(client, "events", 1));
        QCOMPARE(call(client, {"PUBLISH", "events", "after restart"}).integer, 1);
        QTRY_COMPARE_WITH_TIMEOUT(messages.count(), 1, kTimeoutMs);
        QCOMPARE(messages.at(0).at(1).toByteArray(), QByteArray("after restart"));
    }

    void destroyingWithPendingCommandIsQuiet()
    {
        auto client = std::make_unique<RedisClient>(urlFor(m_server->port()));
        QSignalSpy up(client.get(), &RedisClient::connected);
        client->start();
        QTRY_COMPARE_WITH_TIMEOUT(up.count(), 1, kTimeoutMs);

        bool called = false;
        // BLPOP with no timeout: the reply can never arrive before the client is gone.
        client->command({"BLPOP", "never-filled", "0"}, [&called](const RedisReply &) { called = true; });
        client->command({"PING"}, [&called](const RedisReply &) { called = true; });
        client.reset();

        // One full round trip on another connection gives any stray callback time to show up.
        RedisClient other(urlFor(m_server->port()));
        QSignalSpy otherUp(&other, &RedisClient::connected);
        other.start();
        QTRY_COMPARE_WITH_TIMEOUT(otherUp.count(), 1, kTimeoutMs);
        QCOMPARE(call(other, {"PING"}).string, QByteArray("PONG"));
        QVERIFY(!called);

        // Also when the error is already queued (not connected) at destruction time.
        auto idle = std::make_unique<RedisClient>(urlFor(m_server->port()));
        idle->command({"PING"}, [&called](const RedisReply &) { called = true; });
        idle.reset();
        QCOMPARE(call(other, {"PING"}).string, QByteArray("PONG"));
        QVERIFY(!called);
    }

private:
    std::unique_ptr<RedisServerProcess> m_server;
};

QTEST_GUILESS_MAIN(TestRedisClient)
#include "tst_redisclient.moc"

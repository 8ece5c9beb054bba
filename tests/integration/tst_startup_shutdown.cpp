// Starting and stopping the real binary: --help and --version, bad settings (exit code 2 and one
// line), precedence of option, environment and file, extra listeners, the public-address warning,
// SIGTERM/SIGINT closing WebSockets with 1001 and exiting 0, and no new connections once it began.
#include "rawhttp.h"
#include "serverprocess.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>

#include <csignal>

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run runServer(const QStringList &args, const QMap<QString, QString> &env = {})
{
    QProcess process;
    QProcessEnvironment environment;
    environment.insert("PATH", qEnvironmentVariable("PATH"));
    for (auto it = env.cbegin(); it != env.cend(); ++it)
        environment.insert(it.key(), it.value());
    process.setProcessEnvironment(environment);
    process.start(ServerProcess::binary(), args);
    Run run;
    if (!process.waitForFinished(10000)) {
        process.kill();
        process.waitForFinished();
        return run;
    }
    run.exitCode = process.exitCode();
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

QString writeIni(const QTemporaryDir &dir, const QByteArray &text)
{
    const QString path = dir.path() + "/switchboard.ini";
    QFile file(path);
    file.open(QIODevice::WriteOnly);
    file.write(text);
    return path;
}

// A WebSocket on a bare QTcpSocket, so the test decides whether (and when) to answer the
// server's close frame: left unanswered, it keeps a stopping relay in its grace period.
class RawWebSocket
{
public:
    bool open(quint16 port, const QByteArray &path)
    {
        m_socket.connectToHost(QStringLiteral("127.0.0.1"), port);
        if (!m_socket.waitForConnected(3000))
            return false;
        m_socket.write("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
                       "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                       "Sec-WebSocket-Version: 13\r\n\r\n");
        QDeadlineTimer deadline(5000);
        while (!m_buffer.contains("\r\n\r\n")) {
            if (deadline.hasExpired() || !m_socket.waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime()))))
                return false;
            m_buffer += m_socket.readAll();
        }
        const qsizetype headEnd = m_buffer.indexOf("\r\n\r\n") + 4;
        const bool switched = m_buffer.startsWith("HTTP/1.1 101 ");
        m_buffer.remove(0, headEnd);
        return switched;
    }

    // Reads server frames (unmasked, unfragmented) until one with `opcode` arrives; returns its
    // payload, or a null array if none came within the timeout.
    QByteArray waitForFrame(quint8 opcode, int timeoutMs)
    {
        QDeadlineTimer deadline(timeoutMs);
        for (;;) {
            while (m_buffer.size() >= 2) {
                const quint8 op = quint8(m_buffer[0]) & 0x0f;
                qsizetype length = quint8(m_buffer[1]) & 0x7f;
                qsizetype header = 2;
                if (length == 126) {
                    if (m_buffer.size() < 4)
                        break;
                    length = (qsizetype(quint8(m_buffer[2])) << 8) | quint8(m_buffer[3]);
                    header = 4;
                } else if (length == 127) {
                    return {}; // never sent on these paths
                }
                if (m_buffer.size() < header + length)
                    break;
                const QByteArray payload = m_buffer.mid(header, length);
                m_buffer.remove(0, header + length);
                if (op == opcode)
                    return payload.isNull() ? QByteArray("") : payload;
            }
            if (deadline.hasExpired() || !m_socket.waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime()))))
                return {};
            m_buffer += m_socket.readAll();
        }
    }

    // A client frame must be masked; a zero mask leaves the payload as it is.
    void sendClose(quint16 code)
    {
        const char frame[] = {char(0x88), char(0x82), 0, 0, 0, 0, char(code >> 8), char(code & 0xff)};
        m_socket.write(frame, sizeof frame);
        m_socket.flush();
    }

    QTcpSocket &socket() { return m_socket; }

private:
    QTcpSocket m_socket;
    QByteArray m_buffer;
};

} // namespace

class TestStartupShutdown : public QObject
{
    Q_OBJECT

private slots:
    void helpListsTheOptionsAndTheirVariables()
    {
        const Run run = runServer({"--help"});
        QCOMPARE(run.exitCode, 0);
        for (const char *expected : {"--port", "--host", "--config", "--data-dir", "--domain", "--tls-cert",
                                     "--tls-key", "--log-level", "--version", "PORT", "DOMAIN", "REDIS_URL",
                                     "LOG_LEVEL", "HOST"})
            QVERIFY2(run.out.contains(expected), expected);
    }

    void versionPrintsTheVersion()
    {
        const Run run = runServer({"--version"});
        QCOMPARE(run.exitCode, 0);
        QVERIFY(run.out.startsWith("switchboard-server 0."));
    }

    void badSettingsStopStartupWithOneLine_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("envName");
        QTest::addColumn<QString>("envValue");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("port option") << QStringList{"--port", "abc"} << "" << "" << "port (option --port)";
        QTest::newRow("port variable") << QStringList{} << "PORT" << "70000" << "environment variable PORT";
        QTest::newRow("log level") << QStringList{"--log-level", "loud"} << "" << "" << "log_level";
        QTest::newRow("host") << QStringList{"--host", "not-an-address"} << "" << "" << "host";
        QTest::newRow("redis url") << QStringList{} << "REDIS_URL" << "http://x" << "REDIS_URL";
        QTest::newRow("unknown option") << QStringList{"--frobnicate"} << "" << "" << "frobnicate";
        QTest::newRow("missing config") << QStringList{"--config", "/nonexistent/sb.ini"} << "" << "" << "does not exist";
        QTest::newRow("cert without key") << QStringList{"--tls-cert", "/tmp/x.pem"} << "" << "" << "tls";
    }

    void badSettingsStopStartupWithOneLine()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, envName);
        QFETCH(QString, envValue);
        QFETCH(QString, mentions);
        QMap<QString, QString> env;
        if (!envName.isEmpty())
            env.insert(envName, envValue);
        const Run run = runServer(args, env);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(mentions), qPrintable(run.err));
        QCOMPARE(run.err.trimmed().count('\n'), 0); // one line
        QVERIFY(run.err.startsWith("switchboard-server: "));
    }

    void unknownKeyInConfigFileIsNamed()
    {
        QTemporaryDir dir;
        const Run run = runServer({"--config", writeIni(dir, "[server]\nprot=80\n")});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("server/prot: unknown setting"), qPrintable(run.err));
    }

    void optionBeatsEnvironmentBeatsFile()
    {
        QTemporaryDir dir;
        const QString ini = writeIni(dir, "[server]\ndomain=file.example\nlog_level=debug\n");
        {
            ServerProcess server;
            server.setArguments({"--config", ini, "--domain", "option.example"});
            server.setEnvironment("DOMAIN", "env.example");
            QVERIFY(server.start());
            QVERIFY(server.waitForLog("share URLs use http://<session>.option.example"));
        }
        {
            ServerProcess server;
            server.setArguments({"--config", ini});
            server.setEnvironment("DOMAIN", "env.example");
            QVERIFY(server.start());
            QVERIFY(server.waitForLog("share URLs use http://<session>.env.example"));
        }
        {
            ServerProcess server;
            server.setEnvironment("SWITCHBOARD_CONFIG", ini);
            QVERIFY(server.start());
            QVERIFY(server.waitForLog("share URLs use http://<session>.file.example"));
            QVERIFY(server.logs().contains("settings read from"));
        }
    }

    void defaultDomainCarriesTheRealPort()
    {
        ServerProcess server;
        QVERIFY(server.start());
        QVERIFY(server.waitForLog(QStringLiteral("share URLs use http://<session>.localhost:%1").arg(server.port())));
    }

    void extraPortsServeTheSameRelay()
    {
        const quint16 extra = freePort();
        ServerProcess server;
        server.setArguments({"--extra-ports", QString::number(extra)});
        QVERIFY(server.start(2));
        QCOMPARE(server.ports().size(), 2);
        QCOMPARE(server.ports().at(1), extra);
        QCOMPARE(RawHttp::get(server.port(), "/health").status, 200);
        QCOMPARE(RawHttp::get(extra, "/health").status, 200);
    }

    void portInUseFailsWithExitCode1()
    {
        QTcpServer occupant;
        QVERIFY(occupant.listen(QHostAddress::LocalHost, 0));
        ServerProcess server;
        server.setArguments({"--port", QString::number(occupant.serverPort())});
        QVERIFY(!server.start(1, 5000));
        QCOMPARE(server.stop(SIGTERM, 5000), 1);
        QVERIFY(server.logs().contains(QStringLiteral("port %1: cannot listen").arg(occupant.serverPort())));
    }

    void publicAddressWithoutTlsWarnsOnce()
    {
        ServerProcess server;
        server.setArguments({"--host", "0.0.0.0"});
        QVERIFY(server.start());
        // The share-URL line comes last at start-up: once it is there, the warning had its chance.
        QVERIFY(server.waitForLog("share URLs use"));
        QCOMPARE(server.logs().count("without TLS"), 1);
        ServerProcess local;
        QVERIFY(local.start());
        QVERIFY(local.waitForLog("share URLs use"));
        QCOMPARE(local.logs().count("without TLS"), 0);
    }

    void sigtermClosesWebSocketsWith1001AndExits0_data()
    {
        QTest::addColumn<int>("signal");
        QTest::newRow("SIGTERM") << int(SIGTERM);
        QTest::newRow("SIGINT") << int(SIGINT);
    }

    void sigtermClosesWebSocketsWith1001AndExits0()
    {
        QFETCH(int, signal);
        ServerProcess server;
        QVERIFY(server.start());
        QWebSocket a, b;
        QSignalSpy aMessages(&a, &QWebSocket::textMessageReceived);
        QSignalSpy bMessages(&b, &QWebSocket::textMessageReceived);
        a.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/live").arg(server.port())));
        b.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/live").arg(server.port())));
        QVERIFY(aMessages.wait(5000));
        QTRY_VERIFY_WITH_TIMEOUT(bMessages.count() >= 1, 5000);
        QSignalSpy aClosed(&a, &QWebSocket::disconnected);
        QSignalSpy bClosed(&b, &QWebSocket::disconnected);

        QElapsedTimer clock;
        clock.start();
        QCOMPARE(server.stop(signal, 5000), 0);
        QVERIFY(clock.elapsed() < 5000);
        QTRY_VERIFY_WITH_TIMEOUT(aClosed.count() == 1 && bClosed.count() == 1, 3000);
        QCOMPARE(a.closeCode(), QWebSocketProtocol::CloseCodeGoingAway);
        QCOMPARE(b.closeCode(), QWebSocketProtocol::CloseCodeGoingAway);
        QVERIFY(server.logs().contains("shutting down"));
    }

    void stoppingRelayAcceptsNoNewConnections()
    {
        const quint16 extra = freePort();
        ServerProcess server;
        server.setArguments({"--extra-ports", QString::number(extra)});
        QVERIFY(server.start(2));
        QCOMPARE(RawHttp::get(server.port(), "/health").status, 200);
        QCOMPARE(RawHttp::get(extra, "/health").status, 200);
        RawWebSocket held;
        QVERIFY(held.open(server.port(), "/live"));
        QVERIFY(!held.waitForFrame(0x1, 5000).isNull()); // the health message /live sends first

        // Send the signal without waiting for the exit: a timeout of 0 returns at once, -1 as the
        // relay is still running.
        QCOMPARE(server.stop(SIGTERM, 0), -1);
        // Relay::shutdown closes the listeners before it sends the close frames, so once the
        // 1001 has arrived no listener is left: the very next connection attempt is refused.
        const QByteArray close = held.waitForFrame(0x8, 5000);
        QVERIFY2(close.size() >= 2, qPrintable(server.logs()));
        QCOMPARE((quint8(close[0]) << 8) | quint8(close[1]), int(QWebSocketProtocol::CloseCodeGoingAway));
        QVERIFY(close.mid(2).contains("shutting down"));

        // The close is not answered yet, so the relay waits in its grace period, still running.
        for (const quint16 port : {server.port(), extra}) {
            QTcpSocket socket;
            socket.connectToHost(QStringLiteral("127.0.0.1"), port);
            const bool connected = socket.waitForConnected(3000);
            QVERIFY2(!connected, qPrintable(QStringLiteral("port %1 still accepts connections").arg(port)));
            QCOMPARE(socket.error(), QAbstractSocket::ConnectionRefusedError);
            // Said as a whole HTTP request too: no answer, let alone a 200.
            QCOMPARE(RawHttp::get(port, "/health").status, 0);
        }
        QVERIFY(server.isRunning());
        QCOMPARE(held.socket().state(), QAbstractSocket::ConnectedState);
        QVERIFY(server.waitForLog("shutting down: closing listeners and 1 WebSockets"));

        // Answering the close lets the relay finish without waiting out its grace period.
        held.sendClose(quint16(QWebSocketProtocol::CloseCodeGoingAway));
        QVERIFY(RawHttp::waitForClose(&held.socket(), 5000));
        QTRY_VERIFY_WITH_TIMEOUT(!server.isRunning(), 5000);
        QCOMPARE(server.stop(SIGTERM, 0), 0); // no longer running: only reports the exit code
    }
};

QTEST_GUILESS_MAIN(TestStartupShutdown)
#include "tst_startup_shutdown.moc"

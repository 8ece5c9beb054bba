// Starting and stopping the real binary: --help and --version, bad settings (exit code 2 and one
// line), precedence of option, environment and file, extra listeners, the public-address warning,
// and SIGTERM/SIGINT closing WebSockets with 1001 and exiting 0.
#include "rawhttp.h"
#include "serverprocess.h"

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
};

QTEST_GUILESS_MAIN(TestStartupShutdown)
#include "tst_startup_shutdown.moc"

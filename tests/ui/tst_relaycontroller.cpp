// RelayController: pause really stops relaying (the port closes), resume brings a new relay,
// applying settings restarts the relay with them, and bad settings or a relay that cannot start
// leave the running one and the settings file as they were.
#include "relay.h"
#include "relaycontroller.h"
#include "testenvironment.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

namespace {
bool accepts(quint16 port)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    return socket.waitForConnected(2000);
}
} // namespace

class TestRelayController : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

    QMap<QString, QString> baseValues() const
    {
        return {{QStringLiteral("server/port"), QStringLiteral("0")},
                {QStringLiteral("server/host"), QStringLiteral("127.0.0.1")}};
    }

private slots:
    void startsFromTheSettingsFile()
    {
        const QString config = TestEnvironment::writeConfig(m_dir.path(), QStringLiteral("domain=relay.test\n"));
        RelayController controller(TestEnvironment::sources(m_dir.path()), config);
        QSignalSpy changed(&controller, &RelayController::relayChanged);
        QVERIFY(controller.start());
        QCOMPARE(controller.state(), RelayController::State::Running);
        QCOMPARE(changed.count(), 1);
        QVERIFY(controller.relay());
        QCOMPARE(controller.shareUrl(), QStringLiteral("http://relay.test"));
        QVERIFY(accepts(controller.relay()->listeningPorts().first()));
    }

    void pauseClosesThePortAndResumeOpensANewRelay()
    {
        const QString config = TestEnvironment::writeConfig(m_dir.path());
        RelayController controller(TestEnvironment::sources(m_dir.path()), config);
        QVERIFY(controller.start());
        QPointer<Relay> first = controller.relay();
        const quint16 port = first->listeningPorts().first();

        QSignalSpy changed(&controller, &RelayController::relayChanged);
        controller.pause();
        QCOMPARE(controller.state(), RelayController::State::Paused);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.at(0).at(0).value<Relay *>(), nullptr);
        QVERIFY(!controller.relay());
        QVERIFY(controller.shareUrl().isEmpty());
        QVERIFY(!accepts(port));
        QTRY_VERIFY(first.isNull()); // the old relay is gone once it has stopped

        QVERIFY(controller.resume());
        QCOMPARE(controller.state(), RelayController::State::Running);
        QVERIFY(controller.relay());
        QVERIFY(accepts(controller.relay()->listeningPorts().first()));
    }

    void badSettingsKeepTheRelayRunning()
    {
        const QString config = TestEnvironment::writeConfig(m_dir.path());
        RelayController controller(TestEnvironment::sources(m_dir.path()), config);
        QVERIFY(controller.start());
        Relay *running = controller.relay();
        const QMap<QString, QString> before = controller.settingsFile().values();

        QMap<QString, QString> values = baseValues();
        values.insert(QStringLiteral("server/port"), QStringLiteral("http"));
        const QString error = controller.apply(values);
        QVERIFY2(error.startsWith(QStringLiteral("port (")), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("\"http\" is not a port number")), qPrintable(error));
        QCOMPARE(controller.relay(), running);
        QCOMPARE(controller.state(), RelayController::State::Running);
        QCOMPARE(controller.settingsFile().values(), before);
    }

    void goodSettingsApplyWithoutRestartingTheApp()
    {
        const QString config = TestEnvironment::writeConfig(m_dir.path());
        RelayController controller(TestEnvironment::sources(m_dir.path()), config);
        QVERIFY(controller.start());
        QPointer<Relay> old = controller.relay();

        QMap<QString, QString> values = baseValues();
        values.insert(QStringLiteral("server/domain"), QStringLiteral("Home.Example.org"));
        values.insert(QStringLiteral("server/services"), QStringLiteral("tunnel,pairing"));
        QCOMPARE(controller.apply(values), QString());
        QVERIFY(controller.relay());
        QVERIFY(controller.relay() != old);
        QCOMPARE(controller.shareUrl(), QStringLiteral("http://home.example.org"));
        QCOMPARE(controller.settings().services, (QStringList{"tunnel", "pairing"}));
        // Saved where the server would read it with --config.
        QCOMPARE(controller.settingsFile().values().value(QStringLiteral("server/domain")),
                 QStringLiteral("Home.Example.org"));
        QTRY_VERIFY(old.isNull());
    }

    void unchangedSettingsKeepTheRelay()
    {
        const QString config = TestEnvironment::writeConfig(m_dir.path());
        RelayController controller(TestEnvironment::sources(m_dir.path()), config);
        QVERIFY(controller.start());
        Relay *running = controller.relay();
        QMap<QString, QString> values = controller.settingsFile().values();
        values.insert(QStringLiteral("server/domain"), QString()); // empty: the default, as before
        QCOMPARE(controller.apply(values), QString());
        QCOMPARE(controller.relay(), running); // no restart, no sessions cut
    }

    void aPortInUseRestoresThePreviousSettings()
    {
        QTcpServer squatter;
        QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
        const QString config = TestEnvironment::writeConfig(m_dir.path());
        RelayController controller(TestEnvironment::sources(m_dir.path()), config);
        QVERIFY(controller.start());
        const QMap<QString, QString> before = controller.settingsFile().values();

        QMap<QString, QString> values = baseValues();
        values.insert(QStringLiteral("server/port"), QString::number(squatter.serverPort()));
        const QString error = controller.apply(values);
        QVERIFY2(error.startsWith(QStringLiteral("port %1:").arg(squatter.serverPort())), qPrintable(error));
        QCOMPARE(controller.state(), RelayController::State::Running);
        QVERIFY(controller.relay());
        QVERIFY(controller.relay()->listeningPorts().first() != squatter.serverPort());
        QCOMPARE(controller.settingsFile().values(), before);
    }

    void aProblemAtStartIsReported()
    {
        QTcpServer squatter;
        QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
        const QString config = TestEnvironment::writeConfig(m_dir.path());
        QFile file(config);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QStringLiteral("[server]\nhost=127.0.0.1\nport=%1\n").arg(squatter.serverPort()).toUtf8());
        file.close();
        RelayController controller(TestEnvironment::sources(m_dir.path()), config);
        QVERIFY(!controller.start());
        QCOMPARE(controller.state(), RelayController::State::Problem);
        QVERIFY(controller.problem().contains(QString::number(squatter.serverPort())));

        // Another taken port is refused with its reason, and the file keeps what it had.
        QTcpServer other;
        QVERIFY(other.listen(QHostAddress::LocalHost, 0));
        const QMap<QString, QString> before = controller.settingsFile().values();
        QMap<QString, QString> values = baseValues();
        values.insert(QStringLiteral("server/port"), QString::number(other.serverPort()));
        const QString error = controller.apply(values);
        QVERIFY2(error.startsWith(QStringLiteral("port %1:").arg(other.serverPort())), qPrintable(error));
        QCOMPARE(controller.state(), RelayController::State::Problem);
        QCOMPARE(controller.settingsFile().values(), before);

        // Fixing the setting from the dialog gets it going.
        QCOMPARE(controller.apply(baseValues()), QString());
        QCOMPARE(controller.state(), RelayController::State::Running);
    }

    void quitWaitsForTheRelay()
    {
        const QString config = TestEnvironment::writeConfig(m_dir.path());
        RelayController controller(TestEnvironment::sources(m_dir.path()), config);
        QVERIFY(controller.start());
        QSignalSpy finished(&controller, &RelayController::finished);
        controller.quit();
        QVERIFY(finished.count() == 1 || finished.wait(5000));
    }
};

QTEST_MAIN(TestRelayController)
#include "tst_relaycontroller.moc"

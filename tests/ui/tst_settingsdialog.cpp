// The settings dialog refuses a bad value in place, next to its field, with the loader's reason,
// and leaves the relay running; good values apply at once, without restarting the app.
#include "relay.h"
#include "relaycontroller.h"
#include "settingsdialog.h"
#include "testenvironment.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QTest>

class TestSettingsDialog : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    std::unique_ptr<RelayController> m_controller;

    QLabel *errorLabel(SettingsDialog &dialog, const QString &key)
    {
        return dialog.findChild<QLabel *>(key + QStringLiteral("/error"));
    }

private slots:
    void init()
    {
        m_controller = std::make_unique<RelayController>(TestEnvironment::sources(m_dir.path()),
                                                         TestEnvironment::writeConfig(m_dir.path()));
        QVERIFY(m_controller->start());
    }
    void cleanup() { m_controller.reset(); }

    void showsTheCurrentSettings()
    {
        SettingsDialog dialog(m_controller.get());
        QCOMPARE(dialog.field(QStringLiteral("server/port"))->text(), QStringLiteral("0"));
        QCOMPARE(dialog.field(QStringLiteral("server/host"))->text(), QStringLiteral("127.0.0.1"));
        QVERIFY(dialog.field(QStringLiteral("server/domain"))->text().isEmpty());
        QVERIFY(dialog.serviceBox(QStringLiteral("libp2p"))->isChecked());
        QVERIFY(!dialog.startAtLoginBox()->isChecked());
    }

    void badValueShowsItsReasonNextToTheField_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("reason");
        QTest::newRow("port") << "server/port" << "80800" << "\"80800\" is not a port number (0 to 65535)";
        QTest::newRow("domain") << "server/domain" << "relay.example.org/path" << "is not a domain name";
        QTest::newRow("host") << "server/host" << "my laptop" << "\"my laptop\" is not an IP address";
        QTest::newRow("limit") << "limits/max_connections" << "lots" << "\"lots\" is not a whole number";
        QTest::newRow("cert without key") << "tls/certificate" << "/etc/ssl/cert.pem"
                                          << "a certificate needs a key";
    }
    void badValueShowsItsReasonNextToTheField()
    {
        QFETCH(QString, key);
        QFETCH(QString, value);
        QFETCH(QString, reason);
        SettingsDialog dialog(m_controller.get());
        dialog.show();
        Relay *running = m_controller->relay();
        dialog.field(key)->setText(value);
        QVERIFY(!dialog.apply());
        QVERIFY2(dialog.errorText(key).contains(reason), qPrintable(dialog.errorText(key)));
        QVERIFY(errorLabel(dialog, key)->isVisible());
        // In place, not in a popup, and nothing else is blamed.
        QVERIFY(!QApplication::activeModalWidget());
        QVERIFY(dialog.errorText(QString()).isEmpty());
        QCOMPARE(m_controller->relay(), running);
        QCOMPARE(m_controller->state(), RelayController::State::Running);
        // Fixing the field clears its reason as soon as the user types.
        QTest::keyClick(dialog.field(key), Qt::Key_End);
        QTest::keyClicks(dialog.field(key), QStringLiteral("x"));
        QVERIFY(!errorLabel(dialog, key)->isVisible());
    }

    void aCertificateThatDoesNotLoadIsBlamedOnTheCertificate()
    {
        SettingsDialog dialog(m_controller.get());
        dialog.field(QStringLiteral("tls/certificate"))->setText(m_dir.filePath(QStringLiteral("missing.pem")));
        dialog.field(QStringLiteral("tls/key"))->setText(m_dir.filePath(QStringLiteral("missing.key")));
        QVERIFY(!dialog.apply());
        QVERIFY2(!dialog.errorText(QStringLiteral("tls/certificate")).isEmpty(),
                 qPrintable(dialog.errorText(QString())));
        QCOMPARE(m_controller->state(), RelayController::State::Running);
    }

    void noServiceIsRefused()
    {
        SettingsDialog dialog(m_controller.get());
        for (const QString &service : Settings().services)
            dialog.serviceBox(service)->setChecked(false);
        QVERIFY(!dialog.apply());
        QVERIFY(!dialog.errorText(QStringLiteral("server/services")).isEmpty());
    }

    void optionsThatWinAreNamedUnderTheirField()
    {
        SettingSources sources = TestEnvironment::sources(m_dir.path());
        sources.commandLine.insert(QStringLiteral("domain"), QStringLiteral("cli.example.org"));
        sources.environment.insert(QStringLiteral("SWITCHBOARD_MAX_CONNECTIONS"), QStringLiteral("99"));
        RelayController controller(sources, TestEnvironment::writeConfig(m_dir.path()));
        QVERIFY(controller.start());
        SettingsDialog dialog(&controller);
        dialog.show();
        const auto hint = [&](const QString &key) {
            auto *label = dialog.findChild<QLabel *>(key + QStringLiteral("/override"));
            return label && !label->isHidden() ? label->text() : QString();
        };
        QVERIFY2(hint(QStringLiteral("server/domain")).contains(QStringLiteral("--domain")),
                 qPrintable(hint(QStringLiteral("server/domain"))));
        QVERIFY(hint(QStringLiteral("server/domain")).contains(QStringLiteral("cli.example.org")));
        QVERIFY(hint(QStringLiteral("limits/max_connections")).contains(QStringLiteral("SWITCHBOARD_MAX_CONNECTIONS")));
        QVERIFY(hint(QStringLiteral("server/port")).isEmpty());
    }

    void goodValuesApplyAtOnce()
    {
        SettingsDialog dialog(m_controller.get());
        Relay *old = m_controller->relay();
        dialog.field(QStringLiteral("server/domain"))->setText(QStringLiteral("relay.example.org"));
        dialog.serviceBox(QStringLiteral("mesh"))->setChecked(false);
        dialog.field(QStringLiteral("limits/idle_timeout"))->setText(QStringLiteral("120"));
        dialog.startAtLoginBox()->setChecked(true);
        QVERIFY(dialog.apply());
        QVERIFY(dialog.errorText(QString()).isEmpty());
        QVERIFY(m_controller->relay() != old);
        QCOMPARE(m_controller->shareUrl(), QStringLiteral("http://relay.example.org"));
        QVERIFY(!m_controller->settings().runs(QStringLiteral("mesh")));
        QCOMPARE(m_controller->settings().idleTimeoutSeconds, 120);
        QVERIFY(QFile::exists(QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)
                              + QStringLiteral("/autostart/switchboard.desktop")));

        // A fresh dialog shows what was saved.
        SettingsDialog again(m_controller.get());
        QCOMPARE(again.field(QStringLiteral("server/domain"))->text(), QStringLiteral("relay.example.org"));
        QVERIFY(!again.serviceBox(QStringLiteral("mesh"))->isChecked());
        QVERIFY(again.serviceBox(QStringLiteral("tunnel"))->isChecked());
        QVERIFY(again.startAtLoginBox()->isChecked());
        again.startAtLoginBox()->setChecked(false);
        QVERIFY(again.apply());
        QVERIFY(!QFile::exists(QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)
                               + QStringLiteral("/autostart/switchboard.desktop")));
    }
};

QTEST_MAIN(TestSettingsDialog)
#include "tst_settingsdialog.moc"

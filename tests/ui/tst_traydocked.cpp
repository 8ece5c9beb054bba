// The app with a real system tray (Xvfb and trayer, through with-tray.sh): the icon docks and
// the window stays hidden, a left click opens it, closing it keeps the relay running, and the
// icon notifies when a desktop opens a tunnel or a phone pairs.
#include "devices/phonepairing.h"
#include "logcapture.h"
#include "mainwindow.h"
#include "relay.h"
#include "relaycontroller.h"
#include "sessions/sessionregistry.h"
#include "statusicons.h"
#include "testenvironment.h"
#include "trayapplication.h"
#include "trayicon.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QSystemTrayIcon>
#include <QTest>

class TestTrayDocked : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    LogCapture m_log;

private slots:
    void initTestCase()
    {
        // trayer may still be starting: poll for the tray with a deadline.
        QTRY_VERIFY_WITH_TIMEOUT(QSystemTrayIcon::isSystemTrayAvailable(), 10000);
    }

    void docksNotifiesAndOpens()
    {
        TrayApplication::Options o;
        o.sources = TestEnvironment::sources(m_dir.path());
        o.settingsPath = TestEnvironment::writeConfig(m_dir.path());
        TrayApplication app(o, &m_log);
        QSignalSpy ready(&app, &TrayApplication::ready);
        app.start();
        QVERIFY(app.usesTray());
        QVERIFY(ready.count() == 1 || ready.wait(5000));
        QVERIFY(app.tray()->isVisible());
        const QRect geometry = app.tray()->systemTrayIcon()->geometry();
        QVERIFY2(geometry.isValid() && !geometry.isEmpty(), "the icon has no place in the panel");
        QVERIFY(!app.window()->isVisible()); // a tray app starts quietly
        QVERIFY(app.tray()->systemTrayIcon()->toolTip().contains(app.controller()->shareUrl()));

        // Left click.
        emit app.tray()->systemTrayIcon()->activated(QSystemTrayIcon::Trigger);
        QVERIFY(app.window()->isVisible());
        // Closing the window leaves the relay running in the tray.
        app.window()->close();
        QVERIFY(!app.window()->isVisible());
        QCOMPARE(app.controller()->state(), RelayController::State::Running);

        QSignalSpy notified(app.tray(), &TrayIcon::notified);
        Session desktop;
        desktop.service = QStringLiteral("tunnel");
        desktop.id = QStringLiteral("k3f9q2");
        app.controller()->relay()->sessions()->begin(desktop);
        QVERIFY(notified.wait(3000));
        QCOMPARE(notified.last().at(0).toString(), QStringLiteral("Desktop connected"));
        QVERIFY(notified.last().at(1).toString().contains(QStringLiteral("k3f9q2")));

        // Other services' sessions are not worth a notification.
        Session transfer;
        transfer.service = QStringLiteral("pairing");
        transfer.id = QStringLiteral("x");
        const auto before = notified.count();
        QSignalSpy began(app.controller()->relay(), &Relay::sessionsBegan);
        app.controller()->relay()->sessions()->begin(transfer);
        QVERIFY(began.wait(3000)); // the app saw the batch (its slot runs before the spy's)
        QCOMPARE(began.last().at(0).value<QList<Session>>().first().service, QStringLiteral("pairing"));
        QCOMPARE(notified.count(), before);

        PhonePairing *pairing = app.controller()->relay()->phonePairing();
        const QString code = pairing->issueCode().code;
        QCOMPARE(pairing->redeem(code, QStringLiteral("Pixel 8")).outcome, PhonePairing::Outcome::Paired);
        QCOMPARE(notified.last().at(0).toString(), QStringLiteral("Device paired"));
        QVERIFY(notified.last().at(1).toString().contains(QStringLiteral("Pixel 8")));

        // Paused: the icon and its tooltip say so.
        app.togglePause();
        QCOMPARE(app.tray()->systemTrayIcon()->toolTip(), QStringLiteral("Switchboard is paused"));
    }
};

QTEST_MAIN(TestTrayDocked)
#include "tst_traydocked.moc"

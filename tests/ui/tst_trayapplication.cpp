// The app as a whole without a system tray (the offscreen platform has none, like GNOME without
// AppIndicator): the window opens and says why; pause and resume; the tray menu follows the
// relay's state; window state is remembered.
#include "logcapture.h"
#include "mainwindow.h"
#include "noticebanner.h"
#include "relay.h"
#include "relaycontroller.h"
#include "statusheader.h"
#include "testenvironment.h"
#include "trayapplication.h"
#include "traymenu.h"

#include <QAction>
#include <QLabel>
#include <QSettings>
#include <QSystemTrayIcon>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTcpServer>
#include <QTest>

class TestTrayApplication : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    LogCapture m_log;

    TrayApplication::Options options(bool windowed)
    {
        TrayApplication::Options o;
        o.sources = TestEnvironment::sources(m_dir.path());
        o.settingsPath = TestEnvironment::writeConfig(m_dir.path());
        o.windowed = windowed;
        return o;
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(!QSystemTrayIcon::isSystemTrayAvailable(), "these tests expect a platform without a tray");
    }

    void withoutATrayTheWindowOpensAndSaysWhy()
    {
        TrayApplication app(options(false), &m_log);
        QSignalSpy ready(&app, &TrayApplication::ready);
        app.start();
        QVERIFY(!app.usesTray());
        QVERIFY(app.window()->isVisible());
        QVERIFY(app.window()->banner()->isVisible());
        QVERIFY2(app.window()->banner()->text().contains(QStringLiteral("no system tray")),
                 qPrintable(app.window()->banner()->text()));
        QVERIFY(ready.count() == 1 || ready.wait(2000));
    }

    void closingTheOnlyWindowQuits()
    {
        // Without a tray the window is the app: closing it must not leave a relay running unseen.
        TrayApplication app(options(true), &m_log);
        app.start();
        QVERIFY(app.window()->isVisible());
        QSignalSpy finished(app.controller(), &RelayController::finished);
        app.window()->close();
        QVERIFY(finished.count() == 1 || finished.wait(5000));
        QVERIFY(!app.controller()->relay());
    }

    void pauseAndResume()
    {
        TrayApplication app(options(true), &m_log);
        app.start();
        auto *status = app.window()->findChild<QLabel *>(QStringLiteral("statusText"));
        QCOMPARE(status->text(), QStringLiteral("Relaying"));
        app.togglePause();
        QCOMPARE(app.controller()->state(), RelayController::State::Paused);
        QCOMPARE(status->text(), QStringLiteral("Paused"));
        app.togglePause();
        QCOMPARE(app.controller()->state(), RelayController::State::Running);
        QCOMPARE(status->text(), QStringLiteral("Relaying"));
    }

    void aRelayProblemShowsInTheBanner()
    {
        QTcpServer squatter;
        QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
        TrayApplication::Options o = options(true);
        QFile file(o.settingsPath);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QStringLiteral("[server]\nhost=127.0.0.1\nport=%1\n").arg(squatter.serverPort()).toUtf8());
        file.close();
        TrayApplication app(o, &m_log);
        app.start();
        QCOMPARE(app.controller()->state(), RelayController::State::Problem);
        QVERIFY(app.window()->banner()->isVisible());
        QVERIFY2(app.window()->banner()->text().contains(QStringLiteral("not relaying")),
                 qPrintable(app.window()->banner()->text()));
    }

    void trayMenuFollowsTheState()
    {
        TrayMenu menu;
        const QStringList names{"copyShareUrl", "showPairingCode", "openWindow", "pauseResume", "startAtLogin", "quit"};
        for (const QString &name : names)
            QVERIFY2(menu.findChild<QAction *>(name), qPrintable(name));
        QCOMPARE(menu.pauseResumeAction()->text(), QStringLiteral("Pause relaying"));
        menu.setRelaying(false);
        QCOMPARE(menu.pauseResumeAction()->text(), QStringLiteral("Resume relaying"));
        QVERIFY(menu.startAtLoginAction()->isCheckable());
    }

    void windowStateIsRemembered()
    {
        {
            TrayApplication app(options(true), &m_log);
            app.start();
            app.window()->resize(777, 555);
            app.window()->showTab(MainWindow::ActivityTab);
            app.window()->close();
        }
        TrayApplication app(options(true), &m_log);
        app.start();
        QCOMPARE(app.window()->tabs()->currentIndex(), int(MainWindow::ActivityTab));
        QCOMPARE(app.window()->size(), QSize(777, 555));
    }
};

QTEST_MAIN(TestTrayApplication)
#include "tst_trayapplication.moc"

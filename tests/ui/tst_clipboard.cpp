// Copying to the clipboard: the relay's share URL (tray menu and window), a session's URL from
// the sessions table, and the pairing URL from the Pairing tab.
#include "devices/phonepairing.h"
#include "logcapture.h"
#include "mainwindow.h"
#include "pairingpage.h"
#include "relay.h"
#include "relaycontroller.h"
#include "sessions/sessionregistry.h"
#include "sessionsmodel.h"
#include "sessionspage.h"
#include "testenvironment.h"
#include "trayapplication.h"
#include "traymenu.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTest>

class TestClipboard : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    LogCapture m_log;

    TrayApplication::Options options()
    {
        TrayApplication::Options o;
        o.sources = TestEnvironment::sources(m_dir.path());
        o.settingsPath = TestEnvironment::writeConfig(m_dir.path(), QStringLiteral("domain=relay.example.org\n"));
        o.windowed = true;
        return o;
    }

private slots:
    void shareUrl()
    {
        TrayApplication app(options(), &m_log);
        app.start();
        QGuiApplication::clipboard()->clear();
        app.copyShareUrl();
        QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("http://relay.example.org"));

        // The tray menu's item does the same (the menu exists without a tray in tests).
        TrayMenu menu;
        connect(menu.copyShareUrlAction(), &QAction::triggered, &app, &TrayApplication::copyShareUrl);
        QGuiApplication::clipboard()->clear();
        menu.copyShareUrlAction()->trigger();
        QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("http://relay.example.org"));

        // Paused, there is no address to give out.
        app.controller()->pause();
        QGuiApplication::clipboard()->setText(QStringLiteral("unchanged"));
        app.copyShareUrl();
        QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("unchanged"));
    }

    void sessionUrl()
    {
        TrayApplication app(options(), &m_log);
        app.start();
        Relay *relay = app.controller()->relay();
        Session tunnel;
        tunnel.service = QStringLiteral("tunnel");
        tunnel.id = QStringLiteral("k3f9q2");
        relay->sessions()->begin(tunnel);
        Session mesh;
        mesh.service = QStringLiteral("mesh");
        mesh.id = QStringLiteral("home-lab");
        relay->sessions()->begin(mesh);
        SessionsModel *model = app.window()->sessionsModel();
        QTRY_COMPARE(model->rowCount(), 2);

        SessionsPage *page = app.window()->sessionsPage();
        QVERIFY(!page->copyUrlAction()->isEnabled()); // nothing selected
        QVERIFY(!page->copySelectedUrl());
        const auto select = [&](const QString &key) {
            const QModelIndex source = model->index(model->rowOf(key), 0);
            page->view()->selectRow(page->proxy()->mapFromSource(source).row());
        };
        select(QStringLiteral("tunnel/k3f9q2"));
        QVERIFY(page->copyUrlAction()->isEnabled());
        page->copyUrlAction()->trigger();
        QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("http://k3f9q2.relay.example.org"));
        select(QStringLiteral("mesh/home-lab"));
        page->copyUrlAction()->trigger();
        QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("ws://relay.example.org/relay/home-lab"));
    }

    void pairingUrl()
    {
        TrayApplication app(options(), &m_log);
        app.start();
        app.showPairingCode();
        PairingPage *page = app.window()->pairingPage();
        QVERIFY(page->isShowingCode());
        QTest::mouseClick(page->copyButton(), Qt::LeftButton);
        const QString url = QGuiApplication::clipboard()->text();
        QCOMPARE(url, app.controller()->relay()->phonePairing()->currentCode()->url.toString());
        QVERIFY2(url.startsWith(QStringLiteral("http://relay.example.org/pair#")), qPrintable(url));
        QVERIFY(page->unreachableWarning().isEmpty()); // a real domain: no warning
    }
};

QTEST_MAIN(TestClipboard)
#include "tst_clipboard.moc"

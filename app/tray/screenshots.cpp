#include "screenshots.h"

#include "mainwindow.h"
#include "pairingpage.h"
#include "relay.h"
#include "relaycontroller.h"
#include "sessions/sessionregistry.h"
#include "trayapplication.h"
#include "trayicon.h"
#include "traymenu.h"

#include <QDir>
#include <QGuiApplication>
#include <QScreen>
#include <QSystemTrayIcon>
#include <QTextStream>
#include <QTimer>
#include <QWindow>

namespace {

void exampleSessions(Relay *relay)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const auto add = [&](const QString &service, const QString &id, const QStringList &peers,
                         const QStringList &addresses, int minutesAgo, quint64 in, quint64 out) {
        Session s;
        s.service = service;
        s.id = id;
        s.peers = peers;
        s.remoteAddresses = addresses;
        s.startedAt = now.addSecs(-60 * minutesAgo - 17);
        s.lastActivity = now;
        relay->sessions()->begin(s);
        relay->sessions()->addBytes(s.key(), in, out);
    };
    add(QStringLiteral("tunnel"), QStringLiteral("k3f9q2"), {QStringLiteral("desktop"), QStringLiteral("browser")},
        {QStringLiteral("203.0.113.24:51544"), QStringLiteral("198.51.100.7:40112")}, 42, 18'400'000, 211'000'000);
    add(QStringLiteral("pairing"), QStringLiteral("7-crimson-otter"), {QStringLiteral("sender"), QStringLiteral("receiver")},
        {QStringLiteral("192.168.1.23:60210"), QStringLiteral("100.64.12.9:51002")}, 2, 96'000'000, 95'800'000);
    add(QStringLiteral("mesh"), QStringLiteral("home-lab"), {QStringLiteral("mac-studio"), QStringLiteral("pixel-8"), QStringLiteral("nas")},
        {QStringLiteral("192.168.1.10:52110")}, 180, 2'300'000, 6'100'000);
    add(QStringLiteral("localfirst"), QStringLiteral("notes/4b1c"), {QStringLiteral("alice"), QStringLiteral("bob")},
        {QStringLiteral("198.51.100.40:33190")}, 9, 412'000, 398'000);
}

void save(const QPixmap &pixmap, const QString &path)
{
    if (pixmap.isNull() || !pixmap.save(path))
        QTextStream(stderr) << "switchboard: could not save " << path << Qt::endl;
    else
        QTextStream(stdout) << "switchboard: saved " << path << Qt::endl;
}

void grab(TrayApplication *app, const QString &directory)
{
    MainWindow *window = app->window();
    QScreen *screen = QGuiApplication::primaryScreen();
    save(screen->grabWindow(window->winId()), QDir(directory).filePath(QStringLiteral("window.png")));

    if (app->tray()) {
        // The panel strip around the icon with the menu open below it, as a user sees it.
        QSystemTrayIcon *icon = app->tray()->systemTrayIcon();
        TrayMenu *menu = app->tray()->menu();
        const QRect iconRect = icon->geometry();
        menu->popup(iconRect.bottomLeft() + QPoint(0, 4));
        QTimer::singleShot(400, app, [app, directory, iconRect, menu, screen] {
            QRect area = iconRect.adjusted(-60, -6, 60, 6).united(menu->geometry().adjusted(-8, 0, 8, 8));
            area = area.intersected(screen->geometry());
            save(screen->grabWindow(0, area.x(), area.y(), area.width(), area.height()),
                 QDir(directory).filePath(QStringLiteral("tray.png")));
            menu->hide();
            app->quit();
        });
        return;
    }
    QTextStream(stderr) << "switchboard: no tray icon to photograph" << Qt::endl;
    app->quit();
}

} // namespace

namespace Screenshots {

void takeWhenReady(TrayApplication *app, const QString &directory)
{
    QDir().mkpath(directory);
    QObject::connect(app, &TrayApplication::ready, app, [app, directory] {
        if (Relay *relay = app->controller()->relay())
            exampleSessions(relay);
        MainWindow *window = app->window();
        window->resize(980, 600);
        window->showTab(MainWindow::SessionsTab);
        app->openWindow();
        // Two batches (the relay reports sessions every 250 ms) and a paint, then the picture.
        QTimer::singleShot(1500, app, [app, directory] { grab(app, directory); });
    });
}

} // namespace Screenshots

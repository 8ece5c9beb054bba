#include "screenshots.h"

#include "mainwindow.h"
#include "pairingpage.h"
#include "relay.h"
#include "relaycontroller.h"
#include "sessions/sessionregistry.h"
#include "trayapplication.h"
#include "trayicon.h"
#include "traymenu.h"

#include <QApplication>
#include <QDialog>
#include <QDir>
#include <QGuiApplication>
#include <QScreen>
#include <QSystemTrayIcon>
#include <QTextStream>
#include <QTimer>
#include <QWindow>

#include <cmath>
#include <memory>

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
        // A little traffic to start with; simulateTraffic() does the rest.
        relay->sessions()->addBytes(s.key(), in, out);
    };
    add(QStringLiteral("tunnel"), QStringLiteral("k3f9q2"), {QStringLiteral("desktop"), QStringLiteral("browser")},
        {QStringLiteral("203.0.113.24:51544"), QStringLiteral("198.51.100.7:40112")}, 42, 18'400, 211'000);
    add(QStringLiteral("pairing"), QStringLiteral("7-crimson-otter"), {QStringLiteral("sender"), QStringLiteral("receiver")},
        {QStringLiteral("192.168.1.23:60210"), QStringLiteral("100.64.12.9:51002")}, 2, 96'000, 95'800);
    add(QStringLiteral("mesh"), QStringLiteral("home-lab"), {QStringLiteral("mac-studio"), QStringLiteral("pixel-8"), QStringLiteral("nas")},
        {QStringLiteral("192.168.1.10:52110")}, 180, 2'300, 6'100);
    add(QStringLiteral("localfirst"), QStringLiteral("notes/4b1c"), {QStringLiteral("alice"), QStringLiteral("bob")},
        {QStringLiteral("198.51.100.40:33190")}, 9, 412'000, 398'000);
}

// Traffic through the real registry, so the graph and the rate column show what they would.
void simulateTraffic(Relay *relay, QObject *context)
{
    auto *timer = new QTimer(context);
    auto step = std::make_shared<int>(0);
    QObject::connect(timer, &QTimer::timeout, context, [relay, timer, step] {
        const double t = (*step)++ / 4.0;
        // The two sines can dip the sum below zero: a negative count of bytes is none.
        const auto wave = [t](double base, double phase) {
            return quint64(std::max(0.0, base * (1.2 + std::sin(t * 0.9 + phase) + 0.4 * std::sin(t * 2.3 + phase))));
        };
        relay->sessions()->addBytes(QStringLiteral("tunnel/k3f9q2"), wave(60'000, 0), wave(900'000, 0.4));
        relay->sessions()->addBytes(QStringLiteral("pairing/7-crimson-otter"), wave(700'000, 1.3), wave(700'000, 1.3));
        relay->sessions()->addBytes(QStringLiteral("mesh/home-lab"), wave(9'000, 2.0), wave(20'000, 2.2));
        if (*step > 60)
            timer->stop();
    });
    timer->start(250);
}

void save(const QPixmap &pixmap, const QString &path)
{
    if (pixmap.isNull() || !pixmap.save(path))
        QTextStream(stderr) << "switchboard: could not save " << path << Qt::endl;
    else
        QTextStream(stdout) << "switchboard: saved " << path << Qt::endl;
}

void grabTray(TrayApplication *app, const QString &directory)
{
    QScreen *screen = QGuiApplication::primaryScreen();
    if (!app->tray()) {
        QTextStream(stderr) << "switchboard: no tray icon to photograph" << Qt::endl;
        app->quit();
        return;
    }
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
}

// window.png (Sessions), pairing.png (Pairing with a live code), settings.png, then the tray.
void grab(TrayApplication *app, const QString &directory)
{
    MainWindow *window = app->window();
    QScreen *screen = QGuiApplication::primaryScreen();
    save(screen->grabWindow(window->winId()), QDir(directory).filePath(QStringLiteral("window.png")));
    window->showTab(MainWindow::PairingTab);
    window->pairingPage()->showCode();
    QTimer::singleShot(300, app, [app, directory, window, screen] {
        save(screen->grabWindow(window->winId()), QDir(directory).filePath(QStringLiteral("pairing.png")));
        app->openSettings();
        QTimer::singleShot(300, app, [app, directory, screen] {
            if (QWidget *dialog = QApplication::activeModalWidget() ? QApplication::activeModalWidget()
                                                                    : app->window()->findChild<QDialog *>())
                save(screen->grabWindow(dialog->winId()), QDir(directory).filePath(QStringLiteral("settings.png")));
            grabTray(app, directory);
        });
    });
}

} // namespace

namespace Screenshots {

void takeWhenReady(TrayApplication *app, const QString &directory)
{
    QDir().mkpath(directory);
    QObject::connect(app, &TrayApplication::ready, app, [app, directory] {
        app->setNotificationsEnabled(false);
        if (Relay *relay = app->controller()->relay()) {
            exampleSessions(relay);
            simulateTraffic(relay, app);
        }
        MainWindow *window = app->window();
        window->resize(980, 600);
        window->showTab(MainWindow::SessionsTab);
        app->openWindow();
        // Some seconds of traffic for the graph, then the picture.
        QTimer::singleShot(14000, app, [app, directory] { grab(app, directory); });
    });
}

} // namespace Screenshots

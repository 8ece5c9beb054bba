#include "trayapplication.h"

#include "autostart.h"
#include "devices/phonepairing.h"
#include "mainwindow.h"
#include "pairingpage.h"
#include "relay.h"
#include "relaycontroller.h"
#include "settingsdialog.h"
#include "trayicon.h"
#include "traymenu.h"
#include "uilog.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDateTime>
#include <QSystemTrayIcon>
#include <QTextStream>
#include <QTimer>

TrayApplication::TrayApplication(const Options &options, LogCapture *log, QObject *parent)
    : QObject(parent),
      m_options(options),
      m_controller(new RelayController(options.sources, options.settingsPath, this)),
      m_window(new MainWindow(m_controller, log))
{
    connect(m_window, &MainWindow::settingsRequested, this, &TrayApplication::openSettings);
    connect(m_window, &MainWindow::copyShareUrlRequested, this, &TrayApplication::copyShareUrl);
    connect(m_window, &MainWindow::pauseResumeRequested, this, &TrayApplication::togglePause);
    connect(m_window, &MainWindow::quitRequested, this, &TrayApplication::quit);
    connect(m_controller, &RelayController::relayChanged, this, &TrayApplication::relayChanged);
    connect(m_controller, &RelayController::finished, qApp, &QCoreApplication::quit);
}

TrayApplication::~TrayApplication()
{
    delete m_window;
}

void TrayApplication::start()
{
    m_controller->start();
    const bool trayAvailable = QSystemTrayIcon::isSystemTrayAvailable();
    if (trayAvailable && !m_options.windowed) {
        m_tray = new TrayIcon(m_controller, this);
        TrayMenu *menu = m_tray->menu();
        connect(m_tray, &TrayIcon::activated, this, &TrayApplication::openWindow);
        connect(menu->copyShareUrlAction(), &QAction::triggered, this, &TrayApplication::copyShareUrl);
        connect(menu->showPairingCodeAction(), &QAction::triggered, this, &TrayApplication::showPairingCode);
        connect(menu->openWindowAction(), &QAction::triggered, this, &TrayApplication::openWindow);
        connect(menu->pauseResumeAction(), &QAction::triggered, this, &TrayApplication::togglePause);
        connect(menu->quitAction(), &QAction::triggered, this, &TrayApplication::quit);
        // The settings dialog can change it too: read the truth each time the menu opens.
        connect(menu, &QMenu::aboutToShow, this, [menu] {
            const QSignalBlocker quiet(menu->startAtLoginAction());
            menu->startAtLoginAction()->setChecked(Autostart::isEnabled());
        });
        menu->startAtLoginAction()->setChecked(Autostart::isEnabled());
        connect(menu->startAtLoginAction(), &QAction::toggled, this, [this](bool on) {
            QString error;
            if (!Autostart::setEnabled(on, QCoreApplication::applicationFilePath(), &error))
                qCWarning(lcUi).noquote() << "start at login:" << error;
        });
        m_tray->show();
        // The window stays hidden: the relay runs quietly in the panel, as tray apps do.
        if (m_controller->state() == RelayController::State::Problem)
            openWindow();
        waitUntilDocked();
        return;
    }
    // No tray (GNOME without AppIndicator, a bare X server) or --windowed: the window is the app.
    m_window->setCloseQuits(true);
    if (!trayAvailable)
        m_window->showNoTrayNotice(
            tr("This desktop has no system tray, so Switchboard runs in this window. Closing it stops the "
               "relay. (On GNOME, the AppIndicator extension adds a tray.)"));
    openWindow();
    QTimer::singleShot(0, this, &TrayApplication::announceReady);
}

void TrayApplication::waitUntilDocked()
{
    // show() only asks the panel to embed the icon; it is on screen once it has a geometry.
    auto *poll = new QTimer(this);
    poll->setInterval(5);
    auto *deadline = new QElapsedTimer;
    deadline->start();
    connect(poll, &QTimer::timeout, this, [this, poll, deadline] {
        const QRect geometry = m_tray->systemTrayIcon()->geometry();
        if ((geometry.isValid() && !geometry.isEmpty()) || deadline->elapsed() > 5000) {
            poll->stop();
            poll->deleteLater();
            delete deadline;
            announceReady();
        }
    });
    poll->start();
}

void TrayApplication::announceReady()
{
    if (m_ready)
        return;
    m_ready = true;
    if (m_options.benchmarkStartup) {
        // Read by tests/bench/footprint-bench: wall clock (to compare with the launch time) and
        // time since main() began.
        QTextStream(stdout) << "switchboard: " << (m_tray ? "tray icon shown" : "window shown")
                            << " epoch-ms=" << QDateTime::currentMSecsSinceEpoch()
                            << " since-main-ms=" << m_options.sinceStart.elapsed() << Qt::endl;
    }
    emit ready();
}

void TrayApplication::relayChanged()
{
    for (const auto &c : std::as_const(m_relayConnections))
        disconnect(c);
    m_relayConnections.clear();
    Relay *relay = m_controller->relay();
    if (!relay)
        return;
    m_relayConnections << connect(relay, &Relay::sessionsBegan, this, &TrayApplication::notifySessions)
                       << connect(relay->phonePairing(), &PhonePairing::devicePaired, this,
                                  &TrayApplication::notifyPaired);
}

void TrayApplication::notifySessions(const QList<Session> &sessions)
{
    if (!m_tray || !m_notify)
        return;
    // A desktop opening a tunnel is worth a notification; every browser tab is not.
    for (const Session &s : sessions) {
        if (s.service == QLatin1String("tunnel"))
            m_tray->notify(tr("Desktop connected"),
                           tr("A desktop opened a tunnel through Switchboard (%1).").arg(s.id));
    }
}

void TrayApplication::notifyPaired(const PairedDevice &device)
{
    if (m_tray && m_notify)
        m_tray->notify(tr("Device paired"), tr("“%1” can now use this relay.").arg(device.name));
    else if (m_window->isVisible())
        m_window->showTab(MainWindow::DevicesTab);
}

void TrayApplication::openWindow()
{
    m_window->show();
    m_window->raise();
    m_window->activateWindow();
}

void TrayApplication::showPairingCode()
{
    m_window->showTab(MainWindow::PairingTab);
    m_window->pairingPage()->showCode();
    openWindow();
}

void TrayApplication::copyShareUrl()
{
    const QString url = m_controller->shareUrl();
    if (url.isEmpty())
        return;
    QGuiApplication::clipboard()->setText(url);
    if (m_tray && m_notify)
        m_tray->notify(tr("Share URL copied"), url);
}

void TrayApplication::togglePause()
{
    if (m_controller->state() == RelayController::State::Running)
        m_controller->pause();
    else
        m_controller->resume();
}

void TrayApplication::openSettings()
{
    if (!m_settings) {
        m_settings = new SettingsDialog(m_controller, m_window);
        m_settings->setAttribute(Qt::WA_DeleteOnClose);
    }
    m_settings->show();
    m_settings->raise();
    m_settings->activateWindow();
}

void TrayApplication::quit()
{
    if (m_tray)
        m_tray->systemTrayIcon()->hide();
    if (m_window->isVisible())
        m_window->saveState();
    m_window->hide();
    m_controller->quit(); // QCoreApplication::quit once the relay has closed its connections
}

#pragma once
// Puts the tray app together: the relay controller, the tray icon (when the desktop has a tray),
// the window, the settings dialog and the notifications. main() only parses options.
#include "config/settingsloader.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

class LogCapture;
class MainWindow;
struct PairedDevice;
class RelayController;
class SettingsDialog;
class TrayIcon;
struct Session;

class TrayApplication : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        SettingSources sources;
        QString settingsPath; // the relay's INI file
        bool windowed = false; // --windowed: no tray icon even if there is a tray
        bool benchmarkStartup = false; // print when the icon (or window) is up
        QElapsedTimer sinceStart;
    };
    TrayApplication(const Options &options, LogCapture *log, QObject *parent = nullptr);
    ~TrayApplication() override;

    // Starts the relay and shows the tray icon, or the window when there is no tray.
    void start();

    RelayController *controller() const { return m_controller; }
    MainWindow *window() const { return m_window; }
    TrayIcon *tray() const { return m_tray; }
    bool usesTray() const { return m_tray != nullptr; }
    // Off for the screenshots, where a balloon would cover the window.
    void setNotificationsEnabled(bool enabled) { m_notify = enabled; }

    void openWindow();
    void showPairingCode();
    void copyShareUrl();
    void togglePause();
    void openSettings();
    void quit();

signals:
    // The tray icon is docked (or, without a tray, the window is up): what the footprint
    // benchmark and the screenshots wait for.
    void ready();

private:
    void relayChanged();
    void notifySessions(const QList<Session> &sessions);
    void notifyPaired(const PairedDevice &device);
    void waitUntilDocked();
    void announceReady();

    Options m_options;
    RelayController *m_controller;
    MainWindow *m_window;
    TrayIcon *m_tray = nullptr;
    QPointer<SettingsDialog> m_settings;
    QList<QMetaObject::Connection> m_relayConnections;
    bool m_ready = false;
    bool m_notify = true;
};

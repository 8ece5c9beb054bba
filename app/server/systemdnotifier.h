#pragma once
// Tells systemd (Type=notify) how the server is doing: READY=1 once listening, RELOADING=1 and
// READY=1 around a reload, STOPPING=1 on shutdown, STATUS= lines for `systemctl status`, and
// WATCHDOG=1 pings. The pings come from a timer on the event loop, so a loop that hangs stops
// pinging and systemd restarts the service. Without NOTIFY_SOCKET (not run by systemd) or in a
// build without libsystemd, every call does nothing.
#include <QObject>
#include <QTimer>

class SystemdNotifier : public QObject
{
    Q_OBJECT
public:
    explicit SystemdNotifier(QObject *parent = nullptr);

    void ready(const QString &status);
    void reloading(const QString &status);
    void stopping(const QString &status);
    void status(const QString &status);
    // The ping interval (half of WATCHDOG_USEC), or 0 when systemd asked for no watchdog.
    int watchdogIntervalMs() const { return m_watchdog.isActive() ? m_watchdog.interval() : 0; }

private:
    void send(const QByteArray &state);
    QTimer m_watchdog;
};

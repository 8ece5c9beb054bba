#include "systemdnotifier.h"

#include <QtGlobal>
#include <ctime>

#ifdef SWITCHBOARD_HAVE_SYSTEMD
#include <systemd/sd-daemon.h>
#endif

namespace {
QByteArray statusLine(const QString &status)
{
    // One line: systemd shows STATUS= as it is, and a newline would end the assignment.
    QString line = status;
    line.replace(QLatin1Char('\n'), QLatin1Char(' '));
    return "STATUS=" + line.toUtf8();
}

// RELOADING=1 carries the monotonic time in systemd 253 and later (Type=notify-reload); older
// managers ignore the field.
QByteArray monotonicUsec()
{
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    return "MONOTONIC_USEC=" + QByteArray::number(qint64(now.tv_sec) * 1000000 + now.tv_nsec / 1000);
}
} // namespace

SystemdNotifier::SystemdNotifier(QObject *parent) : QObject(parent)
{
#ifdef SWITCHBOARD_HAVE_SYSTEMD
    uint64_t usec = 0;
    // > 0 only when WATCHDOG_USEC is set (and WATCHDOG_PID, if set, is this process).
    if (sd_watchdog_enabled(0, &usec) > 0 && usec > 0) {
        m_watchdog.setInterval(int(qMax<uint64_t>(1, usec / 2000)));
        connect(&m_watchdog, &QTimer::timeout, this, [this] { send("WATCHDOG=1"); });
        m_watchdog.start();
    }
#endif
}

void SystemdNotifier::ready(const QString &status)
{
    send("READY=1\n" + statusLine(status));
}

void SystemdNotifier::reloading(const QString &status)
{
    send("RELOADING=1\n" + monotonicUsec() + '\n' + statusLine(status));
}

void SystemdNotifier::stopping(const QString &status)
{
    send("STOPPING=1\n" + statusLine(status));
}

void SystemdNotifier::status(const QString &status)
{
    send(statusLine(status));
}

void SystemdNotifier::send(const QByteArray &state)
{
#ifdef SWITCHBOARD_HAVE_SYSTEMD
    sd_notify(0, state.constData());
#else
    Q_UNUSED(state);
#endif
}

#include "dbussessionprobe.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QLocalSocket>
#include <QUrl>

#include <optional>

#include <unistd.h>

namespace DBusSessionProbe {

namespace {

struct Address
{
    QString path;
    bool abstract = false;
};

// The first unix:path= or unix:abstract= entry of a D-Bus address list ("a;b", "k=v,k=v").
std::optional<Address> unixAddress(const QString &addresses)
{
    for (const QString &entry : addresses.split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
        if (!entry.startsWith(QLatin1String("unix:")))
            continue;
        for (const QString &pair : entry.mid(5).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            const QString key = pair.section(QLatin1Char('='), 0, 0);
            const QString value = QUrl::fromPercentEncoding(pair.section(QLatin1Char('='), 1).toLatin1());
            if (key == QLatin1String("path"))
                return Address{value, false};
            if (key == QLatin1String("abstract"))
                return Address{value, true};
        }
    }
    return std::nullopt;
}

} // namespace

Result check(int timeoutMs, QString *why)
{
#if defined(Q_OS_UNIX) && !defined(Q_OS_MACOS)
    QString addresses = qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS");
    if (addresses.isEmpty()) {
        // libdbus's own fallback: the per-user bus of a systemd session.
        const QString runtimeBus = qEnvironmentVariable("XDG_RUNTIME_DIR") + QStringLiteral("/bus");
        if (qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR") || !QFile::exists(runtimeBus)) {
            *why = QStringLiteral("no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)");
            return Result::NoBus;
        }
        addresses = QStringLiteral("unix:path=") + runtimeBus;
    }
    const auto address = unixAddress(addresses);
    if (!address)
        return Result::CannotTell;

    QDeadlineTimer deadline(timeoutMs);
    QLocalSocket socket;
    if (address->abstract)
        socket.setSocketOptions(QLocalSocket::AbstractNamespaceOption);
    socket.connectToServer(address->path);
    if (!socket.waitForConnected(int(deadline.remainingTime()))) {
        *why = QStringLiteral("the D-Bus session bus at %1 does not accept connections (%2)")
                   .arg(address->path, socket.errorString());
        return Result::NoBus;
    }
    // A NUL byte, then AUTH EXTERNAL with our uid in hex-encoded ASCII; a live bus says "OK <guid>".
    const QByteArray uid = QByteArray::number(qulonglong(::getuid())).toHex();
    socket.write(QByteArray(1, '\0') + "AUTH EXTERNAL " + uid + "\r\n");
    QByteArray answer;
    while (!answer.contains('\n') && answer.size() < 512) {
        if (deadline.hasExpired() || !socket.waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime())))) {
            *why = QStringLiteral("the D-Bus session bus at %1 did not answer within %2 ms").arg(address->path).arg(timeoutMs);
            return Result::NoBus;
        }
        answer += socket.readAll();
    }
    if (!answer.startsWith("OK ")) {
        *why = QStringLiteral("the D-Bus session bus at %1 refused us (%2)")
                   .arg(address->path, QString::fromLatin1(answer.trimmed().left(80)));
        return Result::NoBus;
    }
    return Result::Answers;
#else
    Q_UNUSED(timeoutMs);
    Q_UNUSED(why);
    return Result::CannotTell;
#endif
}

} // namespace DBusSessionProbe

#include "autostart.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>

namespace Autostart {

QString desktopFilePath()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)
           + QStringLiteral("/autostart/switchboard.desktop");
}

bool isEnabled()
{
    return QFileInfo::exists(desktopFilePath());
}

bool setEnabled(bool enabled, const QString &executable, QString *error)
{
    const QString path = desktopFilePath();
    if (!enabled) {
        if (!QFileInfo::exists(path) || QFile::remove(path))
            return true;
        if (error)
            *error = QStringLiteral("cannot remove \"%1\"").arg(path);
        return false;
    }
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = file.errorString();
        return false;
    }
    // Quoted per the Desktop Entry spec so a path with spaces still runs.
    const QString exec = QStringLiteral("\"%1\"").arg(executable);
    file.write("[Desktop Entry]\n"
               "Type=Application\n"
               "Name=Switchboard\n"
               "Comment=Personal relay\n"
               "Icon=switchboard\n"
               "Exec=" + exec.toUtf8() + "\n"
               "Terminal=false\n"
               "X-GNOME-Autostart-enabled=true\n");
    if (!file.commit()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

} // namespace Autostart

#pragma once
// "Start at login" the freedesktop way: a .desktop file in ~/.config/autostart, which every
// XDG desktop (GNOME, KDE, Xfce, LXQt) runs at login. Its presence is the setting.
#include <QString>

namespace Autostart {
QString desktopFilePath();
bool isEnabled();
// Writes or removes the file; `executable` is what the desktop will run.
bool setEnabled(bool enabled, const QString &executable, QString *error = nullptr);
}

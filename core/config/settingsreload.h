#pragma once
// What a re-read configuration (SIGHUP) may change while the relay runs. Every setting is listed
// once with its INI key and whether it can take effect live: limits, timeouts, the log level and
// who may join apply to what comes next; addresses, ports, stores and services were fixed when the
// listeners and services were built, so they need a restart.
#include "settings.h"

#include <QList>
#include <QString>
#include <functional>

struct ReloadableField
{
    QString fileKey; // "section/key", as in settingspecs.cpp
    bool live; // false: a change is only reported as needing a restart
    std::function<bool(const Settings &, const Settings &)> same;
    std::function<void(Settings &to, const Settings &from)> copy;
};

namespace SettingsReload {
const QList<ReloadableField> &fields();
// INI keys of the settings that differ between `running` and `fresh`.
QStringList changedKeys(const Settings &running, const Settings &fresh);
}

#pragma once
// What the UI calls each service: the core's names ("localfirst") are identifiers, not words.
#include <QString>

namespace ServiceNames {
QString displayName(const QString &service);
// A short line on who uses it, for the settings dialog.
QString description(const QString &service);
}

#pragma once
#include <QString>

namespace LogSetup {
// Log levels the user can name, lowest first.
bool isValidLevel(const QString &level);
QStringList levelNames();
// Installs the message pattern and filter rules: our categories at `level` and above, Qt's own
// categories at warning and above whatever the level, so debug output stays readable.
void apply(const QString &level);
}

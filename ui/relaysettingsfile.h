#pragma once
// The INI file the tray app keeps the relay's settings in: the same format and keys the headless
// server reads with --config, so a user can move a working setup from the desktop to a NAS by
// copying one file. Values are kept as text, exactly as SettingsLoader parses them.
#include "config/settingsloader.h"

#include <QMap>
#include <QString>

class RelaySettingsFile
{
public:
    explicit RelaySettingsFile(QString path);

    // ~/.config/switchboard/relay.ini (or the platform's equivalent).
    static QString defaultPath();

    const QString &path() const { return m_path; }
    bool exists() const;
    // INI key ("server/port") -> value as written; empty when the file does not exist.
    QMap<QString, QString> values() const;
    // Replaces the file's contents with `values` (empty values are left out: the default
    // applies). Returns false and why when it cannot be written.
    bool write(const QMap<QString, QString> &values, QString *error) const;

    // Checks `values` alone (no environment, no command line) the way the server would read
    // them from a file. The error names the setting ("port (server/port in …): …").
    static SettingsResult validate(const QMap<QString, QString> &values);

private:
    QString m_path;
};

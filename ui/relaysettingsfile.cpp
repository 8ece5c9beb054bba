#include "relaysettingsfile.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>

namespace {
void writeIni(const QString &path, const QMap<QString, QString> &values)
{
    QSettings ini(path, QSettings::IniFormat);
    ini.clear();
    for (auto it = values.cbegin(); it != values.cend(); ++it) {
        if (!it.value().trimmed().isEmpty())
            ini.setValue(it.key(), it.value());
    }
    ini.sync();
}
} // namespace

RelaySettingsFile::RelaySettingsFile(QString path) : m_path(std::move(path)) {}

QString RelaySettingsFile::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)
           + QStringLiteral("/switchboard/relay.ini");
}

bool RelaySettingsFile::exists() const
{
    return QFileInfo::exists(m_path);
}

QMap<QString, QString> RelaySettingsFile::values() const
{
    QMap<QString, QString> result;
    if (!exists())
        return result;
    QSettings ini(m_path, QSettings::IniFormat);
    for (const QString &key : ini.allKeys()) {
        const QVariant value = ini.value(key);
        // QSettings reads "a,b" as a list; keep the text as the user (and the loader) see it.
        result.insert(key, value.typeId() == QMetaType::QStringList
                               ? value.toStringList().join(QLatin1Char(','))
                               : value.toString());
    }
    return result;
}

bool RelaySettingsFile::write(const QMap<QString, QString> &values, QString *error) const
{
    const QFileInfo info(m_path);
    if (!QDir().mkpath(info.absolutePath())) {
        if (error)
            *error = QStringLiteral("cannot create \"%1\"").arg(info.absolutePath());
        return false;
    }
    writeIni(m_path, values);
    QSettings check(m_path, QSettings::IniFormat);
    if (check.status() != QSettings::NoError) {
        if (error)
            *error = QStringLiteral("cannot write \"%1\"").arg(m_path);
        return false;
    }
    return true;
}

SettingsResult RelaySettingsFile::validate(const QMap<QString, QString> &values)
{
    // The loader reads files only; a scratch file lets the dialog reuse its every rule instead
    // of a second copy of them that could drift.
    QTemporaryDir dir;
    if (!dir.isValid()) {
        SettingsResult result;
        result.error = QStringLiteral("config: cannot create a temporary file to check the settings");
        return result;
    }
    const QString path = dir.filePath(QStringLiteral("relay.ini"));
    writeIni(path, values);
    SettingSources sources;
    sources.commandLine.insert(QStringLiteral("config"), path);
    sources.environment = QProcessEnvironment();
    return SettingsLoader::load(sources);
}

#include "settingsloader.h"

#include "settingspecs.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QSettings>

namespace {

const QString kConfigOption = QStringLiteral("config");
const QString kConfigEnv = QStringLiteral("SWITCHBOARD_CONFIG");

struct FileValues
{
    QMap<QString, QString> values;
    QString error;
};

FileValues readIniFile(const QString &path)
{
    FileValues result;
    const QFileInfo info(path);
    if (!info.exists()) {
        result.error = QStringLiteral("config: the file \"%1\" does not exist").arg(path);
        return result;
    }
    if (!info.isReadable() || !info.isFile()) {
        result.error = QStringLiteral("config: the file \"%1\" cannot be read").arg(path);
        return result;
    }
    QSettings ini(path, QSettings::IniFormat);
    if (ini.status() != QSettings::NoError) {
        result.error = QStringLiteral("config: \"%1\" is not a valid INI file").arg(path);
        return result;
    }
    for (const QString &key : ini.allKeys()) {
        const QVariant value = ini.value(key);
        // QSettings turns "a,b" into a list; the setting parsers expect the text as written.
        result.values.insert(key, value.typeId() == QMetaType::QStringList
                                      ? value.toStringList().join(QLatin1Char(','))
                                      : value.toString());
    }
    return result;
}

} // namespace

namespace SettingsLoader {

void addOptions(QCommandLineParser &parser)
{
    parser.addOption({kConfigOption,
                      QStringLiteral("Read settings from this INI file (env SWITCHBOARD_CONFIG)."),
                      QStringLiteral("file")});
    for (const SettingSpec &spec : settingSpecs()) {
        if (spec.option.isEmpty())
            continue;
        QString help = spec.description;
        if (!spec.envName.isEmpty())
            help += QStringLiteral(" [env %1]").arg(spec.envName);
        parser.addOption({spec.option, help, spec.valueName});
    }
}

QMap<QString, QString> commandLineValues(const QCommandLineParser &parser)
{
    QMap<QString, QString> values;
    if (parser.isSet(kConfigOption))
        values.insert(kConfigOption, parser.value(kConfigOption));
    for (const SettingSpec &spec : settingSpecs()) {
        if (!spec.option.isEmpty() && parser.isSet(spec.option))
            values.insert(spec.option, parser.value(spec.option));
    }
    return values;
}

SettingsResult load(const SettingSources &sources)
{
    SettingsResult result;
    QString configPath = sources.commandLine.value(kConfigOption);
    if (configPath.isEmpty())
        configPath = sources.environment.value(kConfigEnv);

    QMap<QString, QString> fileValues;
    if (!configPath.isEmpty()) {
        FileValues file = readIniFile(configPath);
        if (!file.error.isEmpty()) {
            result.error = file.error;
            return result;
        }
        fileValues = file.values;
        result.configFile = configPath;
        for (auto it = fileValues.cbegin(); it != fileValues.cend(); ++it) {
            const bool known = std::any_of(settingSpecs().cbegin(), settingSpecs().cend(),
                                           [&](const SettingSpec &s) { return s.fileKey == it.key(); });
            if (!known) {
                result.error = QStringLiteral("%1: unknown setting in \"%2\"").arg(it.key(), configPath);
                return result;
            }
        }
    }

    // For each setting only the winning layer's value is checked: a stale variable that the
    // command line overrides must not stop start-up.
    for (const SettingSpec &spec : settingSpecs()) {
        QString value;
        QString origin;
        if (!spec.option.isEmpty() && sources.commandLine.contains(spec.option)) {
            value = sources.commandLine.value(spec.option);
            origin = QStringLiteral("option --%1").arg(spec.option);
        } else if (!spec.envName.isEmpty() && sources.environment.contains(spec.envName)) {
            value = sources.environment.value(spec.envName);
            origin = QStringLiteral("environment variable %1").arg(spec.envName);
        } else if (fileValues.contains(spec.fileKey)) {
            value = fileValues.value(spec.fileKey);
            origin = QStringLiteral("%1 in %2").arg(spec.fileKey, configPath);
        } else {
            continue;
        }
        const QString problem = spec.apply(value, result.settings);
        if (!problem.isEmpty()) {
            result.error = QStringLiteral("%1 (%2): %3").arg(spec.fileKey.section('/', 1), origin, problem);
            return result;
        }
    }

    const Settings &s = result.settings;
    if (s.tlsCertificate.isEmpty() != s.tlsKey.isEmpty()) {
        result.error = QStringLiteral("tls: a certificate needs a key and a key needs a certificate "
                                      "(give both --tls-cert and --tls-key)");
        return result;
    }
    return result;
}

} // namespace SettingsLoader

#include "settingserror.h"

#include "config/settingspecs.h"

#include <QRegularExpression>

SettingsError SettingsError::parse(const QString &error)
{
    // "<name> (<origin>): <reason>", <name> being the INI key without its section.
    static const QRegularExpression loader(QStringLiteral(R"(^([a-z_]+) \((.*)\): (.*)$)"));
    const auto match = loader.match(error);
    if (match.hasMatch()) {
        for (const SettingSpec &spec : settingSpecs()) {
            if (spec.fileKey.section(QLatin1Char('/'), 1) == match.captured(1))
                return {spec.fileKey, match.captured(3)};
        }
    }
    // "port 8765: cannot listen on …": a runtime refusal of the port.
    static const QRegularExpression port(QStringLiteral(R"(^port \d+: (.*)$)"));
    if (const auto m = port.match(error); m.hasMatch())
        return {QStringLiteral("server/port"), m.captured(1)};
    // "<option>: <reason>" from Relay::start (tls-cert, data-dir) and the loader's "tls: …".
    const qsizetype colon = error.indexOf(QStringLiteral(": "));
    if (colon > 0) {
        const QString name = error.left(colon);
        const QString reason = error.mid(colon + 2);
        if (name == QLatin1String("tls-cert") || name == QLatin1String("tls"))
            return {QStringLiteral("tls/certificate"), reason};
        for (const SettingSpec &spec : settingSpecs()) {
            if (!spec.option.isEmpty() && spec.option == name)
                return {spec.fileKey, reason};
        }
    }
    return {QString(), error};
}

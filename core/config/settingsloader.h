#pragma once
// Builds Settings from four layers: command line over environment over INI file over defaults.
// Every setting is described once (settingspecs.cpp) with its INI key, option and variable names,
// so the layers can never disagree about what a name means.
#include "settings.h"

#include <QMap>
#include <QProcessEnvironment>

class QCommandLineParser;

struct SettingSources
{
    QMap<QString, QString> commandLine; // option name (without dashes) -> value
    QProcessEnvironment environment;
};

struct SettingsResult
{
    Settings settings;
    QString configFile; // the file that was read, if any
    QString error; // one line naming the setting and what is wrong; empty when all is well
    bool ok() const { return error.isEmpty(); }
};

namespace SettingsLoader {
// Declares one option per setting plus --config.
void addOptions(QCommandLineParser &parser);
// Collects the options the user actually gave.
QMap<QString, QString> commandLineValues(const QCommandLineParser &parser);
SettingsResult load(const SettingSources &sources);
}

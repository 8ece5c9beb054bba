#pragma once
#include "settings.h"

#include <QList>
#include <functional>

// One setting: where it can come from and how a text value becomes part of Settings.
struct SettingSpec
{
    QString fileKey; // "section/key" in the INI file
    QString option; // command-line option without dashes, empty if none
    QString envName; // environment variable, empty if none
    QString valueName; // shown in --help
    QString description;
    // Applies `value`; returns what is wrong with it, or an empty string.
    std::function<QString(const QString &value, Settings &settings)> apply;
};

const QList<SettingSpec> &settingSpecs();

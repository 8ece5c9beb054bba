#pragma once
// Which language the UI speaks: the system's (QLocale::system()) unless the user picked one in
// the settings. Switching installs new translators, and every widget retranslates itself on the
// LanguageChange event that follows, so no restart is needed.
#include <QList>
#include <QString>

namespace Languages {
struct Language
{
    QString code; // "de"
    QString nativeName; // "Deutsch": shown untranslated so a user lost in a foreign UI finds theirs
};
QList<Language> available();
// The saved choice; empty means "as the system".
QString configured();
void setConfigured(const QString &code);
// Installs the translations for `code` (empty: the system's language) and returns the language
// now in use ("en" when there is no translation for the one asked for).
QString apply(const QString &code);
}

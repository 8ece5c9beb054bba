#include "languages.h"

#include "uilog.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

namespace {
const QString kSettingKey = QStringLiteral("ui/language");
QTranslator *g_app = nullptr;
QTranslator *g_qt = nullptr;

void remove(QTranslator *&translator)
{
    if (!translator)
        return;
    QCoreApplication::removeTranslator(translator);
    delete translator;
    translator = nullptr;
}
} // namespace

namespace Languages {

QList<Language> available()
{
    return {{QStringLiteral("en"), QStringLiteral("English")},
            {QStringLiteral("de"), QStringLiteral("Deutsch")},
            {QStringLiteral("es"), QStringLiteral("Español")},
            {QStringLiteral("fr"), QStringLiteral("Français")}};
}

QString configured()
{
    return QSettings().value(kSettingKey).toString();
}

void setConfigured(const QString &code)
{
    QSettings settings;
    if (code.isEmpty())
        settings.remove(kSettingKey);
    else
        settings.setValue(kSettingKey, code);
}

QString apply(const QString &code)
{
    remove(g_app);
    remove(g_qt);
    const QLocale locale = code.isEmpty() ? QLocale::system() : QLocale(code);
    auto *app = new QTranslator;
    // Tries switchboard_de_DE, switchboard_de, ... for each of the locale's UI languages.
    if (!app->load(locale, QStringLiteral("switchboard"), QStringLiteral("_"), QStringLiteral(":/i18n"))) {
        delete app;
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        if (!code.isEmpty() || locale.language() != QLocale::English)
            qCDebug(lcUi).noquote() << "no translation for" << locale.name() << "- using English";
        return QStringLiteral("en");
    }
    g_app = app;
    QCoreApplication::installTranslator(g_app);
    // Qt's own strings (standard buttons, file dialogs), when the system has them.
    auto *qt = new QTranslator;
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        g_qt = qt;
        QCoreApplication::installTranslator(g_qt);
    } else {
        delete qt;
    }
    QLocale::setDefault(locale);
    return app->language().section(QLatin1Char('_'), 0, 0);
}

} // namespace Languages

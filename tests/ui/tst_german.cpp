// The UI in German: from the language setting, switched live from the settings dialog, and from
// the system's language (LANG/LANGUAGE=de, the second ctest registration).
#include "languages.h"
#include "logcapture.h"
#include "mainwindow.h"
#include "relaycontroller.h"
#include "settingsdialog.h"
#include "testenvironment.h"
#include "trayapplication.h"
#include "traymenu.h"

#include <QAction>
#include <QComboBox>
#include <QLocale>
#include <QMenuBar>
#include <QTabWidget>
#include <QTest>

class TestGerman : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

    static QStringList menuTitles(QMainWindow *window)
    {
        QStringList titles;
        for (QAction *action : window->menuBar()->actions())
            titles << action->text();
        return titles;
    }

private slots:
    void cleanup()
    {
        Languages::setConfigured(QString());
        Languages::apply(QStringLiteral("en"));
    }

    void languageSetting()
    {
        Languages::setConfigured(QStringLiteral("de"));
        QCOMPARE(Languages::apply(Languages::configured()), QStringLiteral("de"));
        TrayMenu menu;
        QCOMPARE(menu.openWindowAction()->text(), QStringLiteral("Switchboard öffnen"));
        QCOMPARE(menu.copyShareUrlAction()->text(), QStringLiteral("Freigabe-URL kopieren"));
        QCOMPARE(menu.pauseResumeAction()->text(), QStringLiteral("Weiterleitung pausieren"));
        QCOMPARE(menu.quitAction()->text(), QStringLiteral("Switchboard beenden"));
        // Numbers follow the language too.
        QCOMPARE(QLocale().toString(1234.5, 'f', 1), QStringLiteral("1.234,5"));
    }

    void liveSwitchFromTheSettingsDialog()
    {
        LogCapture log;
        TrayApplication::Options o;
        o.sources = TestEnvironment::sources(m_dir.path());
        o.settingsPath = TestEnvironment::writeConfig(m_dir.path());
        o.windowed = true;
        TrayApplication app(o, &log);
        app.start();
        QCOMPARE(menuTitles(app.window()), (QStringList{"&Relay", "&View"}));
        QCOMPARE(app.window()->tabs()->tabText(MainWindow::DevicesTab), QStringLiteral("&Devices"));
        TrayMenu menu;

        SettingsDialog dialog(app.controller());
        dialog.languageBox()->setCurrentIndex(dialog.languageBox()->findData(QStringLiteral("de")));
        QVERIFY(dialog.apply());
        QCOMPARE(Languages::configured(), QStringLiteral("de"));
        // Every open widget retranslates itself on the (posted) LanguageChange; no restart.
        QTRY_COMPARE(menuTitles(app.window()), (QStringList{"&Relay", "&Ansicht"}));
        QCOMPARE(app.window()->tabs()->tabText(MainWindow::DevicesTab), QStringLiteral("&Geräte"));
        QTRY_COMPARE(menu.openWindowAction()->text(), QStringLiteral("Switchboard öffnen"));
    }

    void systemLanguage()
    {
        QVERIFY2(QLocale::system().language() == QLocale::German,
                 "run with LANG=de_DE.UTF-8 (the tst_german_system ctest does)");
        QVERIFY(Languages::configured().isEmpty());
        QCOMPARE(Languages::apply(QString()), QStringLiteral("de"));
        TrayMenu menu;
        QCOMPARE(menu.openWindowAction()->text(), QStringLiteral("Switchboard öffnen"));
        QCOMPARE(menu.showPairingCodeAction()->text(), QStringLiteral("Kopplungscode anzeigen…"));
        QCOMPARE(menu.startAtLoginAction()->text(), QStringLiteral("Bei Anmeldung starten"));
    }
};

QTEST_MAIN(TestGerman)
#include "tst_german.moc"

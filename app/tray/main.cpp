// switchboard: the tray app. Parses options, decides whether a GUI is possible at all, and hands
// over to TrayApplication.
#include "config/settingsloader.h"
#include "languages.h"
#include "log/logsetup.h"
#include "logcapture.h"
#include "platform/unixsignalnotifier.h"
#include "relaysettingsfile.h"
#include "screenshots.h"
#include "trayapplication.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QSystemTrayIcon>
#include <QThread>

#include <csignal>
#include <QTextStream>

namespace {
constexpr int kExitConfigError = 2;

// A QApplication without a display aborts; say something useful instead.
bool displayAvailable()
{
    return qEnvironmentVariableIsSet("QT_QPA_PLATFORM") || qEnvironmentVariableIsSet("DISPLAY")
           || qEnvironmentVariableIsSet("WAYLAND_DISPLAY");
}
} // namespace

int main(int argc, char *argv[])
{
    QElapsedTimer sinceStart;
    sinceStart.start();
    if (!displayAvailable()) {
        QTextStream(stderr) << "switchboard: no display to show a window on. On a server, run "
                               "switchboard-server instead.\n";
        return 1;
    }
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("switchboard"));
    QApplication::setOrganizationName(QStringLiteral("switchboard"));
    QApplication::setApplicationDisplayName(QStringLiteral("Switchboard"));
    QApplication::setApplicationVersion(QStringLiteral(SWITCHBOARD_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("switchboard"));
    // Closing the window leaves the relay in the tray; quitting is explicit.
    QApplication::setQuitOnLastWindowClosed(false);

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Switchboard, the personal relay, with a tray icon. Takes the same settings as\n"
        "switchboard-server; the settings dialog keeps them in ") + RelaySettingsFile::defaultPath());
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption windowed(QStringLiteral("windowed"), QStringLiteral("Open a window instead of a tray icon."));
    const QCommandLineOption benchmark(QStringLiteral("benchmark-startup"),
                                       QStringLiteral("Print a line when the tray icon (or window) is shown."));
    QCommandLineOption screenshots(QStringLiteral("screenshots"),
                                   QStringLiteral("Save window.png and tray.png to this directory, then quit."),
                                   QStringLiteral("directory"));
    screenshots.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOptions({windowed, benchmark, screenshots});
    SettingsLoader::addOptions(parser);
    if (!parser.parse(app.arguments())) {
        QTextStream(stderr) << "switchboard: " << parser.errorText() << " (see --help)\n";
        return kExitConfigError;
    }
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(0);
    if (parser.isSet(QStringLiteral("version")))
        parser.showVersion();

    TrayApplication::Options options;
    options.sources.commandLine = SettingsLoader::commandLineValues(parser);
    options.sources.environment = QProcessEnvironment::systemEnvironment();
    // --config names the file the dialog edits; otherwise the app keeps its own.
    options.settingsPath = options.sources.commandLine.take(QStringLiteral("config"));
    if (options.settingsPath.isEmpty())
        options.settingsPath = RelaySettingsFile::defaultPath();
    options.windowed = parser.isSet(windowed);
    options.benchmarkStartup = parser.isSet(benchmark);
    options.sinceStart = sinceStart;

    const QString level = options.sources.environment.value(QStringLiteral("LOG_LEVEL"),
                                                            options.sources.commandLine.value(QStringLiteral("log-level"),
                                                                                              QStringLiteral("info")));
    LogSetup::apply(LogSetup::isValidLevel(level) ? level : QStringLiteral("info"));
    LogCapture log;
    Languages::apply(Languages::configured());

    TrayApplication tray(options, &log);
    if (parser.isSet(screenshots)) {
        // The panel (trayer in the screenshot test) may still be starting: wait for it to own
        // the tray, so the pictures show the tray icon and not the no-tray window.
        QElapsedTimer waited;
        waited.start();
        while (!QSystemTrayIcon::isSystemTrayAvailable() && waited.elapsed() < 10000)
            QThread::msleep(50);
        Screenshots::takeWhenReady(&tray, parser.value(screenshots));
    }
    // SIGTERM (logout, systemd) and Ctrl+C quit the way the menu does: connections hear "going
    // away" instead of being dropped.
    UnixSignalNotifier signals_({SIGTERM, SIGINT});
    QObject::connect(&signals_, &UnixSignalNotifier::received, &tray, &TrayApplication::quit);
    tray.start();
    return app.exec();
}

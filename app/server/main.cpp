// switchboard-server: the headless relay. Parses options, builds the one Relay, runs it until
// SIGTERM or SIGINT.
#include "config/settingsloader.h"
#include "log/logcategories.h"
#include "log/logsetup.h"
#include "paircommand.h"
#include "platform/unixsignalnotifier.h"
#include "relay.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

#include <csignal>

namespace {
constexpr int kExitConfigError = 2;

int failConfig(const QString &message)
{
    QTextStream(stderr) << QCoreApplication::applicationName() << ": " << message << '\n';
    return kExitConfigError;
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("switchboard-server"));
    QCoreApplication::setOrganizationName(QStringLiteral("switchboard"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SWITCHBOARD_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Switchboard relay, headless. Serves the tunnel, localfirst, pairing, mesh and libp2p\n"
        "relay protocols on one port. Settings: options over environment over --config file.\n"
        "\n"
        "  switchboard-server pair   ask the relay running here for a phone pairing code and\n"
        "                            print it with its URL and QR code (same --port, --data-dir)"));
    parser.addPositionalArgument(QStringLiteral("command"), QStringLiteral("pair (optional)"), QStringLiteral("[pair]"));
    parser.addHelpOption();
    parser.addVersionOption();
    SettingsLoader::addOptions(parser);
    if (!parser.parse(app.arguments()))
        return failConfig(parser.errorText() + QStringLiteral(" (see --help)"));
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(0);
    if (parser.isSet(QStringLiteral("version")))
        parser.showVersion();
    const QStringList positional = parser.positionalArguments();
    const bool pairCommand = positional == QStringList{QStringLiteral("pair")};
    if (!positional.isEmpty() && !pairCommand)
        return failConfig(QStringLiteral("unexpected argument \"%1\" (see --help)").arg(positional.first()));

    const SettingsResult loaded = SettingsLoader::load({SettingsLoader::commandLineValues(parser),
                                                        QProcessEnvironment::systemEnvironment()});
    if (!loaded.ok())
        return failConfig(loaded.error);
    if (pairCommand)
        return PairCommand::run(loaded.settings);
    LogSetup::apply(loaded.settings.logLevel);
    if (!loaded.configFile.isEmpty())
        qCInfo(lcConfig).noquote() << "settings read from" << loaded.configFile;

    Relay relay(loaded.settings);
    QString error;
    bool configError = false;
    if (!relay.start(&error, &configError)) {
        if (configError)
            return failConfig(error);
        qCCritical(lcRelay).noquote() << error;
        return 1;
    }

    UnixSignalNotifier signals_({SIGTERM, SIGINT, SIGHUP});
    QObject::connect(&signals_, &UnixSignalNotifier::received, &relay, [&relay](int number) {
        if (number == SIGHUP) {
            relay.reloadTls();
            return;
        }
        relay.shutdown();
    });
    QObject::connect(&relay, &Relay::stopped, &app, [] { QCoreApplication::exit(0); });
    return app.exec();
}

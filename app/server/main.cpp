// switchboard-server: the headless relay. Parses options, builds the one Relay, runs it until
// SIGTERM or SIGINT; SIGHUP re-reads the configuration and the certificates.
#include "config/settingsloader.h"
#include "log/logcategories.h"
#include "log/logsetup.h"
#include "paircommand.h"
#include "platform/epolleventdispatcher.h"
#include "platform/filedescriptorlimit.h"
#include "platform/unixsignalnotifier.h"
#include "relay.h"
#include "systemdnotifier.h"

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

QString listeningStatus(const Relay &relay)
{
    QStringList ports;
    for (quint16 port : relay.listeningPorts())
        ports << QString::number(port);
    return QStringLiteral("listening on %1 port %2").arg(relay.settings().host, ports.join(QStringLiteral(", ")));
}

// SIGHUP: the same command line, the process environment (which cannot change while it runs)
// and the --config file read again. A configuration that no longer loads changes nothing.
QString reloadConfiguration(Relay &relay, const QMap<QString, QString> &commandLine)
{
    const SettingsResult loaded = SettingsLoader::load({commandLine, QProcessEnvironment::systemEnvironment()});
    if (!loaded.ok()) {
        qCWarning(lcConfig).noquote() << "reload: keeping the running settings:" << loaded.error;
        return QStringLiteral("reload failed: ") + loaded.error;
    }
    const Relay::ReloadReport report = relay.reload(loaded.settings);
    if (report.applied.isEmpty())
        qCInfo(lcConfig).noquote() << "reload: no setting that applies live changed";
    else
        qCInfo(lcConfig).noquote() << "reload: applied" << report.applied.join(QStringLiteral(", "));
    if (!report.needRestart.isEmpty())
        qCWarning(lcConfig).noquote() << "reload: changed, but only a restart applies them:"
                                      << report.needRestart.join(QStringLiteral(", "));
    for (const QString &error : report.errors)
        qCWarning(lcConfig).noquote() << "reload:" << error;
    if (!report.errors.isEmpty())
        return QStringLiteral("reload failed: ") + report.errors.join(QStringLiteral("; "));
    if (!report.needRestart.isEmpty())
        return listeningStatus(relay) + QStringLiteral("; restart to apply ") + report.needRestart.join(QStringLiteral(", "));
    return listeningStatus(relay);
}
} // namespace

int main(int argc, char *argv[])
{
    // epoll rather than Qt's own dispatcher, which looks at every open socket on every pass of
    // the event loop (docs/PERFORMANCE.md, idle connections). SWITCHBOARD_EVENT_DISPATCHER=qt
    // keeps Qt's, to compare. Only possible before the application object exists.
    if (qgetenv("SWITCHBOARD_EVENT_DISPATCHER") != "qt")
        QCoreApplication::setEventDispatcher(new EpollEventDispatcher);
    const long descriptorLimit = FileDescriptorLimit::raiseToHardLimit();
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

    const QMap<QString, QString> commandLine = SettingsLoader::commandLineValues(parser);
    const SettingsResult loaded = SettingsLoader::load({commandLine, QProcessEnvironment::systemEnvironment()});
    if (!loaded.ok())
        return failConfig(loaded.error);
    if (pairCommand)
        return PairCommand::run(loaded.settings);
    LogSetup::apply(loaded.settings.logLevel);
    if (!loaded.configFile.isEmpty())
        qCInfo(lcConfig).noquote() << "settings read from" << loaded.configFile;
    if (descriptorLimit > 0 && descriptorLimit < long(loaded.settings.maxConnections) + 64) {
        qCWarning(lcRelay).noquote() << "the system allows" << descriptorLimit
                                     << "open files: fewer connections than --max-connections"
                                     << loaded.settings.maxConnections << "will fit (raise the hard limit, LimitNOFILE=)";
    }

    SystemdNotifier systemd;
    Relay relay(loaded.settings);
    QString error;
    bool configError = false;
    systemd.status(QStringLiteral("starting"));
    if (!relay.start(&error, &configError)) {
        systemd.status(error);
        if (configError)
            return failConfig(error);
        qCCritical(lcRelay).noquote() << error;
        return 1;
    }

    UnixSignalNotifier signals_({SIGTERM, SIGINT, SIGHUP});
    QObject::connect(&signals_, &UnixSignalNotifier::received, &relay, [&](int number) {
        if (number == SIGHUP) {
            systemd.reloading(QStringLiteral("reloading the configuration"));
            qCInfo(lcConfig) << "SIGHUP: reloading the configuration and the certificates";
            systemd.ready(reloadConfiguration(relay, commandLine));
            return;
        }
        systemd.stopping(QStringLiteral("shutting down"));
        relay.shutdown();
    });
    QObject::connect(&relay, &Relay::stopped, &app, [] { QCoreApplication::exit(0); });
    systemd.ready(listeningStatus(relay));
    return app.exec();
}

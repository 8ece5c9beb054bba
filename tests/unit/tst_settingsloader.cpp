// Unit tests for SettingsLoader: command line over environment over INI file over defaults.
#include "config/settingsloader.h"

#include <QCommandLineParser>
#include <QTemporaryDir>
#include <QtTest>

namespace {

using Values = QMap<QString, QString>;

QProcessEnvironment environment(const Values &variables)
{
    QProcessEnvironment env; // empty: nothing leaks in from the real environment
    for (auto it = variables.cbegin(); it != variables.cend(); ++it)
        env.insert(it.key(), it.value());
    return env;
}

SettingsResult load(const Values &commandLine, const Values &env = {})
{
    return SettingsLoader::load({commandLine, environment(env)});
}

} // namespace

class tst_SettingsLoader : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void defaultsWithNothingGiven();
    void precedence_data();
    void precedence();
    void errorNamesSettingAndOrigin_data();
    void errorNamesSettingAndOrigin();
    void onlyWinningLayerIsValidated();
    void badFileValueOverriddenByEnvironmentIsIgnored();
    void unknownIniKeyIsAnError();
    void keyOutsideAnySectionIsAnError();
    void missingConfigFileIsAnError();
    void directoryAsConfigFileIsAnError();
    void configFileFromEnvironment();
    void configOptionBeatsEnvironment();
    void extraPortsFromIniFile();
    void extraPortsFromCommandLine();
    void badExtraPortsAreErrors_data();
    void badExtraPortsAreErrors();
    void tlsCertificateWithoutKeyIsAnError();
    void tlsKeyWithoutCertificateIsAnError();
    void tlsCertificateAndKeyTogether();
    void logLevelValidation_data();
    void logLevelValidation();
    void domainIsLowercased();
    void badDomainIsAnError();
    void hostValidation();
    void jwtSecretComesOnlyFromEnvironmentOrFile();
    void commandLineValuesCollectsGivenOptions();

private:
    // Writes `text` to a new INI file in this test's own directory and returns its path.
    QString writeIni(const QByteArray &text);
    std::unique_ptr<QTemporaryDir> m_dir;
    int m_files = 0;
};

void tst_SettingsLoader::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

QString tst_SettingsLoader::writeIni(const QByteArray &text)
{
    // A fresh name each time: QSettings caches files by path.
    const QString path = m_dir->filePath(QStringLiteral("switchboard-%1.ini").arg(++m_files));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

void tst_SettingsLoader::defaultsWithNothingGiven()
{
    const SettingsResult r = load({});
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.settings.port, quint16(8765));
    QCOMPARE(r.settings.host, QStringLiteral("0.0.0.0"));
    QCOMPARE(r.settings.logLevel, QStringLiteral("info"));
    QVERIFY(r.settings.extraPorts.isEmpty());
    QVERIFY(r.settings.domain.isEmpty());
    QVERIFY(!r.settings.tlsEnabled());
    QCOMPARE(r.settings.maxConnections, 20000);
    QCOMPARE(r.settings.maxConnectionsPerIp, 256);
    QCOMPARE(r.settings.maxBodyBytes, qint64(10 * 1000 * 1000));
    // The front door's limits on a request head and on silence.
    QCOMPARE(r.settings.maxHeadBytes, 16 * 1024);
    QCOMPARE(r.settings.headTimeoutSeconds, 10);
    QCOMPARE(r.settings.idleTimeoutSeconds, 300);
    QVERIFY(r.configFile.isEmpty());
}

void tst_SettingsLoader::precedence_data()
{
    // For each setting: its INI key, option and variable, one value per layer, and what each
    // value becomes in Settings (as text).
    QTest::addColumn<QString>("section");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("option");
    QTest::addColumn<QString>("envName");
    QTest::addColumn<QStringList>("values"); // file, environment, command line
    QTest::addColumn<QString>("defaultValue");
    QTest::addColumn<bool>("inFile");
    QTest::addColumn<bool>("inEnv");
    QTest::addColumn<bool>("onCommandLine");
    QTest::addColumn<int>("winner"); // index into values, or -1 for the default

    struct Setting
    {
        const char *name, *section, *key, *option, *envName;
        QStringList values;
        QString defaultValue;
    };
    const QList<Setting> settings{
        {"port", "server", "port", "port", "PORT", {"1001", "2002", "3003"}, "8765"},
        {"host", "server", "host", "host", "HOST", {"127.0.0.1", "::1", "10.1.2.3"}, "0.0.0.0"},
        {"log level", "server", "log_level", "log-level", "LOG_LEVEL",
         {"error", "warning", "debug"}, "info"},
        {"max connections", "limits", "max_connections", "max-connections",
         "SWITCHBOARD_MAX_CONNECTIONS", {"11", "22", "33"}, "20000"},
        {"domain", "server", "domain", "domain", "DOMAIN",
         {"file.example", "env.example", "cli.example"}, ""},
    };
    for (const Setting &s : settings) {
        for (int layers = 0; layers < 8; ++layers) {
            const bool file = layers & 1, env = layers & 2, cli = layers & 4;
            const int winner = cli ? 2 : env ? 1 : file ? 0 : -1;
            QTest::addRow("%s: file=%d env=%d cli=%d", s.name, file, env, cli)
                << s.section << s.key << s.option << s.envName << s.values << s.defaultValue
                << file << env << cli << winner;
        }
    }
}

void tst_SettingsLoader::precedence()
{
    QFETCH(QString, section);
    QFETCH(QString, key);
    QFETCH(QString, option);
    QFETCH(QString, envName);
    QFETCH(QStringList, values);
    QFETCH(QString, defaultValue);
    QFETCH(bool, inFile);
    QFETCH(bool, inEnv);
    QFETCH(bool, onCommandLine);
    QFETCH(int, winner);

    Values commandLine;
    Values env;
    if (inFile) {
        commandLine.insert("config",
                           writeIni(QStringLiteral("[%1]\n%2 = %3\n").arg(section, key, values[0]).toUtf8()));
    }
    if (inEnv)
        env.insert(envName, values[1]);
    if (onCommandLine)
        commandLine.insert(option, values[2]);

    const SettingsResult r = load(commandLine, env);
    QVERIFY2(r.ok(), qPrintable(r.error));
    const Settings &s = r.settings;
    const QHash<QString, QString> actual{
        {"port", QString::number(s.port)},
        {"host", s.host},
        {"log_level", s.logLevel},
        {"max_connections", QString::number(s.maxConnections)},
        {"domain", s.domain},
    };
    QVERIFY(actual.contains(key));
    QCOMPARE(actual.value(key), winner < 0 ? defaultValue : values[winner]);
}

void tst_SettingsLoader::errorNamesSettingAndOrigin_data()
{
    QTest::addColumn<Values>("commandLine");
    QTest::addColumn<Values>("env");
    QTest::addColumn<QByteArray>("ini");
    QTest::addColumn<QStringList>("expectedParts");
    QTest::newRow("PORT variable") << Values{} << Values{{"PORT", "eighty"}} << QByteArray()
                                   << QStringList{"port", "environment variable PORT", "eighty"};
    QTest::newRow("--port option") << Values{{"port", "70000"}} << Values{} << QByteArray()
                                   << QStringList{"port", "option --port", "70000"};
    QTest::newRow("port in file") << Values{} << Values{} << QByteArray("[server]\nport = -1\n")
                                  << QStringList{"port", "server/port in ", ".ini", "-1"};
    QTest::newRow("max connections variable")
        << Values{} << Values{{"SWITCHBOARD_MAX_CONNECTIONS", "0"}} << QByteArray()
        << QStringList{"max_connections", "environment variable SWITCHBOARD_MAX_CONNECTIONS"};
    QTest::newRow("redis option") << Values{{"redis-url", "http://x"}} << Values{} << QByteArray()
                                  << QStringList{"redis_url", "option --redis-url"};
}

void tst_SettingsLoader::errorNamesSettingAndOrigin()
{
    QFETCH(Values, commandLine);
    QFETCH(Values, env);
    QFETCH(QByteArray, ini);
    QFETCH(QStringList, expectedParts);
    if (!ini.isEmpty())
        commandLine.insert("config", writeIni(ini));
    const SettingsResult r = load(commandLine, env);
    QVERIFY(!r.ok());
    QVERIFY2(!r.error.contains(QLatin1Char('\n')), qPrintable(r.error));
    for (const QString &part : expectedParts)
        QVERIFY2(r.error.contains(part), qPrintable(QStringLiteral("\"%1\" not in: %2").arg(part, r.error)));
}

void tst_SettingsLoader::onlyWinningLayerIsValidated()
{
    const SettingsResult r = load({{"port", "9000"}}, {{"PORT", "not-a-port"}});
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.settings.port, quint16(9000));
}

void tst_SettingsLoader::badFileValueOverriddenByEnvironmentIsIgnored()
{
    const QString ini = writeIni("[server]\nport = nonsense\nlog_level = loud\n");
    const SettingsResult r = load({{"config", ini}, {"log-level", "debug"}}, {{"PORT", "4000"}});
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.settings.port, quint16(4000));
    QCOMPARE(r.settings.logLevel, QStringLiteral("debug"));
}

void tst_SettingsLoader::unknownIniKeyIsAnError()
{
    const QString ini = writeIni("[server]\nport = 9000\nprot = 9001\n");
    const SettingsResult r = load({{"config", ini}});
    QVERIFY(!r.ok());
    QVERIFY2(r.error.contains(QLatin1String("server/prot")), qPrintable(r.error));
    QVERIFY2(r.error.contains(ini), qPrintable(r.error));
    QVERIFY(!r.error.contains(QLatin1Char('\n')));
}

void tst_SettingsLoader::keyOutsideAnySectionIsAnError()
{
    const QString ini = writeIni("port = 9000\n");
    const SettingsResult r = load({{"config", ini}});
    QVERIFY(!r.ok());
    QVERIFY2(r.error.contains(QLatin1String("port")), qPrintable(r.error));
    QVERIFY2(r.error.contains(QLatin1String("unknown")), qPrintable(r.error));
}

void tst_SettingsLoader::missingConfigFileIsAnError()
{
    const QString path = m_dir->filePath(QStringLiteral("absent.ini"));
    const SettingsResult r = load({{"config", path}});
    QVERIFY(!r.ok());
    QVERIFY2(r.error.contains(path), qPrintable(r.error));
    QVERIFY2(r.error.contains(QLatin1String("does not exist")), qPrintable(r.error));
    QVERIFY(r.error.startsWith(QLatin1String("config")));
}

void tst_SettingsLoader::directoryAsConfigFileIsAnError()
{
    const SettingsResult r = load({{"config", m_dir->path()}});
    QVERIFY(!r.ok());
    QVERIFY2(r.error.contains(QLatin1String("cannot be read")), qPrintable(r.error));
}

void tst_SettingsLoader::configFileFromEnvironment()
{
    const QString ini = writeIni("[server]\nport = 4321\n");
    const SettingsResult r = load({}, {{"SWITCHBOARD_CONFIG", ini}});
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.configFile, ini);
    QCOMPARE(r.settings.port, quint16(4321));
}

void tst_SettingsLoader::configOptionBeatsEnvironment()
{
    const QString fromEnv = writeIni("[server]\nport = 1111\n");
    const QString fromOption = writeIni("[server]\nport = 2222\n");
    const SettingsResult r = load({{"config", fromOption}}, {{"SWITCHBOARD_CONFIG", fromEnv}});
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.configFile, fromOption);
    QCOMPARE(r.settings.port, quint16(2222));
}

void tst_SettingsLoader::extraPortsFromIniFile()
{
    // QSettings reads an unquoted "a,b" as a list; the loader must still see both ports.
    const QString ini = writeIni("[server]\nextra_ports = 3790,8080\n");
    const SettingsResult r = load({{"config", ini}});
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.settings.extraPorts, (QList<quint16>{3790, 8080}));
}

void tst_SettingsLoader::extraPortsFromCommandLine()
{
    const SettingsResult r = load({{"extra-ports", "3790,8080, 9090"}});
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.settings.extraPorts, (QList<quint16>{3790, 8080, 9090}));
    const SettingsResult fromEnv = load({}, {{"SWITCHBOARD_EXTRA_PORTS", "9091"}});
    QVERIFY2(fromEnv.ok(), qPrintable(fromEnv.error));
    QCOMPARE(fromEnv.settings.extraPorts, QList<quint16>{9091});
}

void tst_SettingsLoader::badExtraPortsAreErrors_data()
{
    QTest::addColumn<QString>("value");
    QTest::newRow("word") << "3790,http";
    QTest::newRow("zero") << "0";
    QTest::newRow("too big") << "8080,65536";
    QTest::newRow("negative") << "-5";
}

void tst_SettingsLoader::badExtraPortsAreErrors()
{
    QFETCH(QString, value);
    const SettingsResult r = load({{"extra-ports", value}});
    QVERIFY(!r.ok());
    QVERIFY2(r.error.startsWith(QLatin1String("extra_ports (option --extra-ports)")), qPrintable(r.error));
}

void tst_SettingsLoader::tlsCertificateWithoutKeyIsAnError()
{
    const SettingsResult r = load({{"tls-cert", "/etc/ssl/fullchain.pem"}});
    QVERIFY(!r.ok());
    QVERIFY2(r.error.contains(QLatin1String("tls")), qPrintable(r.error));
    QVERIFY(!r.error.contains(QLatin1Char('\n')));
}

void tst_SettingsLoader::tlsKeyWithoutCertificateIsAnError()
{
    const SettingsResult r = load({}, {{"SWITCHBOARD_TLS_KEY", "/etc/ssl/privkey.pem"}});
    QVERIFY(!r.ok());
    QVERIFY2(r.error.contains(QLatin1String("tls")), qPrintable(r.error));
}

void tst_SettingsLoader::tlsCertificateAndKeyTogether()
{
    // The certificate from the file, the key from the environment: layers combine per setting.
    const QString ini = writeIni("[tls]\ncertificate = /etc/ssl/fullchain.pem\n");
    const SettingsResult r = load({{"config", ini}}, {{"SWITCHBOARD_TLS_KEY", "/etc/ssl/privkey.pem"}});
    QVERIFY2(r.ok(), qPrintable(r.error));
    QVERIFY(r.settings.tlsEnabled());
    QCOMPARE(r.settings.tlsCertificate, QStringLiteral("/etc/ssl/fullchain.pem"));
    QCOMPARE(r.settings.tlsKey, QStringLiteral("/etc/ssl/privkey.pem"));
}

void tst_SettingsLoader::logLevelValidation_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("expected");
    QTest::newRow("debug") << "debug" << true << "debug";
    QTest::newRow("info") << "info" << true << "info";
    QTest::newRow("warning") << "warning" << true << "warning";
    QTest::newRow("error") << "error" << true << "error";
    QTest::newRow("uppercase") << "DEBUG" << true << "debug";
    QTest::newRow("padded") << " warning " << true << "warning";
    QTest::newRow("verbose") << "verbose" << false << "";
    QTest::newRow("warn") << "warn" << false << "";
    QTest::newRow("empty") << "" << false << "";
}

void tst_SettingsLoader::logLevelValidation()
{
    QFETCH(QString, value);
    QFETCH(bool, valid);
    QFETCH(QString, expected);
    const SettingsResult r = load({}, {{"LOG_LEVEL", value}});
    QCOMPARE(r.ok(), valid);
    if (valid) {
        QCOMPARE(r.settings.logLevel, expected);
    } else {
        QVERIFY2(r.error.startsWith(QLatin1String("log_level (environment variable LOG_LEVEL)")),
                 qPrintable(r.error));
        QVERIFY2(r.error.contains(QLatin1String("debug, info, warning, error")), qPrintable(r.error));
    }
}

void tst_SettingsLoader::domainIsLowercased()
{
    const SettingsResult r = load({{"domain", " Relay.Example.ORG "}});
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.settings.domain, QStringLiteral("relay.example.org"));
    QCOMPARE(r.settings.effectiveDomain(), QStringLiteral("relay.example.org"));
}

void tst_SettingsLoader::badDomainIsAnError()
{
    for (const QString &bad : {QStringLiteral("relay.example.org/path"), QStringLiteral("  ")}) {
        const SettingsResult r = load({}, {{"DOMAIN", bad}});
        QVERIFY2(!r.ok(), qPrintable(bad));
        QVERIFY2(r.error.startsWith(QLatin1String("domain (environment variable DOMAIN)")),
                 qPrintable(r.error));
    }
}

void tst_SettingsLoader::hostValidation()
{
    QCOMPARE(load({{"host", "localhost"}}).settings.host, QStringLiteral("localhost"));
    QCOMPARE(load({{"host", " 127.0.0.1 "}}).settings.host, QStringLiteral("127.0.0.1"));
    const SettingsResult bad = load({{"host", "relay.example.org"}});
    QVERIFY(!bad.ok());
    QVERIFY2(bad.error.startsWith(QLatin1String("host (option --host)")), qPrintable(bad.error));
}

void tst_SettingsLoader::jwtSecretComesOnlyFromEnvironmentOrFile()
{
    const QString secret = QStringLiteral("0123456789abcdef0123");
    const SettingsResult fromEnv = load({}, {{"JWT_SECRET", secret}});
    QVERIFY2(fromEnv.ok(), qPrintable(fromEnv.error));
    QCOMPARE(fromEnv.settings.jwtSecret, secret);

    const QString ini = writeIni("[secrets]\njwt_secret = short\n");
    const SettingsResult tooShort = load({{"config", ini}});
    QVERIFY(!tooShort.ok());
    QVERIFY2(tooShort.error.startsWith(QLatin1String("jwt_secret (secrets/jwt_secret in ")),
             qPrintable(tooShort.error));
}

void tst_SettingsLoader::commandLineValuesCollectsGivenOptions()
{
    QCommandLineParser parser;
    SettingsLoader::addOptions(parser);
    QVERIFY(parser.parse({"switchboard-server", "--port", "9000", "--config", "/tmp/x.ini",
                          "--extra-ports=3790,8080"}));
    const Values values = SettingsLoader::commandLineValues(parser);
    QCOMPARE(values, (Values{{"port", "9000"}, {"config", "/tmp/x.ini"}, {"extra-ports", "3790,8080"}}));
    // The secret has no option: it must not be readable from `ps`.
    QVERIFY(!parser.parse({"switchboard-server", "--jwt-secret", "x"}));
}

QTEST_GUILESS_MAIN(tst_SettingsLoader)
#include "tst_settingsloader.moc"

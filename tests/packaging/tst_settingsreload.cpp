// SettingsReload must know every setting, or a new one would silently never reload (or never be
// reported as needing a restart).
#include "config/settingspecs.h"
#include "config/settingsreload.h"

#include <QSet>
#include <QTest>

class TstSettingsReload : public QObject
{
    Q_OBJECT
private slots:
    void everySettingIsListedOnce()
    {
        QSet<QString> specs;
        for (const SettingSpec &spec : settingSpecs())
            specs << spec.fileKey;
        QSet<QString> fields;
        for (const ReloadableField &field : SettingsReload::fields()) {
            QVERIFY2(!fields.contains(field.fileKey), qPrintable(field.fileKey));
            fields << field.fileKey;
        }
        QCOMPARE(fields, specs);
    }

    void copyMakesTheFieldEqual()
    {
        Settings running;
        Settings fresh;
        fresh.logLevel = QStringLiteral("debug");
        fresh.maxConnectionsPerIp = 1;
        fresh.port = 443;
        fresh.meshTokens.insert(QStringLiteral("m"), QStringLiteral("t"));
        QCOMPARE(SettingsReload::changedKeys(running, fresh),
                 (QStringList{QStringLiteral("server/port"), QStringLiteral("server/log_level"),
                              QStringLiteral("limits/max_connections_per_ip"), QStringLiteral("mesh/tokens")}));
        for (const ReloadableField &field : SettingsReload::fields())
            field.copy(running, fresh);
        QVERIFY(SettingsReload::changedKeys(running, fresh).isEmpty());
    }

    void onlyListenerAndStoreSettingsNeedARestart()
    {
        QStringList live;
        for (const ReloadableField &field : SettingsReload::fields()) {
            if (field.live)
                live << field.fileKey;
        }
        QCOMPARE(live, (QStringList{QStringLiteral("server/log_level"), QStringLiteral("tls/certificate"),
                                    QStringLiteral("tls/key"), QStringLiteral("limits/max_connections"),
                                    QStringLiteral("limits/max_connections_per_ip"),
                                    QStringLiteral("limits/idle_timeout"), QStringLiteral("limits/head_timeout"),
                                    QStringLiteral("limits/max_body"), QStringLiteral("mesh/tokens"),
                                    QStringLiteral("tunnel/open_access")}));
    }
};

QTEST_GUILESS_MAIN(TstSettingsReload)
#include "tst_settingsreload.moc"

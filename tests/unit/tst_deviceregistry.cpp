// DeviceRegistry: tokens kept only as SHA-256 hashes, persistence across a reload, revocation,
// last seen, names cleaned of control characters.
#include "devices/deviceregistry.h"

#include <QCryptographicHash>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class TestDeviceRegistry : public QObject
{
    Q_OBJECT

private slots:
    void tokensAreStoredOnlyAsHashes()
    {
        QTemporaryDir dir;
        DeviceRegistry registry(dir.path());
        QString token;
        const PairedDevice device = registry.add(QStringLiteral("Phone"), &token);
        QVERIFY(!device.id.isEmpty());
        QVERIFY(token.startsWith(QStringLiteral("sbd_")));
        QVERIFY(token.size() >= 40);
        QFile file(dir.filePath(QStringLiteral("devices.json")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray stored = file.readAll();
        QVERIFY(!stored.contains(token.toUtf8()));
        QVERIFY(stored.contains(QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256).toHex()));
        QCOMPARE(DeviceRegistry::hashToken(token), QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256).toHex());
        QCOMPARE(file.permissions() & (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup | QFile::WriteOther),
                 QFile::Permissions());
    }

    void findsTheDeviceOfAToken()
    {
        DeviceRegistry registry;
        QString a, b;
        const PairedDevice first = registry.add(QStringLiteral("A"), &a);
        const PairedDevice second = registry.add(QStringLiteral("B"), &b);
        QVERIFY(a != b);
        QCOMPARE(registry.findByToken(a), std::optional<QString>(first.id));
        QCOMPARE(registry.findByToken(b), std::optional<QString>(second.id));
        QVERIFY(!registry.findByToken(a + QLatin1Char('x')).has_value());
        QVERIFY(!registry.findByToken(a.mid(4)).has_value()); // without the prefix
        QVERIFY(!registry.findByToken(QString()).has_value());
    }

    void persistsAcrossAReload()
    {
        QTemporaryDir dir;
        QDateTime now(QDate(2026, 3, 1), QTime(9, 30), Qt::UTC);
        QString token;
        QString id;
        {
            DeviceRegistry registry(dir.path());
            registry.setClock([&now] { return now; });
            id = registry.add(QStringLiteral("Kitchen tablet"), &token).id;
            now = now.addSecs(3600);
            QVERIFY(registry.deviceForToken(token).has_value()); // seen an hour later; saved on the way out
        }
        DeviceRegistry reloaded(dir.path());
        QSignalSpy changed(&reloaded, &DeviceRegistry::devicesChanged);
        QString error;
        QVERIFY2(reloaded.load(&error), qPrintable(error));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(reloaded.devices().size(), 1);
        const PairedDevice device = reloaded.devices().first();
        QCOMPARE(device.id, id);
        QCOMPARE(device.name, QStringLiteral("Kitchen tablet"));
        QCOMPARE(device.pairedAt, QDateTime(QDate(2026, 3, 1), QTime(9, 30), Qt::UTC));
        QCOMPARE(device.lastSeen, now);
        QCOMPARE(reloaded.findByToken(token), std::optional<QString>(id));
    }

    void revokeForgetsTheTokenAndSaysSo()
    {
        QTemporaryDir dir;
        DeviceRegistry registry(dir.path());
        QString token;
        const QString id = registry.add(QStringLiteral("Phone"), &token).id;
        QSignalSpy revoked(&registry, &DeviceRegistry::deviceRevoked);
        QSignalSpy changed(&registry, &DeviceRegistry::devicesChanged);
        QVERIFY(registry.revoke(id));
        QCOMPARE(revoked.size(), 1);
        QCOMPARE(revoked.first().first().toString(), id);
        QCOMPARE(changed.size(), 1);
        QVERIFY(!registry.findByToken(token).has_value());
        QVERIFY(!registry.revoke(id));
        DeviceRegistry reloaded(dir.path());
        QString error;
        QVERIFY(reloaded.load(&error));
        QVERIFY(reloaded.devices().isEmpty());
    }

    void aCorruptFileIsAnErrorNotAnEmptyList()
    {
        QTemporaryDir dir;
        QFile file(dir.filePath(QStringLiteral("devices.json")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{ not json");
        file.close();
        DeviceRegistry registry(dir.path());
        QString error;
        QVERIFY(!registry.load(&error));
        QVERIFY(error.contains(QStringLiteral("devices.json")));
    }

    void namesAreCleaned()
    {
        QCOMPARE(DeviceRegistry::cleanName(QStringLiteral("  Ana\u0007's\n phone ")), QStringLiteral("Ana's phone"));
        QCOMPARE(DeviceRegistry::cleanName(QString()), QStringLiteral("Phone"));
        QCOMPARE(DeviceRegistry::cleanName(QString(500, QLatin1Char('x'))).size(), DeviceRegistry::kMaxNameLength);
    }

    void theRegistryHasABound()
    {
        DeviceRegistry registry;
        QString token;
        for (int i = 0; i < DeviceRegistry::kMaxDevices; ++i)
            QVERIFY(!registry.add(QStringLiteral("d"), &token).id.isEmpty());
        QVERIFY(registry.add(QStringLiteral("one too many"), &token).id.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestDeviceRegistry)
#include "tst_deviceregistry.moc"

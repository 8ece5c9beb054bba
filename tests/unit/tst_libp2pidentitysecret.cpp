// The libp2p identity through the secret store: the same PeerId across restarts, the key file of
// earlier versions used as it is, taken over by a keychain, and a damaged key never replaced.
#include "libp2p/crypto/identitykeyfile.h"
#include "secrets/filesecretstore.h"
#include "secrets/libp2pidentitysecret.h"

#include <QFile>
#include <QHash>
#include <QTemporaryDir>
#include <QTest>

namespace {
// Stands in for the keychain: what matters is that it is not the file backend.
class MemoryStore : public SecretStore
{
public:
    std::optional<QByteArray> read(const QString &name) override
    {
        return m_values.contains(name) ? std::optional<QByteArray>(m_values.value(name)) : std::nullopt;
    }
    bool write(const QString &name, const QByteArray &value, QString *) override
    {
        m_values.insert(name, value);
        return true;
    }
    bool remove(const QString &name, QString *) override
    {
        m_values.remove(name);
        return true;
    }
    QString backendName() const override { return QStringLiteral("keychain"); }
    QHash<QString, QByteArray> m_values;
};
} // namespace

class TestLibp2pIdentitySecret : public QObject
{
    Q_OBJECT

private slots:
    void samePeerIdAcrossRestarts()
    {
        QTemporaryDir dir;
        FileSecretStore store(dir.path());
        QString error;
        const auto first = Libp2pIdentitySecret::loadOrCreate(&store, dir.path(), &error);
        QVERIFY2(first, qPrintable(error));
        QVERIFY(first->created);
        QVERIFY(QFile::exists(dir.filePath(QStringLiteral("libp2p-identity.key"))));
        const auto second = Libp2pIdentitySecret::loadOrCreate(&store, dir.path(), &error);
        QVERIFY(second);
        QVERIFY(!second->created);
        QCOMPARE(second->key.peerId().toString(), first->key.peerId().toString());
    }

    void readsTheKeyFileOfEarlierVersions()
    {
        QTemporaryDir dir;
        QString error;
        const auto old = Libp2p::IdentityKeyFile::loadOrCreate(dir.path(), &error);
        QVERIFY(old);
        FileSecretStore store(dir.path());
        const auto loaded = Libp2pIdentitySecret::loadOrCreate(&store, dir.path(), &error);
        QVERIFY(loaded);
        QCOMPARE(loaded->key.peerId().toString(), old->key.peerId().toString());
    }

    void aKeychainTakesOverTheKeyFile()
    {
        QTemporaryDir dir;
        QString error;
        const auto old = Libp2p::IdentityKeyFile::loadOrCreate(dir.path(), &error);
        QVERIFY(old);
        MemoryStore keychain;
        const auto loaded = Libp2pIdentitySecret::loadOrCreate(&keychain, dir.path(), &error);
        QVERIFY(loaded);
        QCOMPARE(loaded->key.peerId().toString(), old->key.peerId().toString());
        QVERIFY(keychain.m_values.contains(QStringLiteral("libp2p-identity.key")));
        // Next start: from the keychain, the same identity.
        QVERIFY(QFile::remove(dir.filePath(QStringLiteral("libp2p-identity.key"))));
        const auto again = Libp2pIdentitySecret::loadOrCreate(&keychain, dir.path(), &error);
        QVERIFY(again);
        QCOMPARE(again->key.peerId().toString(), old->key.peerId().toString());
    }

    void aDamagedKeyIsAnErrorAndStaysAsItIs()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("libp2p-identity.key"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("not a key");
        file.close();
        FileSecretStore store(dir.path());
        QString error;
        QVERIFY(!Libp2pIdentitySecret::loadOrCreate(&store, dir.path(), &error));
        QVERIFY2(error.contains(QStringLiteral("not a usable libp2p key")), qPrintable(error));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("not a key"));
    }
};

QTEST_GUILESS_MAIN(TestLibp2pIdentitySecret)
#include "tst_libp2pidentitysecret.moc"

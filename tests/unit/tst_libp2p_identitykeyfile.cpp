// Unit tests for Libp2p::IdentityKeyFile: the relay's PeerId survives restarts.
#include "libp2p/crypto/identitykeyfile.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/stat.h>

using namespace Libp2p;

class TestLibp2pIdentityKeyFile : public QObject
{
    Q_OBJECT

    static mode_t modeOf(const QString &path)
    {
        struct stat info {};
        if (::stat(QFile::encodeName(path).constData(), &info) != 0)
            return 0;
        return info.st_mode & 07777;
    }

private slots:
    void createdOnceOwnerOnlyThenLoadedWithTheSamePeerId()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString data = dir.filePath(QStringLiteral("nested/data"));
        QString error;
        const auto first = IdentityKeyFile::loadOrCreate(data, &error);
        QVERIFY2(first, qPrintable(error));
        QVERIFY(first->created);
        QVERIFY(!first->key.isNull());
        QCOMPARE(first->path, data + QStringLiteral("/libp2p-identity.key"));
        QCOMPARE(modeOf(first->path), mode_t(0600));

        const auto second = IdentityKeyFile::loadOrCreate(data, &error);
        QVERIFY2(second, qPrintable(error));
        QVERIFY(!second->created);
        QCOMPARE(second->key.peerId(), first->key.peerId());
        QCOMPARE(second->key.seed(), first->key.seed());
        // Nothing else was left behind (no temporary files).
        QCOMPARE(QDir(data).entryList(QDir::Files), QStringList{QStringLiteral("libp2p-identity.key")});
    }

    void fileHoldsTheLibp2pPrivateKeyProtobuf()
    {
        QTemporaryDir dir;
        const auto loaded = IdentityKeyFile::loadOrCreate(dir.path(), nullptr);
        QVERIFY(loaded);
        QFile file(loaded->path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QCOMPARE(bytes.size(), 68); // 08 01 12 40 + seed + public key
        QCOMPARE(bytes.left(4), QByteArray::fromHex("08011240"));
        QCOMPARE(bytes, loaded->key.toPrivateKeyProtobuf());
    }

    void anExistingKeyFromElsewhereIsUsed()
    {
        QTemporaryDir dir;
        const auto seeded = IdentityKey::fromSeed(QByteArray(32, '\x01'));
        QFile file(dir.filePath(QStringLiteral("custom.key")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(seeded->toPrivateKeyProtobuf());
        file.close();
        QString error;
        const auto loaded = IdentityKeyFile::loadOrCreate(dir.path(), &error, QStringLiteral("custom.key"));
        QVERIFY2(loaded, qPrintable(error));
        QVERIFY(!loaded->created);
        QCOMPARE(loaded->key.peerId().toString(), QStringLiteral("12D3KooWK99VoVxNE7XzyBwXEzW7xhK7Gpv85r9F3V3fyKSUKPH5"));
    }

    void aDamagedFileIsAnErrorAndIsNotReplaced()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("libp2p-identity.key"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("garbage");
        file.close();
        QString error;
        QVERIFY(!IdentityKeyFile::loadOrCreate(dir.path(), &error));
        QVERIFY(error.contains(path));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("garbage"));
    }

    void aDirectoryThatCannotExistIsAnError()
    {
        // Below a regular file no directory can be made, whoever runs the test (root included).
        QTemporaryDir dir;
        QFile blocker(dir.filePath(QStringLiteral("file")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        QString error;
        QVERIFY(!IdentityKeyFile::loadOrCreate(dir.filePath(QStringLiteral("file/data")), &error));
        QVERIFY(error.contains(QLatin1String("cannot create")));
    }
};

QTEST_APPLESS_MAIN(TestLibp2pIdentityKeyFile)
#include "tst_libp2p_identitykeyfile.moc"

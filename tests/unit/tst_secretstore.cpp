// The secret store: 0600 files that survive a restart, and the keychain probe that falls back to
// them, within its timeout, when the D-Bus session bus is silent (a NAS, a server, a container).
#include "secrets/dbussessionprobe.h"
#include "secrets/filesecretstore.h"
#include "secrets/secretstorefactory.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QFile>
#include <QLocalServer>
#include <QLocalSocket>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

namespace {
mode_t modeOf(const QString &path)
{
    struct stat st {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return 0;
    return st.st_mode & 0777;
}
} // namespace

class TestSecretStore : public QObject
{
    Q_OBJECT

private slots:
    void fileStoreWritesOwnerOnlyFiles()
    {
        QTemporaryDir dir;
        FileSecretStore store(dir.path());
        QString error;
        QVERIFY(!store.read(QStringLiteral("admin-token")).has_value());
        QVERIFY2(store.write(QStringLiteral("admin-token"), QByteArray("s3cret\0bytes", 12), &error), qPrintable(error));
        QCOMPARE(modeOf(dir.filePath(QStringLiteral("admin-token"))), mode_t(0600));
        QCOMPARE(store.read(QStringLiteral("admin-token")), std::optional<QByteArray>(QByteArray("s3cret\0bytes", 12)));
        // Replacing keeps the mode (a new file renamed over the old one).
        QVERIFY(store.write(QStringLiteral("admin-token"), "other", &error));
        QCOMPARE(modeOf(dir.filePath(QStringLiteral("admin-token"))), mode_t(0600));
        QCOMPARE(*store.read(QStringLiteral("admin-token")), QByteArray("other"));
        QVERIFY(store.remove(QStringLiteral("admin-token"), &error));
        QVERIFY(!store.read(QStringLiteral("admin-token")).has_value());
        QVERIFY(store.remove(QStringLiteral("admin-token"), &error)); // already gone is fine
    }

    void fileStoreRefusesNamesThatLeaveTheDirectory()
    {
        QTemporaryDir dir;
        FileSecretStore store(dir.path());
        QString error;
        QVERIFY(!store.write(QStringLiteral("../escape"), "x", &error));
        QVERIFY(!store.write(QStringLiteral(".hidden"), "x", &error));
        QVERIFY(!store.write(QString(), "x", &error));
        QVERIFY(!store.read(QStringLiteral("../etc/passwd")).has_value());
    }

    void readOrCreateKeepsTheFirstSecret()
    {
        QTemporaryDir dir;
        QString error;
        FileSecretStore store(dir.path());
        const QByteArray first = store.readOrCreate(QStringLiteral("jwt-secret"), 32, &error);
        QCOMPARE(first.size(), 64); // 32 bytes, hex
        QCOMPARE(FileSecretStore(dir.path()).readOrCreate(QStringLiteral("jwt-secret"), 32, &error), first);
        // The files earlier versions wrote end with a newline: the same secret.
        QVERIFY(store.write(QStringLiteral("old"), QByteArray(64, 'a') + '\n', &error));
        QCOMPARE(store.readOrCreate(QStringLiteral("old"), 32, &error), QByteArray(64, 'a'));
        // Something too short to be a secret is an error, not silently replaced.
        QVERIFY(store.write(QStringLiteral("short"), "abc", &error));
        QVERIFY(store.readOrCreate(QStringLiteral("short"), 32, &error).isEmpty());
        QVERIFY(error.contains(QStringLiteral("short")));
    }

    void aSecretThatCannotBeReadIsNotReplaced()
    {
        // Something in the way where the secret should be (here a directory): an error, and
        // nothing new written over it.
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("jwt-secret")));
        FileSecretStore store(dir.path());
        QVERIFY(!store.read(QStringLiteral("jwt-secret")).has_value());
        QVERIFY(!store.lastReadError().isEmpty());
        QString error;
        QVERIFY(store.readOrCreate(QStringLiteral("jwt-secret"), 32, &error).isEmpty());
        QVERIFY2(error.contains(QStringLiteral("jwt-secret")), qPrintable(error));
        QVERIFY(QFileInfo(dir.filePath(QStringLiteral("jwt-secret"))).isDir());
        // Absent is no error.
        QVERIFY(!store.read(QStringLiteral("other")).has_value());
        QVERIFY(store.lastReadError().isEmpty());
    }

    void fileModeDoesNotProbe()
    {
        QTemporaryDir dir;
        QElapsedTimer clock;
        clock.start();
        const auto opened = SecretStoreFactory::open(QStringLiteral("file"), dir.path(), QStringLiteral("test"), 60000);
        QVERIFY(opened.store);
        QCOMPARE(opened.store->backendName(), QStringLiteral("file"));
        QVERIFY(clock.elapsed() < 1000);
    }

    void keychainProbeFallsBackWhenTheBusIsSilent()
    {
        // A session bus that accepts connections and never says a word: the worst case, where an
        // unguarded keychain call waits for minutes.
        QTemporaryDir dir;
        QLocalServer silentBus;
        QList<QLocalSocket *> held;
        connect(&silentBus, &QLocalServer::newConnection, this, [&] {
            while (QLocalSocket *s = silentBus.nextPendingConnection())
                held << s;
        });
        QVERIFY(silentBus.listen(dir.filePath(QStringLiteral("bus"))));
        qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=" + QFile::encodeName(dir.filePath(QStringLiteral("bus"))));

        QElapsedTimer clock;
        clock.start();
        const auto opened = SecretStoreFactory::open(QStringLiteral("auto"), dir.path(), QStringLiteral("switchboard-test"), 1500);
        const qint64 took = clock.elapsed();
        QVERIFY(opened.store);
        QCOMPARE(opened.store->backendName(), QStringLiteral("file"));
        QVERIFY2(opened.note.contains(QStringLiteral("no system keychain")), qPrintable(opened.note));
        QVERIFY2(took < 5000, qPrintable(QStringLiteral("the probe took %1 ms").arg(took)));

        // Insisting on the keychain fails instead of falling back quietly.
        const auto insisted = SecretStoreFactory::open(QStringLiteral("keychain"), dir.path(), QStringLiteral("switchboard-test"), 500);
        QVERIFY(!insisted.store);
        QVERIFY(insisted.note.contains(QStringLiteral("no keychain answers")));
    }

    // After the silent bus (QtDBus connects once per process): a live bus with no Secret Service
    // on it, as on a desktop-less server with a user session.
    void keychainProbeFallsBackWhenTheBusHasNoKeychain()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("dbus-daemon")).isEmpty())
            QSKIP("no dbus-daemon here");
        QTemporaryDir dir;
        QProcess bus;
        bus.start(QStringLiteral("dbus-daemon"), {QStringLiteral("--session"), QStringLiteral("--nofork"),
                                                  QStringLiteral("--print-address=1")});
        QVERIFY(bus.waitForStarted());
        QByteArray address;
        QDeadlineTimer deadline(10000);
        while (!address.contains('\n') && !deadline.hasExpired()) {
            bus.waitForReadyRead(100);
            address += bus.readAllStandardOutput();
        }
        QVERIFY2(address.startsWith("unix:"), address.constData());
        qputenv("DBUS_SESSION_BUS_ADDRESS", address.trimmed());

        QString why;
        QCOMPARE(DBusSessionProbe::check(2000, &why), DBusSessionProbe::Result::Answers);
        QElapsedTimer clock;
        clock.start();
        const auto opened = SecretStoreFactory::open(QStringLiteral("auto"), dir.path(), QStringLiteral("switchboard-test"), 2000);
        QVERIFY(opened.store);
        QCOMPARE(opened.store->backendName(), QStringLiteral("file"));
        QVERIFY2(clock.elapsed() < 5000, qPrintable(opened.note));
        bus.kill();
        bus.waitForFinished();
    }
};

QTEST_GUILESS_MAIN(TestSecretStore)
#include "tst_secretstore.moc"

#include "secretstorefactory.h"

#include "filesecretstore.h"
#include "keychainsecretstore.h"

#include <QDir>

namespace SecretStoreFactory {

QString keychainServiceFor(const QString &dataDir)
{
    return QStringLiteral("switchboard:") + QDir(dataDir).absolutePath();
}

Opened open(const QString &mode, const QString &dataDir, const QString &keychainService, int probeTimeoutMs)
{
    Opened opened;
    if (mode == QLatin1String("file")) {
        opened.store = std::make_unique<FileSecretStore>(dataDir);
        opened.note = QStringLiteral("secrets are kept in 0600 files in %1 (--secret-store file)").arg(dataDir);
        return opened;
    }
    auto keychain = std::make_unique<KeychainSecretStore>(keychainService);
    QString why;
    if (keychain->probe(probeTimeoutMs, &why)) {
        opened.store = std::move(keychain);
        opened.note = QStringLiteral("secrets are kept in the system keychain");
        return opened;
    }
    if (mode == QLatin1String("keychain")) {
        opened.note = QStringLiteral("secret-store: no keychain answers (%1)").arg(why);
        return opened;
    }
    opened.store = std::make_unique<FileSecretStore>(dataDir);
    opened.note = QStringLiteral("no system keychain (%1); secrets are kept in 0600 files in %2").arg(why, dataDir);
    return opened;
}

} // namespace SecretStoreFactory

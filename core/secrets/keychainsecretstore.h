#pragma once
// Secrets in the desktop's keychain (Secret Service, KWallet, macOS Keychain, Windows Credential
// Store) through QtKeychain. Its jobs are asynchronous; each call here waits for its job with a
// local event loop and gives up after a timeout, because on a box without a keychain daemon a job
// can hang for minutes (D-Bus activation that never comes).
#include "secretstore.h"

class KeychainSecretStore : public SecretStore
{
public:
    // `service` groups the entries in the keychain (e.g. "switchboard-server").
    explicit KeychainSecretStore(QString service, int timeoutMs = 5000);

    std::optional<QByteArray> read(const QString &name) override;
    bool write(const QString &name, const QByteArray &value, QString *error) override;
    bool remove(const QString &name, QString *error) override;
    QString backendName() const override { return QStringLiteral("keychain"); }

    // Whether a keychain answers within `timeoutMs`: a read of an entry that may not exist either
    // finds it or reports "not found"; no backend, an error or silence means no. `why` says which.
    bool probe(int timeoutMs, QString *why);

private:
    QString m_service;
    int m_timeoutMs;
};

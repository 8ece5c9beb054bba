#pragma once
// Secrets as files in the data directory, each created with mode 0600 (owner only from the first
// byte) and replaced atomically. The fallback where no keychain answers (a NAS, a server without
// a desktop session), and what `switchboard-server pair` reads the admin token from.
#include "secretstore.h"

class FileSecretStore : public SecretStore
{
public:
    explicit FileSecretStore(QString directory) : m_directory(std::move(directory)) {}

    std::optional<QByteArray> read(const QString &name) override;
    bool write(const QString &name, const QByteArray &value, QString *error) override;
    bool remove(const QString &name, QString *error) override;
    QString backendName() const override { return QStringLiteral("file"); }

    // The file a secret lives in; empty for a name that is not a plain file name.
    QString pathFor(const QString &name) const;

private:
    QString m_directory;
};

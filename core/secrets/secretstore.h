#pragma once
// Where the relay keeps its secrets (the JWT secret, the admin token, the libp2p identity key):
// the desktop's keychain when one answers, else 0600 files in the data directory.
#include <QByteArray>
#include <QString>
#include <optional>

class SecretStore
{
public:
    virtual ~SecretStore() = default;
    // The secret, or empty when there is none under that name or it cannot be read; then
    // lastReadError() tells the two apart (empty: there is none).
    virtual std::optional<QByteArray> read(const QString &name) = 0;
    virtual bool write(const QString &name, const QByteArray &value, QString *error) = 0;
    virtual bool remove(const QString &name, QString *error) = 0;
    // "keychain" or "file", for logs and the UI.
    virtual QString backendName() const = 0;

    // Why the last read() returned nothing although the secret may exist (a locked keychain,
    // an unreadable file), or empty when it simply is not there. A secret that exists but cannot
    // be read must never be replaced by a new one: tokens and the PeerId would change.
    QString lastReadError() const { return m_lastReadError; }

    // Reads `name`, or makes `bytes` random bytes (hex-encoded), stores and returns them.
    // Empty (and `error` set) when neither works.
    QByteArray readOrCreate(const QString &name, int bytes, QString *error);

protected:
    QString m_lastReadError;
};

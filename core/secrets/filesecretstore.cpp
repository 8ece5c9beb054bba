#include "filesecretstore.h"

#include "auth/secretfile.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>

QString FileSecretStore::pathFor(const QString &name) const
{
    // Names are ours ("jwt-secret", "admin-token"), but a name never walks out of the directory.
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$"));
    if (!plain.match(name).hasMatch())
        return {};
    return QDir(m_directory).filePath(name);
}

std::optional<QByteArray> FileSecretStore::read(const QString &name)
{
    m_lastReadError.clear();
    QFile file(pathFor(name));
    if (file.fileName().isEmpty() || !file.exists())
        return std::nullopt;
    if (!file.open(QIODevice::ReadOnly)) {
        m_lastReadError = QStringLiteral("cannot read %1: %2").arg(file.fileName(), file.errorString());
        return std::nullopt;
    }
    return file.readAll();
}

bool FileSecretStore::write(const QString &name, const QByteArray &value, QString *error)
{
    const QString path = pathFor(name);
    if (path.isEmpty()) {
        *error = QStringLiteral("\"%1\" is not a secret name").arg(name);
        return false;
    }
    return SecretFile::writePrivate(path, value, error);
}

bool FileSecretStore::remove(const QString &name, QString *error)
{
    const QString path = pathFor(name);
    if (path.isEmpty() || !QFile::exists(path))
        return true;
    if (QFile::remove(path))
        return true;
    *error = QStringLiteral("cannot remove %1").arg(path);
    return false;
}

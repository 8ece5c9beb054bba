#include "secretstore.h"

#include <QRandomGenerator>

QByteArray SecretStore::readOrCreate(const QString &name, int bytes, QString *error)
{
    if (const auto existing = read(name)) {
        // Hex text secrets; the 0600 files of earlier versions end with a newline.
        const QByteArray secret = existing->trimmed();
        if (secret.size() >= 32)
            return secret;
        *error = QStringLiteral("the stored %1 is too short to be a secret; remove it to have a new one made").arg(name);
        return {};
    }
    if (!lastReadError().isEmpty()) {
        *error = lastReadError();
        return {};
    }
    QByteArray random(bytes, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(random.data()), bytes / 4);
    const QByteArray secret = random.toHex();
    if (!write(name, secret, error))
        return {};
    return secret;
}

#include "secretfile.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace SecretFile {

QByteArray loadOrCreate(const QString &directory, const QString &name, int bytes, QString *error)
{
    const QString path = QDir(directory).filePath(name);
    QFile existing(path);
    if (existing.exists()) {
        if (!existing.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("cannot read %1: %2").arg(path, existing.errorString());
            return {};
        }
        const QByteArray secret = existing.readAll().trimmed();
        if (secret.size() >= 32)
            return secret;
        *error = QStringLiteral("%1 is too short to be a secret; delete it to have a new one made").arg(path);
        return {};
    }
    QByteArray random(bytes, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(random.data()), bytes / 4);
    const QByteArray secret = random.toHex();
    // Owner-only from the first byte: created with mode 0600, never readable by others even briefly.
    const QByteArray nativePath = QFile::encodeName(path);
    const int fd = ::open(nativePath.constData(), O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0) {
        *error = QStringLiteral("cannot create %1: %2").arg(path, QString::fromLocal8Bit(std::strerror(errno)));
        return {};
    }
    const QByteArray line = secret + '\n';
    const bool written = ::write(fd, line.constData(), size_t(line.size())) == line.size();
    ::close(fd);
    if (!written) {
        QFile::remove(path);
        *error = QStringLiteral("cannot write %1").arg(path);
        return {};
    }
    return secret;
}

bool writePrivate(const QString &path, const QByteArray &value, QString *error)
{
    const QByteArray target = QFile::encodeName(path);
    QByteArray temporary = target + ".XXXXXX";
    const int fd = ::mkstemp(temporary.data()); // mode 0600 by definition
    if (fd < 0) {
        *error = QStringLiteral("cannot create a file beside %1: %2").arg(path, QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    qint64 written = 0;
    while (written < value.size()) {
        const ssize_t n = ::write(fd, value.constData() + written, size_t(value.size() - written));
        if (n <= 0)
            break;
        written += n;
    }
    const bool ok = written == value.size() && ::fsync(fd) == 0;
    ::close(fd);
    if (!ok || ::rename(temporary.constData(), target.constData()) != 0) {
        const QString why = QString::fromLocal8Bit(std::strerror(errno));
        ::unlink(temporary.constData());
        *error = QStringLiteral("cannot write %1: %2").arg(path, why);
        return false;
    }
    return true;
}

} // namespace SecretFile

#include "identitykeyfile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace Libp2p::IdentityKeyFile {

namespace {

// A PrivateKey protobuf for Ed25519 is 68 bytes (or 100 in the older form); anything much larger
// is not a key file.
constexpr qint64 MaxFileBytes = 4096;

QString systemError() { return QString::fromLocal8Bit(std::strerror(errno)); }

std::optional<Loaded> load(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    const QByteArray encoded = file.read(MaxFileBytes + 1);
    if (encoded.size() > MaxFileBytes) {
        *error = QStringLiteral("%1 is too large to be a libp2p key").arg(path);
        return std::nullopt;
    }
    QString parseError;
    auto key = IdentityKey::fromPrivateKeyProtobuf(encoded, &parseError);
    if (!key) {
        *error = QStringLiteral("%1 is not a usable libp2p key (%2); move it away to have a new identity made")
                     .arg(path, parseError);
        return std::nullopt;
    }
    return Loaded{*key, false, path};
}

bool writeAll(int fd, const QByteArray &data)
{
    qsizetype done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(fd, data.constData() + done, size_t(data.size() - done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        done += n;
    }
    return true;
}

} // namespace

std::optional<Loaded> loadOrCreate(const QString &directory, QString *error, const QString &fileName)
{
    QString ignored;
    if (!error)
        error = &ignored;
    const QString path = QDir(directory).filePath(fileName);
    if (QFileInfo::exists(path))
        return load(path, error);
    if (!QDir().mkpath(directory)) {
        *error = QStringLiteral("cannot create the directory %1").arg(directory);
        return std::nullopt;
    }

    const IdentityKey key = IdentityKey::generate();
    const QByteArray encoded = key.toPrivateKeyProtobuf();
    if (key.isNull() || encoded.isEmpty()) {
        *error = QStringLiteral("cannot generate an Ed25519 key");
        return std::nullopt;
    }
    // Owner-only from the first byte: the temporary file is created with mode 0600 (O_EXCL, so a
    // planted file or symlink is never written through), filled and synced before it gets its
    // real name. link() refuses to replace an existing file, unlike rename().
    const QString temporary = path + QStringLiteral(".new-%1").arg(::getpid());
    const QByteArray nativeTemporary = QFile::encodeName(temporary);
    const QByteArray nativePath = QFile::encodeName(path);
    // A temporary left by a crash (containers restart with the same pid) would block O_EXCL.
    ::unlink(nativeTemporary.constData());
    const int fd = ::open(nativeTemporary.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        *error = QStringLiteral("cannot create %1: %2").arg(temporary, systemError());
        return std::nullopt;
    }
    const bool written = writeAll(fd, encoded) && ::fsync(fd) == 0;
    const QString writeError = systemError();
    ::close(fd);
    if (!written) {
        ::unlink(nativeTemporary.constData());
        *error = QStringLiteral("cannot write %1: %2").arg(temporary, writeError);
        return std::nullopt;
    }
    int linked = ::link(nativeTemporary.constData(), nativePath.constData());
    if (linked != 0 && (errno == EPERM || errno == EOPNOTSUPP || errno == ENOTSUP)) {
        // Some file systems (FAT, some network shares on a NAS) have no hard links: rename,
        // which cannot refuse to overwrite, after checking once more that nothing is there.
        linked = QFileInfo::exists(path) ? -1 : ::rename(nativeTemporary.constData(), nativePath.constData());
        if (linked != 0 && QFileInfo::exists(path))
            errno = EEXIST;
    }
    const int linkErrno = errno;
    ::unlink(nativeTemporary.constData());
    if (linked != 0) {
        if (linkErrno == EEXIST)
            return load(path, error); // another process made the key first: use theirs
        errno = linkErrno;
        *error = QStringLiteral("cannot create %1: %2").arg(path, systemError());
        return std::nullopt;
    }
    return Loaded{key, true, path};
}

} // namespace Libp2p::IdentityKeyFile

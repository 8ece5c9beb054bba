#include "libp2pidentitysecret.h"

#include "filesecretstore.h"
#include "log/logcategories.h"

namespace Libp2pIdentitySecret {

namespace {

constexpr qsizetype kMaxKeyBytes = 4096;

std::optional<Libp2p::IdentityKey> parse(const QByteArray &encoded, const QString &where, QString *error)
{
    QString why = QStringLiteral("too large");
    std::optional<Libp2p::IdentityKey> key;
    if (encoded.size() <= kMaxKeyBytes)
        key = Libp2p::IdentityKey::fromPrivateKeyProtobuf(encoded, &why);
    if (!key)
        *error = QStringLiteral("%1 is not a usable libp2p key (%2); remove it to have a new identity made").arg(where, why);
    return key;
}

} // namespace

std::optional<Libp2p::IdentityKeyFile::Loaded> loadOrCreate(SecretStore *store, const QString &dataDir, QString *error)
{
    const QString name = QString::fromLatin1(Libp2p::IdentityKeyFile::DefaultFileName);
    FileSecretStore files(dataDir);
    const QString where = store->backendName() == QLatin1String("file") ? files.pathFor(name)
                                                                        : QStringLiteral("keychain entry ") + name;
    if (const auto stored = store->read(name)) {
        const auto key = parse(*stored, where, error);
        if (!key)
            return std::nullopt;
        return Libp2p::IdentityKeyFile::Loaded{*key, false, where};
    }
    if (!store->lastReadError().isEmpty()) {
        *error = store->lastReadError();
        return std::nullopt;
    }
    if (store->backendName() != QLatin1String("file")) {
        if (const auto old = files.read(name)) {
            const auto key = parse(*old, files.pathFor(name), error);
            if (!key)
                return std::nullopt;
            QString writeError;
            if (store->write(name, *old, &writeError))
                qCInfo(lcLibp2p).noquote() << "libp2p identity copied into the keychain; the file" << files.pathFor(name)
                                           << "is no longer needed";
            else
                qCWarning(lcLibp2p).noquote() << writeError << "; the identity stays in" << files.pathFor(name);
            return Libp2p::IdentityKeyFile::Loaded{*key, false, files.pathFor(name)};
        }
        if (!files.lastReadError().isEmpty()) {
            *error = files.lastReadError();
            return std::nullopt;
        }
    }
    const Libp2p::IdentityKey key = Libp2p::IdentityKey::generate();
    const QByteArray encoded = key.toPrivateKeyProtobuf();
    if (key.isNull() || encoded.isEmpty()) {
        *error = QStringLiteral("cannot generate an Ed25519 key");
        return std::nullopt;
    }
    if (!store->write(name, encoded, error))
        return std::nullopt;
    return Libp2p::IdentityKeyFile::Loaded{key, true, where};
}

} // namespace Libp2pIdentitySecret

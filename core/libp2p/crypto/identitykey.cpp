#include "identitykey.h"

#include "libp2p/proto/keys.pb.h"
#include "opensslhandles.h"

namespace Libp2p {

namespace {

void setError(QString *error, const QString &text)
{
    if (error)
        *error = text;
}

} // namespace

IdentityKey IdentityKey::fromPkey(EVP_PKEY *key)
{
    IdentityKey identity;
    if (!key)
        return identity;
    std::shared_ptr<EVP_PKEY> owned(key, EVP_PKEY_free);
    QByteArray raw(PublicKey::Ed25519Bytes, Qt::Uninitialized);
    size_t length = size_t(raw.size());
    if (EVP_PKEY_get_raw_public_key(key, OpenSsl::bytes(raw.data()), &length) != 1
        || length != size_t(PublicKey::Ed25519Bytes))
        return identity;
    identity.m_key = std::move(owned);
    identity.m_publicKey = PublicKey::ed25519(raw);
    identity.m_peerId = PeerId::fromPublicKey(identity.m_publicKey);
    return identity;
}

IdentityKey IdentityKey::generate()
{
    return fromPkey(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
}

std::optional<IdentityKey> IdentityKey::fromSeed(QByteArrayView seed)
{
    if (seed.size() != SeedBytes)
        return std::nullopt;
    IdentityKey identity = fromPkey(
        EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, OpenSsl::bytes(seed.data()), size_t(seed.size())));
    if (identity.isNull())
        return std::nullopt;
    return identity;
}

std::optional<IdentityKey> IdentityKey::fromPrivateKeyProtobuf(QByteArrayView encoded, QString *error)
{
    Proto::PrivateKey message;
    if (encoded.size() > 1024 || !message.ParsePartialFromArray(encoded.data(), int(encoded.size()))
        || !message.IsInitialized()) {
        setError(error, QStringLiteral("malformed private key"));
        return std::nullopt;
    }
    if (message.type() != Proto::Ed25519) {
        setError(error, QStringLiteral("only Ed25519 identity keys are supported"));
        return std::nullopt;
    }
    const QByteArray data = QByteArray::fromStdString(message.data());
    if (data.size() != SeedBytes + PublicKey::Ed25519Bytes && data.size() != SeedBytes + 2 * PublicKey::Ed25519Bytes) {
        setError(error, QStringLiteral("Ed25519 private key of %1 bytes").arg(data.size()));
        return std::nullopt;
    }
    const QByteArray storedPublic = data.mid(SeedBytes, PublicKey::Ed25519Bytes);
    if (data.size() == SeedBytes + 2 * PublicKey::Ed25519Bytes && data.mid(SeedBytes + PublicKey::Ed25519Bytes) != storedPublic) {
        setError(error, QStringLiteral("the two public key copies in the private key differ"));
        return std::nullopt;
    }
    auto identity = fromSeed(QByteArrayView(data).first(SeedBytes));
    if (!identity) {
        setError(error, QStringLiteral("unusable Ed25519 seed"));
        return std::nullopt;
    }
    if (identity->publicKey().data() != storedPublic) {
        setError(error, QStringLiteral("the stored public key does not belong to the private key"));
        return std::nullopt;
    }
    return identity;
}

QByteArray IdentityKey::seed() const
{
    if (!m_key)
        return {};
    QByteArray raw(SeedBytes, Qt::Uninitialized);
    size_t length = size_t(raw.size());
    if (EVP_PKEY_get_raw_private_key(m_key.get(), OpenSsl::bytes(raw.data()), &length) != 1 || length != size_t(SeedBytes))
        return {};
    return raw;
}

QByteArray IdentityKey::toPrivateKeyProtobuf() const
{
    if (!m_key)
        return {};
    Proto::PrivateKey message;
    message.set_type(Proto::Ed25519);
    const QByteArray data = seed() + m_publicKey.data();
    message.set_data(data.constData(), size_t(data.size()));
    return QByteArray::fromStdString(message.SerializeAsString());
}

QByteArray IdentityKey::sign(QByteArrayView message) const
{
    if (!m_key)
        return {};
    OpenSsl::MdCtx ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, m_key.get()) != 1)
        return {};
    QByteArray signature(PublicKey::Ed25519SignatureBytes, Qt::Uninitialized);
    size_t length = size_t(signature.size());
    if (EVP_DigestSign(ctx.get(), OpenSsl::bytes(signature.data()), &length, OpenSsl::bytes(message.data()),
                       size_t(message.size()))
            != 1
        || length != size_t(PublicKey::Ed25519SignatureBytes))
        return {};
    return signature;
}

} // namespace Libp2p

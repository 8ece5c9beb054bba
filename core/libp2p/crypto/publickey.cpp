#include "publickey.h"

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

PublicKey PublicKey::ed25519(QByteArrayView raw)
{
    if (raw.size() != Ed25519Bytes)
        return {};
    return PublicKey(KeyType::Ed25519, raw.toByteArray());
}

std::optional<PublicKey> PublicKey::fromProtobuf(QByteArrayView encoded, QString *error)
{
    if (encoded.size() > MaxProtobufBytes) {
        setError(error, QStringLiteral("public key of %1 bytes is too large").arg(encoded.size()));
        return std::nullopt;
    }
    Proto::PublicKey message;
    // proto2 `required` fields: IsInitialized() is false when Type or Data is missing (checked
    // by hand because the plain parse logs every failure to stderr, and these come from peers).
    if (!message.ParsePartialFromArray(encoded.data(), int(encoded.size())) || !message.IsInitialized()) {
        setError(error, QStringLiteral("malformed public key"));
        return std::nullopt;
    }
    const QByteArray data = QByteArray::fromStdString(message.data());
    switch (message.type()) {
    case Proto::Ed25519:
        if (data.size() != Ed25519Bytes) {
            setError(error, QStringLiteral("Ed25519 public key of %1 bytes").arg(data.size()));
            return std::nullopt;
        }
        return PublicKey(KeyType::Ed25519, data);
    case Proto::RSA:
    case Proto::Secp256k1:
    case Proto::ECDSA:
        if (data.isEmpty()) {
            setError(error, QStringLiteral("empty public key"));
            return std::nullopt;
        }
        return PublicKey(KeyType(message.type()), data);
    }
    // proto2 enums: an unknown value leaves the required field unset, which IsInitialized()
    // refused above, so this is not reached; kept for compilers that want every path to return.
    setError(error, QStringLiteral("unknown key type"));
    return std::nullopt;
}

QByteArray PublicKey::toProtobuf() const
{
    Proto::PublicKey message;
    message.set_type(Proto::KeyType(int(m_type)));
    message.set_data(m_data.constData(), size_t(m_data.size()));
    return QByteArray::fromStdString(message.SerializeAsString());
}

bool PublicKey::verify(QByteArrayView message, QByteArrayView signature) const
{
    if (m_type != KeyType::Ed25519 || m_data.size() != Ed25519Bytes || signature.size() != Ed25519SignatureBytes)
        return false;
    OpenSsl::Pkey key(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, OpenSsl::bytes(m_data.constData()),
                                                  size_t(m_data.size())));
    if (!key)
        return false;
    OpenSsl::MdCtx ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1)
        return false;
    // Ed25519 signs the whole message in one go (no separate digest step).
    return EVP_DigestVerify(ctx.get(), OpenSsl::bytes(signature.data()), size_t(signature.size()),
                            OpenSsl::bytes(message.data()), size_t(message.size()))
           == 1;
}

} // namespace Libp2p

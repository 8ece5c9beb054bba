#include "x25519keypair.h"

#include "libp2p/crypto/opensslhandles.h"

namespace Libp2p {

X25519KeyPair X25519KeyPair::fromPkey(EVP_PKEY *key)
{
    X25519KeyPair pair;
    if (!key)
        return pair;
    std::shared_ptr<EVP_PKEY> owned(key, EVP_PKEY_free);
    QByteArray raw(KeyBytes, Qt::Uninitialized);
    size_t length = size_t(raw.size());
    if (EVP_PKEY_get_raw_public_key(key, OpenSsl::bytes(raw.data()), &length) != 1 || length != size_t(KeyBytes))
        return pair;
    pair.m_key = std::move(owned);
    pair.m_publicKey = raw;
    return pair;
}

X25519KeyPair X25519KeyPair::generate()
{
    return fromPkey(EVP_PKEY_Q_keygen(nullptr, nullptr, "X25519"));
}

std::optional<X25519KeyPair> X25519KeyPair::fromPrivateKey(QByteArrayView privateKey)
{
    if (privateKey.size() != KeyBytes)
        return std::nullopt;
    X25519KeyPair pair = fromPkey(EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, nullptr,
                                                               OpenSsl::bytes(privateKey.data()), size_t(KeyBytes)));
    if (pair.isNull())
        return std::nullopt;
    return pair;
}

std::optional<QByteArray> X25519KeyPair::dh(QByteArrayView peerPublicKey) const
{
    if (!m_key || peerPublicKey.size() != KeyBytes)
        return std::nullopt;
    OpenSsl::Pkey peer(EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, nullptr, OpenSsl::bytes(peerPublicKey.data()),
                                                   size_t(KeyBytes)));
    OpenSsl::PkeyCtx ctx(peer ? EVP_PKEY_CTX_new(m_key.get(), nullptr) : nullptr);
    if (!ctx || EVP_PKEY_derive_init(ctx.get()) != 1 || EVP_PKEY_derive_set_peer(ctx.get(), peer.get()) != 1)
        return std::nullopt;
    QByteArray secret(KeyBytes, Qt::Uninitialized);
    size_t length = size_t(secret.size());
    if (EVP_PKEY_derive(ctx.get(), OpenSsl::bytes(secret.data()), &length) != 1 || length != size_t(KeyBytes))
        return std::nullopt;
    return secret;
}

} // namespace Libp2p

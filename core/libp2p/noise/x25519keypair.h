#pragma once
// An X25519 key pair (RFC 7748) through OpenSSL, for Noise's ephemeral and static keys. Noise
// static keys are not the libp2p identity: a fresh one per handshake is allowed by the libp2p
// Noise spec, and is what NoiseHandshake does, so no Noise key is ever stored.
#include <QByteArray>
#include <QByteArrayView>
#include <memory>
#include <optional>

typedef struct evp_pkey_st EVP_PKEY;

namespace Libp2p {

class X25519KeyPair
{
public:
    static constexpr qsizetype KeyBytes = 32;

    X25519KeyPair() = default; // null
    static X25519KeyPair generate();
    // From a 32-byte private key (tests with fixed keys, such as the Noise test vectors).
    static std::optional<X25519KeyPair> fromPrivateKey(QByteArrayView privateKey);

    bool isNull() const { return !m_key; }
    const QByteArray &publicKey() const { return m_publicKey; }
    // The shared secret with `peerPublicKey`; nothing for a malformed key or a low-order point
    // (OpenSSL refuses an all-zero result, which would make the secret predictable).
    std::optional<QByteArray> dh(QByteArrayView peerPublicKey) const;

private:
    static X25519KeyPair fromPkey(EVP_PKEY *key);

    std::shared_ptr<EVP_PKEY> m_key;
    QByteArray m_publicKey;
};

} // namespace Libp2p

#include "noisesymmetricstate.h"

#include "libp2p/crypto/opensslhandles.h"

#include <QCryptographicHash>

#include <openssl/core_names.h>
#include <openssl/params.h>

namespace Libp2p {

NoiseSymmetricState::NoiseSymmetricState(QByteArrayView protocolName)
{
    if (protocolName.size() <= HashBytes) {
        m_h = protocolName.toByteArray();
        m_h.append(QByteArray(HashBytes - protocolName.size(), '\0'));
    } else {
        m_h = QCryptographicHash::hash(protocolName, QCryptographicHash::Sha256);
    }
    m_ck = m_h;
}

std::pair<QByteArray, QByteArray> NoiseSymmetricState::hkdf(QByteArrayView chainingKey, QByteArrayView inputKeyMaterial)
{
    OpenSsl::Kdf kdf(EVP_KDF_fetch(nullptr, "HKDF", nullptr));
    OpenSsl::KdfCtx ctx(kdf ? EVP_KDF_CTX_new(kdf.get()) : nullptr);
    QByteArray output(2 * HashBytes, '\0');
    if (ctx) {
        char digest[] = "SHA256";
        // OpenSSL wants a non-null pointer even for an empty key (Split() mixes in nothing).
        static const char empty = 0;
        const void *key = inputKeyMaterial.isEmpty() ? &empty : inputKeyMaterial.data();
        const OSSL_PARAM params[] = {
            OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0),
            OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, const_cast<void *>(key), size_t(inputKeyMaterial.size())),
            OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, const_cast<char *>(chainingKey.data()),
                                              size_t(chainingKey.size())),
            OSSL_PARAM_construct_end(),
        };
        if (EVP_KDF_derive(ctx.get(), OpenSsl::bytes(output.data()), size_t(output.size()), params) != 1)
            output.clear();
    } else {
        output.clear();
    }
    // A failure here means OpenSSL lacks HKDF or SHA-256: nothing can work, so it is fatal.
    Q_ASSERT_X(!output.isEmpty(), "NoiseSymmetricState::hkdf", "OpenSSL HKDF failed");
    if (output.isEmpty())
        qFatal("OpenSSL HKDF-SHA256 is unavailable");
    return {output.left(HashBytes), output.mid(HashBytes)};
}

void NoiseSymmetricState::mixKey(QByteArrayView inputKeyMaterial)
{
    auto [ck, key] = hkdf(m_ck, inputKeyMaterial);
    m_ck = ck;
    m_cipher.initializeKey(key);
}

void NoiseSymmetricState::mixHash(QByteArrayView data)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(m_h);
    hash.addData(data);
    m_h = hash.result();
}

bool NoiseSymmetricState::encryptAndHash(QByteArrayView plaintext, QByteArray *out)
{
    const qsizetype start = out->size();
    if (!m_cipher.encryptWithAd(m_h, plaintext, out))
        return false;
    mixHash(QByteArrayView(*out).sliced(start));
    return true;
}

bool NoiseSymmetricState::decryptAndHash(QByteArrayView ciphertext, QByteArray *out)
{
    if (!m_cipher.decryptWithAd(m_h, ciphertext, out))
        return false;
    mixHash(ciphertext);
    return true;
}

std::pair<NoiseCipherState, NoiseCipherState> NoiseSymmetricState::split()
{
    auto [first, second] = hkdf(m_ck, {});
    std::pair<NoiseCipherState, NoiseCipherState> states;
    states.first.initializeKey(first);
    states.second.initializeKey(second);
    return states;
}

} // namespace Libp2p

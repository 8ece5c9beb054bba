#include "noisecipherstate.h"

#include "libp2p/crypto/opensslhandles.h"

#include <QtEndian>

namespace Libp2p {

NoiseCipherState::NoiseCipherState() : m_context(nullptr, EVP_CIPHER_CTX_free) {}
NoiseCipherState::~NoiseCipherState()
{
    // The key is secret: do not leave it in freed memory.
    m_key.fill('\0');
}
NoiseCipherState::NoiseCipherState(NoiseCipherState &&other) noexcept = default;
NoiseCipherState &NoiseCipherState::operator=(NoiseCipherState &&other) noexcept = default;

void NoiseCipherState::initializeKey(QByteArrayView key)
{
    Q_ASSERT(key.size() == KeyBytes);
    m_key.fill('\0');
    m_key = key.toByteArray();
    m_nonce = 0;
    m_contextMode = -1;
}

QByteArray NoiseCipherState::nonceBytes(quint64 counter)
{
    QByteArray nonce(NonceBytes, '\0');
    qToLittleEndian<quint64>(counter, nonce.data() + 4);
    return nonce;
}

bool NoiseCipherState::prepare(bool encrypt)
{
    if (!m_context) {
        m_context.reset(EVP_CIPHER_CTX_new());
        if (!m_context)
            return false;
    }
    // Setting cipher and key is the costly part; it is done again only when the direction or
    // the key changes (a handshake's symmetric state does both directions with one key).
    if (m_contextMode != int(encrypt)) {
        if (EVP_CipherInit_ex(m_context.get(), EVP_chacha20_poly1305(), nullptr,
                              OpenSsl::bytes(m_key.constData()), nullptr, encrypt ? 1 : 0)
            != 1)
            return false;
        m_contextMode = int(encrypt);
    }
    const QByteArray nonce = nonceBytes(m_nonce);
    return EVP_CipherInit_ex(m_context.get(), nullptr, nullptr, nullptr, OpenSsl::bytes(nonce.constData()), -1) == 1;
}

bool NoiseCipherState::encryptWithAd(QByteArrayView ad, QByteArrayView plaintext, QByteArray *out)
{
    if (!hasKey()) {
        out->append(plaintext.data(), plaintext.size());
        return true;
    }
    if (m_nonce == ReservedNonce || !prepare(true))
        return false;
    const qsizetype start = out->size();
    out->resize(start + plaintext.size() + TagBytes);
    auto *target = OpenSsl::bytes(out->data() + start);
    int length = 0;
    bool ok = ad.isEmpty()
              || EVP_CipherUpdate(m_context.get(), nullptr, &length, OpenSsl::bytes(ad.data()), int(ad.size())) == 1;
    int written = 0;
    if (ok && !plaintext.isEmpty()) {
        ok = EVP_CipherUpdate(m_context.get(), target, &length, OpenSsl::bytes(plaintext.data()), int(plaintext.size())) == 1;
        written = length;
    }
    ok = ok && EVP_CipherFinal_ex(m_context.get(), target + written, &length) == 1
         && written + length == plaintext.size()
         && EVP_CIPHER_CTX_ctrl(m_context.get(), EVP_CTRL_AEAD_GET_TAG, int(TagBytes), target + plaintext.size()) == 1;
    if (!ok) {
        out->truncate(start);
        m_contextMode = -1;
        return false;
    }
    ++m_nonce;
    return true;
}

bool NoiseCipherState::decryptWithAd(QByteArrayView ad, QByteArrayView ciphertext, QByteArray *out)
{
    if (!hasKey()) {
        out->append(ciphertext.data(), ciphertext.size());
        return true;
    }
    if (ciphertext.size() < TagBytes || m_nonce == ReservedNonce || !prepare(false))
        return false;
    const qsizetype plainSize = ciphertext.size() - TagBytes;
    const qsizetype start = out->size();
    out->resize(start + plainSize);
    auto *target = OpenSsl::bytes(out->data() + start);
    // OpenSSL's ctrl takes a non-const pointer for the tag, though it only reads it.
    QByteArray tag(ciphertext.data() + plainSize, TagBytes);
    int length = 0;
    bool ok = ad.isEmpty()
              || EVP_CipherUpdate(m_context.get(), nullptr, &length, OpenSsl::bytes(ad.data()), int(ad.size())) == 1;
    int written = 0;
    if (ok && plainSize > 0) {
        ok = EVP_CipherUpdate(m_context.get(), target, &length, OpenSsl::bytes(ciphertext.data()), int(plainSize)) == 1;
        written = length;
    }
    ok = ok && EVP_CIPHER_CTX_ctrl(m_context.get(), EVP_CTRL_AEAD_SET_TAG, int(TagBytes), tag.data()) == 1
         && EVP_CipherFinal_ex(m_context.get(), target + written, &length) == 1 && written + length == plainSize;
    if (!ok) {
        // Nothing of an unauthenticated message may be used: drop what was decrypted.
        out->truncate(start);
        m_contextMode = -1;
        return false;
    }
    ++m_nonce;
    return true;
}

} // namespace Libp2p

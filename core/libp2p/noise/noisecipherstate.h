#pragma once
// A Noise CipherState (noiseprotocol.org/noise.html section 5.1) for ChaChaPoly: a 32-byte key
// and a 64-bit message counter. The nonce of ChaCha20-Poly1305 is 4 zero bytes followed by the
// counter in little-endian order; the counter goes up by one per successful message, and the
// last value (2^64 - 1) is never used, so a channel stops rather than repeat a nonce. OpenSSL
// does the AEAD; one EVP context is kept per state, so per-message cost is just the cipher.
#include <QByteArray>
#include <QByteArrayView>
#include <memory>

typedef struct evp_cipher_ctx_st EVP_CIPHER_CTX;

namespace Libp2p {

class NoiseCipherState
{
public:
    static constexpr qsizetype KeyBytes = 32;
    static constexpr qsizetype TagBytes = 16;
    static constexpr qsizetype NonceBytes = 12;
    static constexpr quint64 ReservedNonce = ~quint64(0);

    NoiseCipherState();
    ~NoiseCipherState();
    NoiseCipherState(NoiseCipherState &&other) noexcept;
    NoiseCipherState &operator=(NoiseCipherState &&other) noexcept;
    NoiseCipherState(const NoiseCipherState &) = delete;
    NoiseCipherState &operator=(const NoiseCipherState &) = delete;

    // Sets the key (exactly KeyBytes) and resets the counter to zero.
    void initializeKey(QByteArrayView key);
    bool hasKey() const { return !m_key.isEmpty(); }
    // The counter the next message will use.
    quint64 nonce() const { return m_nonce; }
    // Noise's SetNonce(); used by tests to reach the end of the counter.
    void setNonce(quint64 nonce) { m_nonce = nonce; }
    // The 12-byte ChaCha20-Poly1305 nonce for a counter value.
    static QByteArray nonceBytes(quint64 counter);

    // Appends the ciphertext and tag of `plaintext` to `out` (or the plaintext itself while no key
    // is set, as the Noise spec says). False, with `out` unchanged, when the counter is used up.
    bool encryptWithAd(QByteArrayView ad, QByteArrayView plaintext, QByteArray *out);
    // Appends the plaintext of `ciphertext` (which ends with the tag) to `out`. False, with `out`
    // unchanged and the counter not advanced, when authentication fails or the input is shorter
    // than a tag.
    bool decryptWithAd(QByteArrayView ad, QByteArrayView ciphertext, QByteArray *out);

private:
    bool prepare(bool encrypt);

    QByteArray m_key;
    quint64 m_nonce = 0;
    std::unique_ptr<EVP_CIPHER_CTX, void (*)(EVP_CIPHER_CTX *)> m_context;
    int m_contextMode = -1; // 1 encrypting, 0 decrypting, -1 not set up for the current key
};

} // namespace Libp2p

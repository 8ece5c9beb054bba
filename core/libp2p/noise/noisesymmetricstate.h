#pragma once
// A Noise SymmetricState (noiseprotocol.org/noise.html section 5.2) with SHA-256: the chaining
// key ck, the handshake hash h, and the CipherState that handshake payloads are encrypted with.
#include "noisecipherstate.h"

#include <QByteArray>
#include <QByteArrayView>
#include <utility>

namespace Libp2p {

class NoiseSymmetricState
{
public:
    static constexpr qsizetype HashBytes = 32;

    // InitializeSymmetric(protocolName): a name of at most 32 bytes is zero-padded to become h
    // (Noise_XX_25519_ChaChaPoly_SHA256 is exactly 32, so h starts as the name itself); longer
    // names are hashed. ck starts equal to h.
    explicit NoiseSymmetricState(QByteArrayView protocolName);

    void mixKey(QByteArrayView inputKeyMaterial);
    void mixHash(QByteArrayView data);
    // Encrypts with h as associated data, then hashes the ciphertext into h. False when the
    // cipher fails (nothing appended).
    bool encryptAndHash(QByteArrayView plaintext, QByteArray *out);
    bool decryptAndHash(QByteArrayView ciphertext, QByteArray *out);
    // The two transport CipherStates: first for initiator-to-responder, second for the reverse.
    std::pair<NoiseCipherState, NoiseCipherState> split();

    bool hasKey() const { return m_cipher.hasKey(); }
    const QByteArray &handshakeHash() const { return m_h; }
    const QByteArray &chainingKey() const { return m_ck; }

    // Noise's HKDF with HMAC-SHA256: (output1, output2) from a chaining key and input material.
    // This is RFC 5869 HKDF (salt = chainingKey, empty info) cut into two 32-byte halves.
    static std::pair<QByteArray, QByteArray> hkdf(QByteArrayView chainingKey, QByteArrayView inputKeyMaterial);

private:
    QByteArray m_ck;
    QByteArray m_h;
    NoiseCipherState m_cipher;
};

} // namespace Libp2p

#pragma once
// The Noise XX handshake pattern (noiseprotocol.org/noise.html section 7.5) with 25519,
// ChaChaPoly and SHA256, as plain Noise: arbitrary payloads, any prologue, no framing, no
// sockets. NoiseHandshake puts the libp2p payload on top; the Noise test vectors exercise this
// layer directly.
//
//   XX:  -> e
//        <- e, ee, s, es
//        -> s, se
//
// Each side alternates writeMessage() and readMessage() in the order above (the initiator
// writes first). Any failure is final: hasFailed() stays true and errorText() says why.
#include "noisecipherstate.h"
#include "noisesymmetricstate.h"
#include "x25519keypair.h"

#include <QByteArray>
#include <QString>
#include <optional>

namespace Libp2p {

class NoiseXXHandshake
{
public:
    enum class Role { Initiator, Responder };

    static constexpr char ProtocolName[] = "Noise_XX_25519_ChaChaPoly_SHA256";
    // The largest Noise message (handshake or transport) on any transport.
    static constexpr qsizetype MaxMessageBytes = 65535;

    // `ephemeralKey` is generated when null; fixed ones are for test vectors only.
    NoiseXXHandshake(Role role, X25519KeyPair staticKey, QByteArrayView prologue = {},
                     X25519KeyPair ephemeralKey = {});

    Role role() const { return m_role; }
    bool isComplete() const { return m_step == 3 && !m_failed; }
    bool hasFailed() const { return m_failed; }
    const QString &errorText() const { return m_error; }
    // True when the next step is ours to write (false once complete or failed).
    bool isOurTurnToWrite() const;

    // The next handshake message, carrying `payload` (encrypted from message 2 on).
    std::optional<QByteArray> writeMessage(QByteArrayView payload);
    // Processes the peer's next handshake message; returns its payload.
    std::optional<QByteArray> readMessage(QByteArrayView message);

    const X25519KeyPair &localStaticKey() const { return m_static; }
    // The peer's static public key: known to the initiator after message 2, to the responder
    // after message 3.
    const QByteArray &remoteStaticKey() const { return m_remoteStatic; }
    // h, which binds everything exchanged (channel binding); final once complete.
    const QByteArray &handshakeHash() const { return m_symmetric.handshakeHash(); }

    struct TransportCiphers
    {
        NoiseCipherState send;
        NoiseCipherState receive;
    };
    // Once complete: the two transport CipherStates from this side's point of view. Call once.
    TransportCiphers takeTransportCiphers();

private:
    std::optional<QByteArray> fail(const QString &reason);
    bool mixDh(const X25519KeyPair &local, const QByteArray &remote);

    Role m_role;
    NoiseSymmetricState m_symmetric;
    X25519KeyPair m_static;
    X25519KeyPair m_ephemeral;
    QByteArray m_remoteEphemeral;
    QByteArray m_remoteStatic;
    int m_step = 0; // messages processed so far (written or read): 0..3
    bool m_failed = false;
    QString m_error;
};

} // namespace Libp2p

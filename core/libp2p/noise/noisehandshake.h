#pragma once
// The libp2p Noise handshake (libp2p/specs noise/README.md) as a state machine with no sockets:
// Noise XX (NoiseXXHandshake) carrying the libp2p handshake payload. Message 1 carries no
// payload; message 2 (responder) and message 3 (initiator) carry each side's identity key, its
// signature over that side's Noise static key, and its stream muxers. Each side verifies the
// other's signature before anything from the payload is believed.
//
// Drive it by alternating writeMessage() and readMessage() as isOurTurnToWrite() says; the bytes
// are Noise messages without the 2-byte length framing (NoiseUpgrader adds that on a stream).
// The responder reads 1, writes 2, reads 3; the initiator writes 1, reads 2, writes 3.
#include "libp2p/crypto/identitykey.h"
#include "libp2p/crypto/peerid.h"
#include "noisexxhandshake.h"

#include <QStringList>
#include <optional>

namespace Libp2p {

class NoiseHandshake
{
public:
    using Role = NoiseXXHandshake::Role;
    using TransportCiphers = NoiseXXHandshake::TransportCiphers;

    // The muxer libp2p nodes offer in the handshake and Switchboard speaks.
    static constexpr char Yamux[] = "/yamux/1.0.0";

    struct Options
    {
        // Sent as extensions.stream_muxers; empty sends no extensions.
        QStringList streamMuxers = {QString::fromLatin1(Yamux)};
        // When set (dialing a known peer), a remote with another PeerId fails the handshake.
        std::optional<PeerId> expectedRemotePeer;
    };

    // `staticKey` is the Noise static key; a fresh one is generated when null (the libp2p spec
    // allows a new one per session, and it keeps Noise keys off disk).
    NoiseHandshake(Role role, IdentityKey identity, Options options, X25519KeyPair staticKey = {});
    NoiseHandshake(Role role, IdentityKey identity) : NoiseHandshake(role, std::move(identity), Options()) {}

    Role role() const { return m_noise.role(); }
    bool isOurTurnToWrite() const { return !m_failed && m_noise.isOurTurnToWrite(); }
    bool isComplete() const { return !m_failed && m_noise.isComplete(); }
    bool hasFailed() const { return m_failed; }
    const QString &errorText() const { return m_error; }

    // Our next handshake message.
    std::optional<QByteArray> writeMessage();
    // The peer's next handshake message; false (and hasFailed()) when it is invalid or its
    // identity signature does not verify.
    bool readMessage(QByteArrayView message);

    // The peer's identity, known once its payload was verified (initiator: after reading message
    // 2; responder: after reading message 3, which completes the handshake).
    bool hasRemoteIdentity() const { return !m_remotePeerId.isNull(); }
    const PeerId &remotePeerId() const { return m_remotePeerId; }
    const PublicKey &remoteIdentityKey() const { return m_remoteIdentityKey; }
    // The peer's extensions.stream_muxers, in its order of preference.
    const QStringList &remoteStreamMuxers() const { return m_remoteStreamMuxers; }
    const QByteArray &remoteNoiseStaticKey() const { return m_noise.remoteStaticKey(); }
    // The muxer agreed on inside the handshake (libp2p/specs connections/
    // inlined-muxer-negotiation.md): the first of the initiator's muxers that the responder lists
    // too. Empty when either side listed none or none match; then the muxer is negotiated with
    // multistream-select over the secured channel, as without extensions.
    QString negotiatedStreamMuxer() const;
    static QString chooseStreamMuxer(const QStringList &initiatorMuxers, const QStringList &responderMuxers);
    const IdentityKey &localIdentity() const { return m_identity; }

    // Once complete: the transport ciphers for NoiseChannel. Call once.
    TransportCiphers takeTransportCiphers() { return m_noise.takeTransportCiphers(); }

private:
    bool fail(const QString &reason);

    NoiseXXHandshake m_noise;
    IdentityKey m_identity;
    Options m_options;
    PeerId m_remotePeerId;
    PublicKey m_remoteIdentityKey;
    QStringList m_remoteStreamMuxers;
    bool m_failed = false;
    QString m_error;
};

} // namespace Libp2p

#include "noisexxhandshake.h"

namespace Libp2p {

namespace {

constexpr qsizetype KeyBytes = X25519KeyPair::KeyBytes;
constexpr qsizetype EncryptedKeyBytes = KeyBytes + NoiseCipherState::TagBytes;

} // namespace

NoiseXXHandshake::NoiseXXHandshake(Role role, X25519KeyPair staticKey, QByteArrayView prologue,
                                   X25519KeyPair ephemeralKey)
    : m_role(role),
      m_symmetric(QByteArrayView(ProtocolName, qsizetype(sizeof(ProtocolName) - 1))),
      m_static(std::move(staticKey)),
      m_ephemeral(std::move(ephemeralKey))
{
    m_symmetric.mixHash(prologue);
    if (m_static.isNull())
        fail(QStringLiteral("no static key"));
}

bool NoiseXXHandshake::isOurTurnToWrite() const
{
    if (m_failed || m_step >= 3)
        return false;
    // Messages 0 and 2 are the initiator's, message 1 the responder's.
    return (m_step == 1) == (m_role == Role::Responder);
}

std::optional<QByteArray> NoiseXXHandshake::fail(const QString &reason)
{
    if (!m_failed) {
        m_failed = true;
        m_error = reason;
    }
    return std::nullopt;
}

bool NoiseXXHandshake::mixDh(const X25519KeyPair &local, const QByteArray &remote)
{
    const auto secret = local.dh(remote);
    if (!secret)
        return false;
    m_symmetric.mixKey(*secret);
    return true;
}

std::optional<QByteArray> NoiseXXHandshake::writeMessage(QByteArrayView payload)
{
    if (m_failed)
        return std::nullopt;
    if (!isOurTurnToWrite())
        return fail(QStringLiteral("handshake message written out of turn"));
    QByteArray message;
    switch (m_step) {
    case 0: // -> e
    case 1: // <- e, ee, s, es
        if (m_ephemeral.isNull())
            m_ephemeral = X25519KeyPair::generate();
        if (m_ephemeral.isNull())
            return fail(QStringLiteral("cannot generate an ephemeral key"));
        message += m_ephemeral.publicKey();
        m_symmetric.mixHash(m_ephemeral.publicKey());
        if (m_step == 1) {
            if (!mixDh(m_ephemeral, m_remoteEphemeral)) // ee
                return fail(QStringLiteral("invalid remote ephemeral key"));
            if (!m_symmetric.encryptAndHash(m_static.publicKey(), &message)) // s
                return fail(QStringLiteral("encryption failed"));
            if (!mixDh(m_static, m_remoteEphemeral)) // es, from the responder's side
                return fail(QStringLiteral("invalid remote ephemeral key"));
        }
        break;
    case 2: // -> s, se
        if (!m_symmetric.encryptAndHash(m_static.publicKey(), &message)) // s
            return fail(QStringLiteral("encryption failed"));
        if (!mixDh(m_static, m_remoteEphemeral)) // se, from the initiator's side
            return fail(QStringLiteral("invalid remote ephemeral key"));
        break;
    }
    if (!m_symmetric.encryptAndHash(payload, &message))
        return fail(QStringLiteral("encryption failed"));
    if (message.size() > MaxMessageBytes)
        return fail(QStringLiteral("handshake payload too large"));
    ++m_step;
    return message;
}

std::optional<QByteArray> NoiseXXHandshake::readMessage(QByteArrayView message)
{
    if (m_failed)
        return std::nullopt;
    if (m_step >= 3 || isOurTurnToWrite())
        return fail(QStringLiteral("unexpected handshake message"));
    if (message.size() > MaxMessageBytes)
        return fail(QStringLiteral("handshake message too large"));
    switch (m_step) {
    case 0: // -> e
    case 1: // <- e, ee, s, es
        if (message.size() < KeyBytes + (m_step == 1 ? EncryptedKeyBytes + NoiseCipherState::TagBytes : 0))
            return fail(QStringLiteral("handshake message %1 too short").arg(m_step + 1));
        m_remoteEphemeral = message.first(KeyBytes).toByteArray();
        m_symmetric.mixHash(m_remoteEphemeral);
        message = message.sliced(KeyBytes);
        if (m_step == 1) {
            if (!mixDh(m_ephemeral, m_remoteEphemeral)) // ee
                return fail(QStringLiteral("invalid remote ephemeral key"));
            QByteArray remoteStatic;
            if (!m_symmetric.decryptAndHash(message.first(EncryptedKeyBytes), &remoteStatic)) // s
                return fail(QStringLiteral("cannot decrypt the remote static key"));
            m_remoteStatic = remoteStatic;
            message = message.sliced(EncryptedKeyBytes);
            if (!mixDh(m_ephemeral, m_remoteStatic)) // es, from the initiator's side
                return fail(QStringLiteral("invalid remote static key"));
        }
        break;
    case 2: { // -> s, se
        if (message.size() < EncryptedKeyBytes + NoiseCipherState::TagBytes)
            return fail(QStringLiteral("handshake message 3 too short"));
        QByteArray remoteStatic;
        if (!m_symmetric.decryptAndHash(message.first(EncryptedKeyBytes), &remoteStatic)) // s
            return fail(QStringLiteral("cannot decrypt the remote static key"));
        m_remoteStatic = remoteStatic;
        message = message.sliced(EncryptedKeyBytes);
        if (!mixDh(m_ephemeral, m_remoteStatic)) // se, from the responder's side
            return fail(QStringLiteral("invalid remote static key"));
        break;
    }
    }
    QByteArray payload;
    if (!m_symmetric.decryptAndHash(message, &payload))
        return fail(QStringLiteral("cannot decrypt handshake message %1").arg(m_step + 1));
    ++m_step;
    return payload;
}

NoiseXXHandshake::TransportCiphers NoiseXXHandshake::takeTransportCiphers()
{
    Q_ASSERT(isComplete());
    auto [initiatorToResponder, responderToInitiator] = m_symmetric.split();
    if (m_role == Role::Initiator)
        return {std::move(initiatorToResponder), std::move(responderToInitiator)};
    return {std::move(responderToInitiator), std::move(initiatorToResponder)};
}

} // namespace Libp2p

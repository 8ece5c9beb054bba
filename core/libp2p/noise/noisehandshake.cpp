#include "noisehandshake.h"

#include "noisehandshakepayload.h"

namespace Libp2p {

NoiseHandshake::NoiseHandshake(Role role, IdentityKey identity, Options options, X25519KeyPair staticKey)
    : m_noise(role, staticKey.isNull() ? X25519KeyPair::generate() : std::move(staticKey)),
      m_identity(std::move(identity)),
      m_options(std::move(options))
{
    if (m_identity.isNull())
        fail(QStringLiteral("no identity key"));
    else if (m_noise.hasFailed())
        fail(m_noise.errorText());
}

bool NoiseHandshake::fail(const QString &reason)
{
    if (!m_failed) {
        m_failed = true;
        m_error = reason;
    }
    return false;
}

std::optional<QByteArray> NoiseHandshake::writeMessage()
{
    if (m_failed)
        return std::nullopt;
    // Message 1 goes out before any key is agreed, so it carries nothing; the others carry our
    // identity, whose signature covers the static key this very handshake uses.
    const bool firstMessage = role() == Role::Initiator && !hasRemoteIdentity();
    const QByteArray payload = firstMessage ? QByteArray()
                                            : NoiseHandshakePayload::build(m_identity, m_noise.localStaticKey().publicKey(),
                                                                           m_options.streamMuxers);
    auto message = m_noise.writeMessage(payload);
    if (!message)
        fail(m_noise.errorText());
    return message;
}

bool NoiseHandshake::readMessage(QByteArrayView message)
{
    if (m_failed)
        return false;
    const auto payload = m_noise.readMessage(message);
    if (!payload)
        return fail(m_noise.errorText());
    // The responder's first read is message 1, whose (unauthenticated) payload libp2p leaves
    // empty; anything there is ignored.
    if (m_noise.remoteStaticKey().isEmpty())
        return true;
    QString error;
    const auto verified = NoiseHandshakePayload::verify(*payload, m_noise.remoteStaticKey(), &error);
    if (!verified)
        return fail(error);
    if (m_options.expectedRemotePeer && *m_options.expectedRemotePeer != verified->peerId)
        return fail(QStringLiteral("expected peer %1 but %2 answered")
                        .arg(m_options.expectedRemotePeer->toString(), verified->peerId.toString()));
    m_remoteIdentityKey = verified->identityKey;
    m_remotePeerId = verified->peerId;
    m_remoteStreamMuxers = verified->streamMuxers;
    return true;
}

QString NoiseHandshake::chooseStreamMuxer(const QStringList &initiatorMuxers, const QStringList &responderMuxers)
{
    for (const QString &muxer : initiatorMuxers) {
        if (responderMuxers.contains(muxer))
            return muxer;
    }
    return {};
}

QString NoiseHandshake::negotiatedStreamMuxer() const
{
    if (!hasRemoteIdentity())
        return {};
    return role() == Role::Initiator ? chooseStreamMuxer(m_options.streamMuxers, m_remoteStreamMuxers)
                                     : chooseStreamMuxer(m_remoteStreamMuxers, m_options.streamMuxers);
}

} // namespace Libp2p

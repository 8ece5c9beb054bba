#include "libp2pconnection.h"

#include "libp2p/multistream/multistreamnegotiator.h"
#include "libp2p/noise/noisechannel.h"
#include "libp2p/noise/noiseupgrader.h"
#include "libp2p/yamux/yamuxsession.h"
#include "libp2p/yamux/yamuxstream.h"
#include "log/logcategories.h"
#include "protocolregistry.h"

#include <memory>
#include <utility>

namespace Libp2p {

Libp2pConnection::Libp2pConnection(PipeEndpoint *raw, IdentityKey identity, const ProtocolRegistry *registry,
                                   std::optional<Multiaddr> remoteAddress, std::optional<Multiaddr> localAddress,
                                   const Limits &limits, QObject *parent)
    : QObject(parent),
      m_raw(raw),
      m_identity(std::move(identity)),
      m_registry(registry),
      m_remoteAddress(std::move(remoteAddress)),
      m_localAddress(std::move(localAddress)),
      m_limits(limits)
{
    m_raw->setParent(this);
    // Whatever the stage, the transport closing ends the connection (the NoiseChannel and the
    // session follow it on their own).
    connect(m_raw, &PipeEndpoint::closed, this, [this](quint16, const QString &reason) {
        finish(reason.isEmpty() ? QStringLiteral("connection closed") : reason);
    });
    m_upgradeTimeout.setSingleShot(true);
    connect(&m_upgradeTimeout, &QTimer::timeout, this, [this] { fail(QStringLiteral("upgrade timed out")); });
}

Libp2pConnection::~Libp2pConnection() = default;

QString Libp2pConnection::describe() const
{
    const QString where = m_remoteAddress ? m_remoteAddress->toString() : (m_raw ? m_raw->describe() : QString());
    if (m_remotePeerId.isNull())
        return where;
    return QStringLiteral("%1 (%2)").arg(m_remotePeerId.toString(), where);
}

void Libp2pConnection::start(const QByteArray &alreadyReceived)
{
    if (m_started)
        return;
    m_started = true;
    if (m_limits.upgradeTimeoutMs > 0)
        m_upgradeTimeout.start(m_limits.upgradeTimeoutMs);
    auto *negotiator = new MultistreamNegotiator(MultistreamNegotiator::Role::Listener, m_raw,
                                                 {QString::fromLatin1(NoiseUpgrader::ProtocolId)}, this);
    connect(negotiator, &MultistreamNegotiator::negotiated, this,
            [this](const QString &, const QByteArray &leftover) { onNoiseNegotiated(leftover); });
    connect(negotiator, &MultistreamNegotiator::failed, this,
            [this](const QString &reason) { fail(QStringLiteral("security negotiation: ") + reason); });
    negotiator->start(alreadyReceived);
}

void Libp2pConnection::onNoiseNegotiated(const QByteArray &leftover)
{
    if (m_finished)
        return;
    auto *upgrader = new NoiseUpgrader(NoiseHandshake::Role::Responder, m_raw, m_identity, this);
    connect(upgrader, &NoiseUpgrader::secured, this, &Libp2pConnection::onSecured);
    connect(upgrader, &NoiseUpgrader::failed, this,
            [this](const QString &reason) { fail(QStringLiteral("noise: ") + reason); });
    upgrader->start(leftover);
}

void Libp2pConnection::onSecured(NoiseChannel *channel)
{
    channel->setParent(this);
    m_channel = channel;
    if (m_finished) {
        channel->close(1000, QString());
        return;
    }
    m_remotePeerId = channel->remotePeerId();
    if (channel->negotiatedStreamMuxer() == QLatin1String(YamuxProtocolId)) {
        startYamux({}); // the channel keeps and delivers bytes that came with the handshake
        return;
    }
    auto *negotiator = new MultistreamNegotiator(MultistreamNegotiator::Role::Listener, channel,
                                                 {QString::fromLatin1(YamuxProtocolId)}, this);
    connect(negotiator, &MultistreamNegotiator::negotiated, this,
            [this](const QString &, const QByteArray &leftover) { startYamux(leftover); });
    connect(negotiator, &MultistreamNegotiator::failed, this,
            [this](const QString &reason) { fail(QStringLiteral("muxer negotiation: ") + reason); });
    negotiator->start();
}

void Libp2pConnection::startYamux(const QByteArray &leftover)
{
    if (m_finished)
        return;
    m_upgradeTimeout.stop();
    YamuxSession::Options options;
    options.receiveWindowBytes = m_limits.streamReceiveWindowBytes;
    m_session = new YamuxSession(m_channel, YamuxSession::Role::Server, options, this);
    connect(m_session, &YamuxSession::newStream, this, &Libp2pConnection::onNewStream);
    connect(m_session, &YamuxSession::closed, this, [this](quint16, const QString &reason) {
        finish(reason.isEmpty() ? QStringLiteral("session closed") : reason);
    });
    emit ready();
    if (m_finished)
        return;
    m_session->start(leftover);
}

void Libp2pConnection::onNewStream(YamuxStream *stream)
{
    MultistreamNegotiator::Limits limits;
    limits.timeoutMs = m_limits.streamNegotiationTimeoutMs;
    auto *negotiator = new MultistreamNegotiator(MultistreamNegotiator::Role::Listener, stream,
                                                 m_registry->protocols(), limits, stream);
    const QPointer<YamuxStream> guard(stream);
    connect(negotiator, &MultistreamNegotiator::negotiated, this,
            [this, guard](const QString &protocol, const QByteArray &leftover) {
                if (!guard)
                    return;
                const ProtocolRegistry::Handler *handler = m_registry->find(protocol);
                if (!handler) {
                    guard->close(1011, QStringLiteral("no handler"));
                    return;
                }
                (*handler)(guard, this, leftover);
            });
    connect(negotiator, &MultistreamNegotiator::failed, this, [this, guard](const QString &reason) {
        qCDebug(lcLibp2p).noquote() << describe() << "stream negotiation failed:" << reason;
        if (guard)
            guard->close(1002, reason);
    });
    negotiator->start();
}

void Libp2pConnection::openStream(const QString &protocolId, QObject *context, StreamOpened opened,
                                  StreamFailed failed)
{
    YamuxStream *stream = (m_session && !m_finished) ? m_session->openStream() : nullptr;
    if (!stream) {
        QTimer::singleShot(0, context, [failed] { failed(QStringLiteral("cannot open a stream")); });
        return;
    }
    MultistreamNegotiator::Limits limits;
    limits.timeoutMs = m_limits.streamNegotiationTimeoutMs;
    auto *negotiator =
        new MultistreamNegotiator(MultistreamNegotiator::Role::Dialer, stream, {protocolId}, limits, stream);
    const QPointer<YamuxStream> guard(stream);
    // Exactly one outcome, whichever of negotiation or the stream's end comes first.
    auto done = std::make_shared<bool>(false);
    connect(negotiator, &MultistreamNegotiator::negotiated, context,
            [guard, done, opened, failed](const QString &, const QByteArray &leftover) {
                if (std::exchange(*done, true))
                    return;
                if (guard)
                    opened(guard, leftover);
                else
                    failed(QStringLiteral("stream closed during negotiation"));
            });
    connect(negotiator, &MultistreamNegotiator::failed, context, [guard, done, failed](const QString &reason) {
        if (std::exchange(*done, true))
            return;
        if (guard)
            guard->close(1002, reason);
        failed(reason);
    });
    // A stream the peer resets during negotiation takes the negotiator (its child) with it.
    connect(stream, &PipeEndpoint::closed, context, [done, failed](quint16, const QString &reason) {
        if (std::exchange(*done, true))
            return;
        failed(reason.isEmpty() ? QStringLiteral("stream closed during negotiation") : reason);
    });
    negotiator->start();
}

void Libp2pConnection::close(const QString &reason)
{
    if (m_finished)
        return;
    if (m_session && m_session->isOpen()) {
        m_session->close(reason);
        return;
    }
    if (m_raw && m_raw->isOpen()) {
        (m_channel ? static_cast<PipeEndpoint *>(m_channel) : m_raw)->close(1000, reason);
        return;
    }
    finish(reason);
}

void Libp2pConnection::fail(const QString &reason)
{
    if (m_finished)
        return;
    qCInfo(lcLibp2p).noquote() << describe() << "failed:" << reason;
    m_upgradeTimeout.stop();
    if (m_session && m_session->isOpen()) {
        m_session->close(reason, Yamux::GoAwayCode::ProtocolError);
        return;
    }
    if (m_raw && m_raw->isOpen()) {
        (m_channel ? static_cast<PipeEndpoint *>(m_channel) : m_raw)->close(1002, reason);
        return;
    }
    finish(reason);
}

void Libp2pConnection::finish(const QString &reason)
{
    if (m_finished)
        return;
    m_finished = true;
    m_upgradeTimeout.stop();
    emit finished(reason);
    deleteLater();
}

} // namespace Libp2p

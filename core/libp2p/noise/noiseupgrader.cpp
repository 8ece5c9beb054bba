#include "noiseupgrader.h"

#include "noisechannel.h"

namespace Libp2p {

NoiseUpgrader::NoiseUpgrader(NoiseHandshake::Role role, PipeEndpoint *raw, IdentityKey identity,
                             NoiseHandshake::Options options, Limits limits, QObject *parent)
    : QObject(parent), m_raw(raw), m_handshake(role, std::move(identity), std::move(options)), m_limits(limits)
{
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] { fail(QStringLiteral("Noise handshake timed out")); });
}

void NoiseUpgrader::start(const QByteArray &alreadyReceived)
{
    if (m_started)
        return;
    m_started = true;
    if (m_handshake.hasFailed()) {
        fail(m_handshake.errorText());
        return;
    }
    if (!m_raw || !m_raw->isOpen()) {
        fail(QStringLiteral("connection closed before the Noise handshake"));
        return;
    }
    connect(m_raw, &PipeEndpoint::received, this, [this](const QByteArray &data, bool) { onReceived(data); });
    connect(m_raw, &PipeEndpoint::closed, this,
            [this] { fail(QStringLiteral("connection closed during the Noise handshake")); });
    connect(m_raw, &PipeEndpoint::readFinished, this,
            [this] { fail(QStringLiteral("peer stopped sending during the Noise handshake")); });
    if (m_limits.timeoutMs > 0)
        m_timeout.start(m_limits.timeoutMs);
    m_inbound.append(alreadyReceived);
    advance();
}

void NoiseUpgrader::onReceived(const QByteArray &data)
{
    if (m_done)
        return;
    m_inbound.append(data);
    advance();
}

void NoiseUpgrader::advance()
{
    if (m_processing || m_done)
        return;
    const QPointer<NoiseUpgrader> self(this);
    m_processing = true;
    for (;;) {
        if (m_handshake.isOurTurnToWrite()) {
            const auto message = m_handshake.writeMessage();
            if (!message) {
                m_processing = false;
                fail(m_handshake.errorText());
                return;
            }
            QByteArray framed;
            NoiseFrames::append(framed, *message);
            // send() may hand us the peer's answer before it returns (onReceived only buffers it
            // while m_processing is set; this loop reads it next).
            m_raw->send(framed, false);
            if (!self)
                return;
            continue;
        }
        if (m_handshake.isComplete()) {
            m_processing = false;
            finish();
            return;
        }
        QByteArrayView frame;
        if (!m_inbound.next(&frame))
            break;
        if (!m_handshake.readMessage(frame)) {
            m_processing = false;
            fail(m_handshake.errorText());
            return;
        }
    }
    m_processing = false;
}

void NoiseUpgrader::finish()
{
    if (!m_raw) {
        fail(QStringLiteral("connection gone during the Noise handshake"));
        return;
    }
    m_done = true;
    m_timeout.stop();
    detach();
    // Frames that followed the last handshake message are the peer's first transport messages.
    const QByteArray leftover = m_inbound.takeBuffered();
    auto *channel = new NoiseChannel(m_raw, m_handshake, leftover);
    deleteLater();
    emit secured(channel);
}

void NoiseUpgrader::fail(const QString &reason)
{
    if (m_done)
        return;
    m_done = true;
    m_timeout.stop();
    detach();
    deleteLater();
    emit failed(reason);
}

void NoiseUpgrader::detach()
{
    if (m_raw)
        disconnect(m_raw, nullptr, this, nullptr);
}

} // namespace Libp2p

#pragma once
// Runs the libp2p Noise handshake over a raw PipeEndpoint (TCP or WebSocket) after
// multistream-select agreed on /noise, and turns it into a NoiseChannel:
//
//   auto *upgrader = new NoiseUpgrader(NoiseHandshake::Role::Responder, tcp, identity);
//   connect(upgrader, &NoiseUpgrader::secured, this, [=](NoiseChannel *channel) {
//       // channel owns `tcp` now; we own channel. channel->remotePeerId() is authenticated.
//   });
//   connect(upgrader, &NoiseUpgrader::failed, this, [=](const QString &reason) { tcp->close(...); });
//   upgrader->start(leftoverFromMultistream);
//
// Handshake messages use the same 2-byte length framing as transport messages. The upgrader
// does not own the raw endpoint and never closes it; on failure the caller decides. It stops
// listening before emitting either signal, then deletes itself.
#include "libp2p/crypto/identitykey.h"
#include "net/pipe/pipeendpoint.h"
#include "noiseframes.h"
#include "noisehandshake.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

namespace Libp2p {

class NoiseChannel;

class NoiseUpgrader : public QObject
{
    Q_OBJECT
public:
    // The multistream-select protocol id of libp2p Noise.
    static constexpr char ProtocolId[] = "/noise";

    struct Limits
    {
        // The whole handshake; 0 waits forever.
        int timeoutMs = 10000;
    };

    NoiseUpgrader(NoiseHandshake::Role role, PipeEndpoint *raw, IdentityKey identity,
                  NoiseHandshake::Options options, Limits limits, QObject *parent = nullptr);
    NoiseUpgrader(NoiseHandshake::Role role, PipeEndpoint *raw, IdentityKey identity, QObject *parent = nullptr)
        : NoiseUpgrader(role, raw, std::move(identity), NoiseHandshake::Options(), Limits(), parent)
    {
    }

    // Begins: the initiator sends message 1. `alreadyReceived` are bytes read from the raw
    // endpoint before (multistream-select's leftover), processed first.
    void start(const QByteArray &alreadyReceived = {});

signals:
    // The new channel has no parent: the receiver of this signal owns it.
    void secured(Libp2p::NoiseChannel *channel);
    void failed(const QString &reason);

private:
    void onReceived(const QByteArray &data);
    void advance();
    void writeIfOurTurn();
    void finish();
    void fail(const QString &reason);
    void detach();

    QPointer<PipeEndpoint> m_raw;
    NoiseHandshake m_handshake;
    Limits m_limits;
    NoiseFrameReader m_inbound;
    QTimer m_timeout;
    bool m_started = false;
    bool m_done = false;
    bool m_processing = false;
};

} // namespace Libp2p

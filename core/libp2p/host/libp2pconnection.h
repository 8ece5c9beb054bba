#pragma once
// One libp2p connection a peer opened to the relay, from its first byte to its end:
//
//   raw PipeEndpoint (TcpChannel; later a binary WebSocket)
//     -> multistream-select listener: "/noise"
//     -> NoiseUpgrader (responder)                     -> NoiseChannel, peer authenticated
//     -> "/yamux/1.0.0": agreed inside the Noise handshake, or by multistream-select on the channel
//     -> YamuxSession (server role); every stream the peer opens runs a multistream-select
//        listener over the ProtocolRegistry's ids and goes to the chosen protocol's handler.
//
// The connection owns the raw endpoint (then the NoiseChannel, which owns it) and the session.
// The whole upgrade has a deadline; each stream's negotiation has its own. `ready` is emitted
// once yamux runs (remotePeerId() is valid from then), `finished` once when the connection is
// over, whatever the stage; the object then deletes itself (deleteLater).
#include "libp2p/crypto/identitykey.h"
#include "libp2p/crypto/peerid.h"
#include "libp2p/multiaddr/multiaddr.h"
#include "net/pipe/pipeendpoint.h"

#include <QObject>
#include <QPointer>
#include <QTimer>
#include <functional>
#include <optional>

class YamuxSession;
class YamuxStream;

namespace Libp2p {

class NoiseChannel;
class ProtocolRegistry;

class Libp2pConnection : public QObject
{
    Q_OBJECT
public:
    // The multistream-select id of yamux.
    static constexpr char YamuxProtocolId[] = "/yamux/1.0.0";

    struct Limits
    {
        // multistream "/noise" + Noise handshake + muxer selection.
        int upgradeTimeoutMs = 20000;
        // multistream-select on each inbound stream.
        int streamNegotiationTimeoutMs = 10000;
        // Each yamux stream's receive window (yamux's initial 256 KiB, raised with the SYN/ACK).
        // A relayed stream reads in bursts of half a window between window updates: 1 MiB cut
        // the relay's CPU per relayed byte by a fifth and raised throughput by a third in the
        // circuit benchmark (docs/PERFORMANCE.md); 4 MiB gained nothing more. The cost: a
        // stream whose reader is paused (a circuit whose far side is slow) holds up to this much.
        quint32 streamReceiveWindowBytes = 1024 * 1024;
    };

    // Takes ownership of `raw`. `registry` must outlive the connection. `remoteAddress` is the
    // peer's address as seen here (identify's observedAddr), `localAddress` the address it reached.
    Libp2pConnection(PipeEndpoint *raw, IdentityKey identity, const ProtocolRegistry *registry,
                     std::optional<Multiaddr> remoteAddress, std::optional<Multiaddr> localAddress,
                     const Limits &limits, QObject *parent = nullptr);
    Libp2pConnection(PipeEndpoint *raw, IdentityKey identity, const ProtocolRegistry *registry,
                     std::optional<Multiaddr> remoteAddress = std::nullopt,
                     std::optional<Multiaddr> localAddress = std::nullopt, QObject *parent = nullptr)
        : Libp2pConnection(raw, std::move(identity), registry, std::move(remoteAddress), std::move(localAddress),
                           Limits(), parent)
    {
    }
    ~Libp2pConnection() override;

    // Starts listening; `alreadyReceived` are bytes read from `raw` before.
    void start(const QByteArray &alreadyReceived = {});
    // Ends the connection (yamux go-away, then the transport closes); `finished` follows.
    void close(const QString &reason);

    bool isReady() const { return m_session != nullptr && !m_finished; }
    bool isFinished() const { return m_finished; }
    // Valid once `ready` was emitted.
    const PeerId &remotePeerId() const { return m_remotePeerId; }
    const IdentityKey &identity() const { return m_identity; }
    const std::optional<Multiaddr> &remoteAddress() const { return m_remoteAddress; }
    const std::optional<Multiaddr> &localAddress() const { return m_localAddress; }
    // "12D3KooW... (/ip4/...)" once known, the transport's description before.
    QString describe() const;
    YamuxSession *session() const { return m_session; }

    // Opens a stream to the peer and proposes `protocolId` as multistream-select dialer (how the
    // relay reaches a circuit's target on /stop). Exactly one callback runs, and only while
    // `context` lives: `opened` with the stream (owned by the session; connect to it before
    // returning) and the bytes that came with the peer's answer, or `failed` (no session, stream
    // cap, the peer refused or timed out; the stream is then reset). Failing at once is reported
    // from the event loop, so callers never see their callback inside the call.
    using StreamOpened = std::function<void(YamuxStream *stream, const QByteArray &leftover)>;
    using StreamFailed = std::function<void(const QString &reason)>;
    void openStream(const QString &protocolId, QObject *context, StreamOpened opened, StreamFailed failed);

signals:
    void ready();
    void finished(const QString &reason);

private:
    void onNoiseNegotiated(const QByteArray &leftover);
    void onSecured(NoiseChannel *channel);
    void startYamux(const QByteArray &leftover);
    void onNewStream(YamuxStream *stream);
    void fail(const QString &reason);
    void finish(const QString &reason);

    PipeEndpoint *m_raw; // owned (by us, then by the NoiseChannel)
    NoiseChannel *m_channel = nullptr; // child
    YamuxSession *m_session = nullptr; // child
    IdentityKey m_identity;
    const ProtocolRegistry *m_registry;
    std::optional<Multiaddr> m_remoteAddress;
    std::optional<Multiaddr> m_localAddress;
    Limits m_limits;
    PeerId m_remotePeerId;
    QTimer m_upgradeTimeout;
    bool m_started = false;
    bool m_finished = false;
};

} // namespace Libp2p

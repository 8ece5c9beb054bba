#pragma once
// The relay side of Circuit Relay v2 (/libp2p/circuit/relay/0.2.0/hop): RESERVE grants a
// reservation (ReservationTable, voucher), CONNECT finds the target's reserved connection, runs
// the /stop handshake there (StopDialer) and bridges the two streams (CircuitBridge).
// Every hop stream carries one request; the answer is a single STATUS message.
// In a cluster, a CONNECT to a peer reserved on another node goes there over a link
// (circuitlink.h), and links from other nodes reach peers reserved here (acceptLink).
#include "circuitbridge.h"
#include "libp2p/crypto/identitykey.h"
#include "libp2p/multiaddr/multiaddr.h"
#include "net/link/linkpreface.h"
#include "net/link/linktarget.h"
#include "reservationtable.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <functional>
#include <memory>

class PipeEndpoint;
class QTcpSocket;
class SessionRegistry;
class YamuxStream;

namespace Libp2p {
class Libp2pConnection;
}

namespace Libp2p::Circuit {

class CircuitRelay : public QObject
{
    Q_OBJECT
public:
    static constexpr char HopProtocolId[] = "/libp2p/circuit/relay/0.2.0/hop";
    // A HopMessage is a peer, a reservation and a limit: small. Bounded well above real use.
    static constexpr qsizetype MaxMessageBytes = 4096;

    struct Options
    {
        ReservationTable::Limits reservations; // 100 peers, 1 h
        CircuitBridge::Limits circuit{600, 50ull * 1024 * 1024}; // 10 min, 50 MiB per direction
        int maxCircuits = 256; // bridged at once, relay-wide
        int requestTimeoutMs = 10000; // the peer's HopMessage, and the target's /stop answer
        // Overrides from SWITCHBOARD_LIBP2P_CIRCUIT_{DATA_LIMIT,DURATION_LIMIT,MAX_RESERVATIONS,
        // RESERVATION_TTL} (positive integers; anything else keeps the default), for tests and
        // deployments that need other limits.
        static Options fromEnvironment();
    };

    // Cluster mode: the rest of the cluster learns of reservations made here, and tells where a
    // peer not reserved here is. Unset on a relay of its own.
    struct ClusterHooks
    {
        std::function<void(const PeerId &peer)> reserved; // granted or refreshed here
        std::function<void(const PeerId &peer)> released; // its connection here ended
        // The link to open to reach `target` for `source` (connected from `sourceAddress`), or
        // nothing when no other node holds a reservation for it.
        using Found = std::function<void(std::optional<LinkTarget>)>;
        std::function<void(const PeerId &target, const PeerId &source, const Multiaddr &sourceAddress, Found)> locate;
    };

    using AddressSource = std::function<QList<Multiaddr>()>;
    // `listenAddrs` gives the relay's public addresses (without /p2p/) for reservations.
    CircuitRelay(IdentityKey identity, SessionRegistry *registry, const Options &options, AddressSource listenAddrs,
                 QObject *parent = nullptr);

    // The ProtocolRegistry handler for HopProtocolId.
    void handleHop(YamuxStream *stream, Libp2pConnection *connection, const QByteArray &leftover);

    void setClusterHooks(ClusterHooks hooks) { m_cluster = std::move(hooks); }
    // A circuit link from another node (FrontDoor's CircuitLinkHandler): runs /stop with the
    // target reserved here, answers the link's status line and bridges. Owns `socket` from now.
    void acceptLink(QTcpSocket *socket, const LinkPreface &preface);

    const ReservationTable &reservations() const { return m_reservations; }
    int activeCircuits() const { return m_activeCircuits; }

private:
    void onRequest(YamuxStream *stream, Libp2pConnection *connection, const QByteArray &body, const QByteArray &early);
    void reserve(YamuxStream *stream, Libp2pConnection *connection);
    void connectTo(YamuxStream *stream, Libp2pConnection *connection, const QByteArray &peerId,
                   const QByteArray &early);
    void answer(YamuxStream *stream, int status, bool thenFinish);
    // The target is reserved here: /stop on its connection, then bridge.
    void dialStop(YamuxStream *stream, const PeerId &source, const PeerId &target, Libp2pConnection *targetConnection,
                  const QByteArray &early);
    // The target may be reserved on another node: ask the cluster, link there, then bridge.
    void dialNode(YamuxStream *stream, const PeerId &source, const PeerId &target, const Multiaddr &sourceAddress,
                  const QByteArray &early);
    void sendOk(YamuxStream *stream);
    void bridge(PipeEndpoint *source, const QByteArray &sourceEarly, PipeEndpoint *target,
                const QByteArray &targetEarly, const QString &sessionKey, const QString &description);
    // Counts a circuit being set up by `dialer` as active until its outcome sets the flag it
    // returns; a dialer deleted first (its peer gave up) uncounts it.
    std::shared_ptr<bool> pendingWhile(QObject *dialer);

    IdentityKey m_identity;
    SessionRegistry *m_registry;
    Options m_options;
    AddressSource m_listenAddrs;
    ReservationTable m_reservations;
    // The connection each reservation was made on: the one /stop streams are opened on.
    QHash<PeerId, QPointer<Libp2pConnection>> m_reservedOn;
    int m_activeCircuits = 0;
    ClusterHooks m_cluster;
};

} // namespace Libp2p::Circuit

#pragma once
// The libp2p service: the relay as a libp2p node that js-libp2p 3.x peers dial over raw TCP on
// the relay's port (the front door sniffs multistream-select) or inside a WebSocket on any path
// the pairing service would take (a binary first frame with the multistream header). It loads the relay's identity
// from the data directory (a startup step), announces its PeerId and multiaddrs once the relay
// listens, upgrades every connection (Libp2pConnection) and serves identify, ping and the
// circuit relay v2 hop protocol on it (Circuit::CircuitRelay).
// Each connected peer is one session (service "libp2p", id = its PeerId).
#include "host/protocolregistry.h"
#include "libp2p/crypto/identitykey.h"
#include "libp2p/multiaddr/multiaddr.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>

class QTcpSocket;
class Relay;
class WebSocketConnection;

namespace Libp2p {
class Libp2pConnection;
namespace Circuit {
class CircuitRelay;
}
}

class Libp2pService : public QObject
{
    Q_OBJECT
public:
    explicit Libp2pService(Relay *relay);
    ~Libp2pService() override;

    // Null until the startup step ran.
    const Libp2p::IdentityKey &identity() const { return m_identity; }
    // /ip4/<host>/tcp/<port> for every listening port (without /p2p/), once listening.
    const QList<Libp2p::Multiaddr> &listenAddrs() const { return m_listenAddrs; }
    const Libp2p::ProtocolRegistry &protocols() const { return m_protocols; }

private:
    QString loadIdentity();
    // Cluster mode: takes the identity every node shares (the first node's, kept in Redis).
    void adoptClusterIdentity();
    void onListening();
    void accept(QTcpSocket *socket);
    void acceptWebSocket(WebSocketConnection *socket, const QByteArray &firstFrame);
    void startConnection(Libp2p::Libp2pConnection *connection, const QByteArray &alreadyReceived);
    void onReady(Libp2p::Libp2pConnection *connection);
    void onFinished(Libp2p::Libp2pConnection *connection, const QString &reason);

    Relay *m_relay;
    Libp2p::IdentityKey m_identity;
    Libp2p::ProtocolRegistry m_protocols;
    QList<Libp2p::Multiaddr> m_listenAddrs;
    QHash<QString, int> m_connectionsPerPeer; // PeerId text -> connections ready
    QMultiHash<QString, QPointer<Libp2p::Libp2pConnection>> m_peerConnections; // the same connections, to close them
    QTimer m_statusLine; // one line of figures a minute, as the original relay prints
    Libp2p::Circuit::CircuitRelay *m_circuitRelay = nullptr; // child, created with the identity
};

#include "libp2pservice.h"

#include "sessions/sessioncontrol.h"

#include "cluster/cluster.h"
#include "cluster/redisstartupclaim.h"

#include "circuit/circuitrelay.h"
#include "crypto/identitykeyfile.h"
#include "host/libp2pconnection.h"
#include "libp2pcluster.h"
#include "log/logcategories.h"
#include "net/websocket/websocketconnection.h"
#include "net/frontdoor.h"
#include "protocols/identify.h"
#include "protocols/ping.h"
#include "pubsub/pubsubrouter.h"
#include "relay.h"
#include "secrets/libp2pidentitysecret.h"
#include "sessions/sessionregistry.h"
#include "transport/tcpchannel.h"

#include "libp2p/yamux/yamuxsession.h"
#include "libp2p/yamux/yamuxstream.h"

#include <QDateTime>
#include <QHostAddress>
#include <QTcpSocket>

using namespace Libp2p;

namespace {
const QString ServiceName = QStringLiteral("libp2p");
}

Libp2pService::Libp2pService(Relay *relay) : QObject(relay), m_relay(relay)
{
    relay->addStartupStep([this] { return loadIdentity(); });
    // The tray's "Disconnect" on a peer: its connections close, and with them its circuits.
    SessionControl::of(relay->sessions())->addHandler(ServiceName, this, [this](const QString &peerId) {
        const QList<QPointer<Libp2pConnection>> connections = m_peerConnections.values(peerId);
        for (const QPointer<Libp2pConnection> &connection : connections) {
            if (connection)
                connection->close(QStringLiteral("disconnected by the relay's owner"));
        }
        return !connections.isEmpty();
    });
    connect(relay, &Relay::listening, this, &Libp2pService::onListening);
    connect(&m_statusLine, &QTimer::timeout, this, [this] {
        int connections = 0;
        for (int n : std::as_const(m_connectionsPerPeer))
            connections += n;
        qCInfo(lcLibp2p).noquote()
            << QStringLiteral("status: %1 peers, %2 connections, %3 reservations, %4 circuits")
                   .arg(m_connectionsPerPeer.size())
                   .arg(connections)
                   .arg(m_circuitRelay ? m_circuitRelay->reservations().size() : 0)
                   .arg(m_circuitRelay ? m_circuitRelay->activeCircuits() : 0);
    });
    // Tests shorten the minute with SWITCHBOARD_LIBP2P_STATUS_INTERVAL_MS.
    const int statusMs = qEnvironmentVariableIntValue("SWITCHBOARD_LIBP2P_STATUS_INTERVAL_MS");
    m_statusLine.start(statusMs > 0 ? statusMs : 60 * 1000);

    m_protocols.add(QString::fromLatin1(Identify::ProtocolId),
                    [this](YamuxStream *stream, Libp2pConnection *connection, const QByteArray &) {
                        Identify::Info info;
                        info.publicKey = m_identity.publicKey();
                        info.listenAddrs = m_listenAddrs;
                        if (info.listenAddrs.isEmpty() && connection->localAddress())
                            info.listenAddrs.append(*connection->localAddress());
                        info.protocols = m_protocols.protocols();
                        info.observedAddr = connection->remoteAddress();
                        info.agentVersion = Identify::agentVersion();
                        Identify::serve(stream, Identify::buildMessage(info));
                    });
    m_protocols.add(QString::fromLatin1(Ping::ProtocolId),
                    [](YamuxStream *stream, Libp2pConnection *, const QByteArray &leftover) {
                        Ping::serve(stream, leftover);
                    });
    m_protocols.add(QString::fromLatin1(Circuit::CircuitRelay::HopProtocolId),
                    [this](YamuxStream *stream, Libp2pConnection *connection, const QByteArray &leftover) {
                        if (m_circuitRelay)
                            m_circuitRelay->handleHop(stream, connection, leftover);
                        else
                            stream->close(1011, QStringLiteral("relay not ready"));
                    });

    // Pubsub on the peer-discovery topic: js-libp2p nodes running @libp2p/pubsub-peer-discovery
    // over gossipsub (/meshsub/1.1.0, 1.0.0) or floodsub find each other through the relay.
    auto *pubsub = new Pubsub::PubsubRouter({QString::fromLatin1(Pubsub::PubsubRouter::PeerDiscoveryTopic)}, this);
    for (const QString &protocolId : Pubsub::PubsubRouter::protocolIds()) {
        m_protocols.add(protocolId, [pubsub, protocolId](YamuxStream *stream, Libp2pConnection *connection,
                                                         const QByteArray &leftover) {
            pubsub->handleInbound(stream, connection, leftover, protocolId);
        });
    }

    relay->frontDoor()->setLibp2pHandler([this](QTcpSocket *socket) { accept(socket); });
    relay->setLibp2pWebSocketHandler(
        [this](WebSocketConnection *socket, const QByteArray &firstFrame) { acceptWebSocket(socket, firstFrame); });
}

Libp2pService::~Libp2pService() = default;

QString Libp2pService::loadIdentity()
{
    QString error;
    // Through the secret store (keychain or 0600 file; the file is the one earlier versions wrote).
    const auto loaded = Libp2pIdentitySecret::loadOrCreate(m_relay->secrets(), m_relay->settings().dataDir, &error);
    if (!loaded)
        return QStringLiteral("libp2p identity: %1").arg(error);
    m_identity = loaded->key;
    if (!m_relay->settings().redisUrl.isEmpty())
        adoptClusterIdentity();
    // The relay signs reservation vouchers with the identity, so it exists from here on.
    m_circuitRelay = new Circuit::CircuitRelay(m_identity, m_relay->sessions(),
                                               Circuit::CircuitRelay::Options::fromEnvironment(),
                                               [this] { return m_listenAddrs; }, this);
    if (Cluster *cluster = m_relay->cluster()) {
        m_circuitRelay->setClusterHooks(clusterHooks(cluster));
        m_relay->frontDoor()->setCircuitLinkHandler([this](QTcpSocket *socket, const LinkPreface &preface) {
            m_circuitRelay->acceptLink(socket, preface);
        });
    }
    if (loaded->created)
        qCInfo(lcLibp2p).noquote() << "created libp2p identity" << loaded->path;
    return QString();
}

void Libp2pService::adoptClusterIdentity()
{
    // Behind one load balancer the nodes must be one libp2p peer: a client that dialed
    // /p2p/<relay> fails its Noise handshake on a node with another key. The first node's key,
    // kept in Redis, is everyone's.
    QString error;
    const auto shared = RedisStartupClaim::claim(QUrl(m_relay->settings().redisUrl), "sb:libp2p:identity",
                                                 m_identity.toPrivateKeyProtobuf(), 3000, &error);
    if (!shared) {
        qCWarning(lcLibp2p).noquote() << "cannot share the libp2p identity through Redis (" << error
                                      << "); this node keeps its own PeerId" << m_identity.peerId().toString();
        return;
    }
    if (*shared == m_identity.toPrivateKeyProtobuf())
        return;
    const auto key = Libp2p::IdentityKey::fromPrivateKeyProtobuf(*shared, &error);
    if (!key) {
        qCWarning(lcLibp2p).noquote() << "the cluster's libp2p identity in Redis does not parse (" << error
                                      << "); this node keeps its own PeerId" << m_identity.peerId().toString();
        return;
    }
    m_identity = *key;
    qCInfo(lcLibp2p).noquote() << "libp2p identity shared with the cluster:" << m_identity.peerId().toString();
}

void Libp2pService::onListening()
{
    m_listenAddrs.clear();
    QHostAddress host(m_relay->settings().host);
    if (m_relay->settings().host == QLatin1String("localhost"))
        host = QHostAddress(QHostAddress::LocalHost);
    const bool wildcard = host.isNull() || host == QHostAddress::AnyIPv4 || host == QHostAddress::AnyIPv6
                          || host == QHostAddress::Any;
    QStringList shown;
    const PeerId id = m_identity.peerId();
    if (!wildcard) {
        for (quint16 port : m_relay->listeningPorts()) {
            const Multiaddr address = Multiaddr::fromTcpAddress(host, port);
            m_listenAddrs.append(address);
            shown << address.withPeerId(id).toString();
        }
    } else {
        for (quint16 port : m_relay->listeningPorts())
            shown << QStringLiteral("/ip4/<any>/tcp/%1/p2p/%2").arg(port).arg(id.toString());
    }
    qCInfo(lcLibp2p).noquote() << "libp2p PeerId" << id.toString() << "listening on" << shown.join(QStringLiteral(", "));
}

void Libp2pService::accept(QTcpSocket *socket)
{
    if (m_identity.isNull()) {
        socket->abort();
        socket->deleteLater();
        return;
    }
    auto *channel = new TcpChannel(socket);
    const Multiaddr remote = Multiaddr::fromTcpAddress(channel->peerAddress(), channel->peerPort());
    const Multiaddr local = Multiaddr::fromTcpAddress(channel->localAddress(), channel->localPort());
    startConnection(new Libp2pConnection(channel, m_identity, &m_protocols, remote, local, this), {});
}

void Libp2pService::acceptWebSocket(WebSocketConnection *socket, const QByteArray &firstFrame)
{
    if (m_identity.isNull()) {
        socket->close(WebSocketCloseCode::TryAgainLater, QStringLiteral("libp2p not ready"));
        return;
    }
    // Binary messages are the byte stream (message boundaries mean nothing to libp2p); the frame
    // the pairing service read first is the start of multistream-select. The message size stays
    // bounded by the route's limit.
    const auto ws = Multiaddr::fromString(socket->request().secure ? u"/tls/ws" : u"/ws");
    Multiaddr remote = Multiaddr::fromTcpAddress(socket->peerAddress(), socket->request().peerPort);
    if (ws)
        remote = remote.encapsulate(*ws);
    startConnection(new Libp2pConnection(socket, m_identity, &m_protocols, remote, std::nullopt, this), firstFrame);
}

void Libp2pService::startConnection(Libp2pConnection *connection, const QByteArray &alreadyReceived)
{
    connect(connection, &Libp2pConnection::ready, this, [this, connection] { onReady(connection); });
    connect(connection, &Libp2pConnection::finished, this,
            [this, connection](const QString &reason) { onFinished(connection, reason); });
    connection->start(alreadyReceived);
}

void Libp2pService::onReady(Libp2pConnection *connection)
{
    const QString id = connection->remotePeerId().toString();
    const QString address = connection->remoteAddress() ? connection->remoteAddress()->toString() : QString();
    qCInfo(lcLibp2p).noquote() << "connection from" << id << QStringLiteral("(%1)").arg(address);
    m_peerConnections.insert(id, connection);
    if (m_connectionsPerPeer[id]++ == 0) {
        Session session;
        session.service = ServiceName;
        session.id = id;
        session.peers = {id};
        session.remoteAddresses = {address};
        session.startedAt = QDateTime::currentDateTimeUtc();
        session.lastActivity = session.startedAt;
        m_relay->sessions()->begin(session);
    }
}

void Libp2pService::onFinished(Libp2pConnection *connection, const QString &reason)
{
    if (connection->remotePeerId().isNull() || !connection->session()) {
        qCDebug(lcLibp2p).noquote() << connection->describe() << "closed before the upgrade:" << reason;
        return;
    }
    const QString id = connection->remotePeerId().toString();
    qCInfo(lcLibp2p).noquote() << id << "disconnected:" << reason;
    m_peerConnections.remove(id, connection);
    auto it = m_connectionsPerPeer.find(id);
    if (it == m_connectionsPerPeer.end())
        return;
    if (--it.value() <= 0) {
        m_connectionsPerPeer.erase(it);
        m_relay->sessions()->end(Session::keyFor(ServiceName, id));
    }
}

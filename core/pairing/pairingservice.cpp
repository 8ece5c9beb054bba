#include "pairingservice.h"

#include "cluster/cluster.h"
#include "net/link/linkforwarder.h"
#include "net/link/websocketreplay.h"

#include "log/logcategories.h"
#include "net/pipe/rendezvous.h"
#include "net/router.h"
#include "net/websocket/websocketconnection.h"
#include "relay.h"

#include <QTimer>
#include <memory>

namespace {
// The first line every multistream-select peer sends: its length (19) as a uvarint, then the
// protocol id and a newline. A libp2p dialer's first WebSocket message starts with it.
const QByteArray MultistreamHeader = QByteArrayLiteral("\x13/multistream/1.0.0\n");
}

PairingService::PairingService(Relay *relay) : QObject(relay), m_relay(relay)
{
    m_rendezvous = new Rendezvous(QStringLiteral("pairing"), relay->sessions(), lcPairing(),
                                  Rendezvous::Options::from(relay->settings()), this);
    m_rendezvous->runPipesOn(relay->pipeThreads());

    // p2p-copy connects to whatever URL the user gives, so every path no other service claims is
    // the pairing endpoint (a plain request there is answered 426 by the router).
    Route route;
    route.name = QStringLiteral("pairing");
    route.priority = -200;
    route.matches = Router::anyRequest();
    route.maxWebSocketMessageBytes = kMaxMessageBytes;
    route.webSocket = [this](WebSocketConnection *socket) { accept(socket); };
    relay->router().addRoute(route);
}

void PairingService::accept(WebSocketConnection *socket)
{
    auto *timer = new QTimer(socket);
    timer->setSingleShot(true);
    connect(timer, &QTimer::timeout, socket, [socket] {
        socket->close(WebSocketCloseCode::ProtocolError,
                      QStringLiteral("No hello within %1 s").arg(kHelloTimeoutSeconds));
    });
    timer->start(kHelloTimeoutSeconds * 1000);
    // js-libp2p's WebSocket transport sends each chunk as its own message, so the multistream
    // header may come split (its length byte first). Binary bytes that are still a prefix of the
    // header are held (fewer than its 20 bytes) until it is complete or cannot be.
    auto held = std::make_shared<QByteArray>();
    connect(socket, &PipeEndpoint::received, this, [this, socket, timer, held](const QByteArray &frame, bool text) {
        if (!text && held->size() + frame.size() < MultistreamHeader.size() && m_relay->libp2pWebSocketHandler()
            && MultistreamHeader.startsWith(*held + frame)) {
            held->append(frame);
            return;
        }
        // Only the first frame is ours; afterwards the rendezvous, the pipe or libp2p reads the socket.
        disconnect(socket, &PipeEndpoint::received, this, nullptr);
        timer->deleteLater();
        if (!held->isEmpty()) {
            // The connection began with binary bytes: libp2p if the header completes, otherwise
            // refused like any binary first frame.
            onHello(socket, *held + frame, false);
            return;
        }
        onHello(socket, frame, text);
    });
}

void PairingService::onHello(WebSocketConnection *socket, const QByteArray &frame, bool text)
{
    // libp2p shares the WebSocket paths with pairing (ARCHITECTURE.md "One port"): a binary
    // multistream frame goes to the libp2p service when it runs; everything else is pairing's.
    if (!text && frame.startsWith(MultistreamHeader) && m_relay->libp2pWebSocketHandler()) {
        m_relay->libp2pWebSocketHandler()(socket, frame);
        return;
    }
    const PairingHello hello = PairingHello::parse(frame, text);
    if (!hello.ok) {
        qCInfo(lcPairing).noquote() << "refusing" << socket->describe() << ":" << hello.closeReason;
        socket->close(WebSocketCloseCode::ProtocolError, hello.closeReason);
        return;
    }
    Cluster *cluster = m_relay->cluster();
    if (cluster && cluster->isRedisReachable() && !socket->request().viaLink) {
        // The code may be waiting on another node: ask which one holds it, reading nothing more
        // meanwhile, so the socket can be carried over with the client's next bytes still in it.
        socket->pauseReading();
        QPointer<WebSocketConnection> guard(socket);
        const QByteArray holdName = holdNameFor(hello.codeHash);
        cluster->hold(holdName, [this, guard, hello, frame, holdName, cluster](const QString &owner) {
            if (!guard || !guard->isOpen()) {
                if (!m_rendezvous->isWaiting(hello.codeHash))
                    cluster->release(holdName);
                return;
            }
            if (owner != cluster->nodeId()) {
                const HttpRequest &request = guard->request();
                if (const auto target = cluster->linkTo(owner, request.peerAddress, request.peerPort)) {
                    carryOver(guard, *target, frame);
                    return;
                }
            }
            guard->resumeReading();
            pairHere(guard, hello);
        });
        return;
    }
    pairHere(socket, hello);
}

QByteArray PairingService::holdNameFor(const QString &codeHash)
{
    return "pairing/" + codeHash.toUtf8();
}

void PairingService::carryOver(WebSocketConnection *socket, const LinkTarget &target, const QByteArray &hello)
{
    const HttpRequest request = socket->request();
    QTcpSocket *raw = socket->takeSocket();
    if (!raw) {
        socket->close(WebSocketCloseCode::InternalError, QStringLiteral("Relay node unreachable"));
        return;
    }
    qCDebug(lcPairing).noquote() << "carrying a pairing client from" << request.peerAddress.toString()
                                 << "over to the node that holds its code";
    LinkForwarder::Options options;
    options.dropSwitchingProtocols = true;
    options.failureResponse = WebSocketReplay::serverCloseFrame(WebSocketCloseCode::InternalError, "Relay node unreachable");
    LinkForwarder::start(raw, target, WebSocketReplay::upgradeRequest(request) + WebSocketReplay::clientFrame(hello, true),
                         options);
}

void PairingService::pairHere(WebSocketConnection *socket, const PairingHello &hello)
{
    Cluster *cluster = m_relay->cluster();
    const QString &hash = hello.codeHash;
    const QString role = PairingHello::roleName(hello.role);

    if (m_rendezvous->isWaiting(hash)) {
        if (m_waitingRole.value(hash) == hello.role) {
            // Two of the same role for one code: neither can be trusted to be the right one.
            qCInfo(lcPairing).noquote() << "duplicate" << role << "for a code; closing both";
            m_waitingRole.remove(hash);
            m_rendezvous->dismiss(hash, WebSocketCloseCode::TryAgainLater, QStringLiteral("Duplicate role for code"));
            socket->close(WebSocketCloseCode::TryAgainLater, QStringLiteral("Duplicate role for code"));
            return;
        }
        m_waitingRole.remove(hash);
        // `ready` goes to the sender only, whichever side arrived first, and before any data
        // sent early by either side.
        const bool arrivingIsSender = hello.role == PairingHello::Role::Sender;
        m_rendezvous->meet(hash, socket, role, [socket, arrivingIsSender](PipeEndpoint *waiting) {
            PipeEndpoint *sender = arrivingIsSender ? socket : waiting;
            sender->send(QByteArrayLiteral("{\"type\":\"ready\"}"), true);
        });
        // Paired: a third connection with this code starts a new waiting entry, on any node.
        if (cluster)
            cluster->release(holdNameFor(hash));
        return;
    }
    if (m_rendezvous->isFull()) {
        socket->close(WebSocketCloseCode::TryAgainLater, m_rendezvous->fullReason(QStringLiteral("Relay busy")));
        return;
    }
    m_waitingRole.insert(hash, hello.role);
    // The session is named by the hash's first characters (enough to tell transfers apart in the
    // UI without printing the whole secret-derived value) and a serial number, since one code can
    // be used again once its pair is under way.
    m_rendezvous->park(hash, QStringLiteral("%1#%2").arg(hash.left(12)).arg(++m_pairings), socket, role);
    connect(socket, &PipeEndpoint::closed, this, [this, hash, socket, cluster] {
        if (m_rendezvous->waitingEndpoint(hash) == nullptr || m_rendezvous->waitingEndpoint(hash) == socket) {
            m_waitingRole.remove(hash);
            if (cluster)
                cluster->release(holdNameFor(hash));
        }
    });
}

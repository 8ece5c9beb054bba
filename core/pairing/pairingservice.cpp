#include "pairingservice.h"

#include "log/logcategories.h"
#include "net/pipe/rendezvous.h"
#include "net/router.h"
#include "net/websocket/websocketconnection.h"
#include "relay.h"

#include <QTimer>

PairingService::PairingService(Relay *relay) : QObject(relay)
{
    m_rendezvous = new Rendezvous(QStringLiteral("pairing"), relay->sessions(), lcPairing(),
                                  Rendezvous::Options::from(relay->settings()), this);

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
    connect(socket, &PipeEndpoint::received, this, [this, socket](const QByteArray &frame, bool text) {
        // Only the first frame is ours; afterwards the rendezvous or the pipe reads the socket.
        disconnect(socket, &PipeEndpoint::received, this, nullptr);
        onHello(socket, frame, text);
    });
    auto *timer = new QTimer(socket);
    timer->setSingleShot(true);
    connect(timer, &QTimer::timeout, socket, [socket] {
        socket->close(WebSocketCloseCode::ProtocolError,
                      QStringLiteral("No hello within %1 s").arg(kHelloTimeoutSeconds));
    });
    connect(socket, &PipeEndpoint::received, timer, &QObject::deleteLater);
    timer->start(kHelloTimeoutSeconds * 1000);
}

void PairingService::onHello(WebSocketConnection *socket, const QByteArray &frame, bool text)
{
    const PairingHello hello = PairingHello::parse(frame, text);
    if (!hello.ok) {
        qCInfo(lcPairing).noquote() << "refusing" << socket->describe() << ":" << hello.closeReason;
        socket->close(WebSocketCloseCode::ProtocolError, hello.closeReason);
        return;
    }
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
        return;
    }
    if (m_rendezvous->isFull()) {
        socket->close(WebSocketCloseCode::TryAgainLater, QStringLiteral("Relay busy; try again later"));
        return;
    }
    m_waitingRole.insert(hash, hello.role);
    // The session is named by the hash's first characters (enough to tell transfers apart in the
    // UI without printing the whole secret-derived value) and a serial number, since one code can
    // be used again once its pair is under way.
    m_rendezvous->park(hash, QStringLiteral("%1#%2").arg(hash.left(12)).arg(++m_pairings), socket, role);
    connect(socket, &PipeEndpoint::closed, this, [this, hash, socket] {
        if (m_rendezvous->waitingEndpoint(hash) == nullptr || m_rendezvous->waitingEndpoint(hash) == socket)
            m_waitingRole.remove(hash);
    });
}

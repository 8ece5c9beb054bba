#pragma once
// The one door every connection comes through, whichever port it arrived on: admits it within
// the connection limits, tells its protocol from the first bytes (peeked in the kernel, so nothing
// is consumed), unwraps TLS and looks again, then hands it to HTTP or to a raw-stream service.
#include "connectionlimiter.h"
#include "httpconnection.h"
#include "protocolsniffer.h"
#include "link/linkpreface.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <functional>

class Metrics;
class Router;
#include "tlscontext.h"
class WebSocketGateway;
class QTcpSocket;

// A service that takes a raw byte stream (libp2p over TCP). Ownership of the socket passes to it.
using RawStreamHandler = std::function<void(QTcpSocket *socket)>;
// Cluster mode: whether a link's preface is from a node of this cluster (its secret), and who takes
// links that carry libp2p circuits (ownership of the socket passes to it).
using LinkAcceptor = std::function<bool(const LinkPreface &preface)>;
using CircuitLinkHandler = std::function<void(QTcpSocket *socket, const LinkPreface &preface)>;

class FrontDoor : public QObject
{
    Q_OBJECT
public:
    FrontDoor(const Router *router, WebSocketGateway *gateway, Metrics *metrics,
              ConnectionLimiter *limiter, const HttpLimits &limits, QObject *parent = nullptr);

    void setTlsContext(TlsContext *tls) { m_tls = tls; }
    void setLibp2pHandler(RawStreamHandler handler) { m_libp2p = std::move(handler); }
    void setLinkAcceptor(LinkAcceptor acceptor) { m_linkAcceptor = std::move(acceptor); }
    void setCircuitLinkHandler(CircuitLinkHandler circuits) { m_circuitLinks = std::move(circuits); }
    void setHttpLimits(const HttpLimits &limits) { m_limits = limits; }
    // Stop starting new work; connections already open carry on until closed.
    void setAccepting(bool accepting) { m_accepting = accepting; }
    int openConnections() const { return m_limiter->total(); }

    // Called by a listener for every accepted descriptor.
    void accept(qintptr descriptor);

signals:
    void connectionCountChanged(int open);

private:
    friend class ConnectionSlot;
    void release(const QHostAddress &address);
    void dispatch(qintptr descriptor, SniffedProtocol protocol, QObject *slot, const QElapsedTimer &since);
    void startTls(QTcpSocket *socket, QObject *slot, const QElapsedTimer &since);
    void dispatchDecrypted(QTcpSocket *socket, const QElapsedTimer &since);
    void startHttp(QTcpSocket *socket, const QElapsedTimer &since);
    void startClusterLink(QTcpSocket *socket, const QElapsedTimer &since);
    void startLibp2p(QTcpSocket *socket);
    void rejectAtDoor(qintptr descriptor, const QString &reason);

    const Router *m_router;
    WebSocketGateway *m_gateway;
    Metrics *m_metrics;
    ConnectionLimiter *m_limiter;
    HttpLimits m_limits;
    QPointer<TlsContext> m_tls;
    RawStreamHandler m_libp2p;
    LinkAcceptor m_linkAcceptor;
    CircuitLinkHandler m_circuitLinks;
    bool m_accepting = true;
    QHash<QString, qint64> m_lastRefusalLogged; // reason -> msecs since epoch
};

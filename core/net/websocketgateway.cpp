#include "websocketgateway.h"

#include "log/logcategories.h"
#include "metrics/metrics.h"

#include <QDateTime>
#include <QTcpSocket>
#include <QWebSocket>

WebSocketGateway::WebSocketGateway(Metrics *metrics, int idleTimeoutSeconds,
                                   int handshakeTimeoutSeconds, QObject *parent)
    : QObject(parent),
      m_metrics(metrics),
      m_server(QStringLiteral("Switchboard"), QWebSocketServer::NonSecureMode),
      m_idleTimeoutMs(qint64(idleTimeoutSeconds) * 1000)
{
    m_server.setHandshakeTimeout(handshakeTimeoutSeconds * 1000);
    // Handshakes finish one at a time on this thread and are taken at once; the default of 30
    // pending connections would only matter if they piled up.
    m_server.setMaxPendingConnections(1000);
    connect(&m_server, &QWebSocketServer::newConnection, this, &WebSocketGateway::takeNewConnections);
    connect(&m_server, &QWebSocketServer::serverError, this, [this](QWebSocketProtocol::CloseCode code) {
        qCInfo(lcWebSocket).noquote() << "handshake refused:" << m_server.errorString() << int(code);
        m_metrics->connectionRejected(QStringLiteral("websocket_handshake"));
    });
    connect(&m_idleSweep, &QTimer::timeout, this, &WebSocketGateway::sweepIdle);
    setIdleTimeout(idleTimeoutSeconds);
}

void WebSocketGateway::setIdleTimeout(int seconds)
{
    m_idleTimeoutMs = qint64(seconds) * 1000;
    // Sweeping four times per timeout keeps the error under a quarter of it, with one timer for
    // all sockets instead of one each.
    m_idleSweep.start(int(std::max<qint64>(250, m_idleTimeoutMs / 4)));
}

WebSocketGateway::PendingKey WebSocketGateway::keyFor(const QHostAddress &peer, quint16 peerPort,
                                                      quint16 localPort)
{
    return peer.toString() + QLatin1Char('|') + QString::number(peerPort) + QLatin1Char('|')
           + QString::number(localPort);
}

void WebSocketGateway::handOver(QTcpSocket *socket, const HttpRequest &request, const Route &route)
{
    const PendingKey key = keyFor(socket->peerAddress(), socket->peerPort(), socket->localPort());
    m_pending.insert(key, Pending{request, route.webSocket, route.maxWebSocketMessageBytes, route.name, socket});
    socket->setParent(this);
    // Until the handshake succeeds the TCP socket is ours to clean up; after it, the QWebSocket's
    // destruction takes it along (QWebSocket does not delete the socket it was upgraded from).
    connect(socket, &QAbstractSocket::disconnected, this, [this, socket, key] {
        m_pending.remove(key);
        socket->deleteLater();
    });
    m_server.handleConnection(socket);
}

void WebSocketGateway::takeNewConnections()
{
    while (m_server.hasPendingConnections()) {
        QWebSocket *socket = m_server.nextPendingConnection();
        const PendingKey key = keyFor(socket->peerAddress(), socket->peerPort(), socket->localPort());
        const auto it = m_pending.find(key);
        if (it == m_pending.end()) {
            // Cannot happen unless the socket vanished between handshake and here.
            socket->abort();
            socket->deleteLater();
            continue;
        }
        const Pending pending = it.value();
        m_pending.erase(it);
        adopt(socket, pending);
    }
}

void WebSocketGateway::adopt(QWebSocket *socket, const Pending &pending)
{
    socket->setParent(this);
    socket->setMaxAllowedIncomingMessageSize(quint64(pending.maxMessageBytes));
    socket->setMaxAllowedIncomingFrameSize(quint64(pending.maxMessageBytes));
    // The TCP socket below lives exactly as long as the WebSocket.
    if (pending.tcp) {
        disconnect(pending.tcp, &QAbstractSocket::disconnected, this, nullptr);
        pending.tcp->setParent(socket);
    }
    m_lastActivity.insert(socket, QDateTime::currentMSecsSinceEpoch());
    const auto touch = [this, socket] { m_lastActivity[socket] = QDateTime::currentMSecsSinceEpoch(); };
    connect(socket, &QWebSocket::textFrameReceived, this, touch);
    connect(socket, &QWebSocket::binaryFrameReceived, this, touch);
    connect(socket, &QWebSocket::pong, this, touch);
    connect(socket, &QWebSocket::disconnected, this, [this, socket] {
        m_lastActivity.remove(socket);
        m_metrics->setOpenWebSockets(openCount());
        socket->deleteLater();
        if (m_lastActivity.isEmpty())
            emit allClosed();
    });
    m_metrics->setOpenWebSockets(openCount());
    qCDebug(lcWebSocket).noquote() << "WebSocket" << pending.request.path << "from"
                                   << socket->peerAddress().toString() << "->" << pending.routeName;
    pending.handler(socket, pending.request);
}

void WebSocketGateway::sweepIdle()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const QList<QWebSocket *> sockets = m_lastActivity.keys();
    for (QWebSocket *socket : sockets) {
        const qint64 silent = now - m_lastActivity.value(socket);
        if (silent >= m_idleTimeoutMs) {
            qCInfo(lcWebSocket).noquote() << "closing idle WebSocket from" << socket->peerAddress().toString()
                                          << "after" << silent / 1000 << "s";
            m_metrics->connectionRejected(QStringLiteral("idle_timeout"));
            socket->close(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("idle timeout"));
        } else if (silent >= m_idleTimeoutMs / 2) {
            // A live client answers; its pong counts as activity.
            socket->ping();
        }
    }
}

void WebSocketGateway::closeAll(QWebSocketProtocol::CloseCode code, const QString &reason)
{
    const QList<QWebSocket *> sockets = m_lastActivity.keys();
    for (QWebSocket *socket : sockets)
        socket->close(code, reason);
    if (m_lastActivity.isEmpty())
        emit allClosed();
}

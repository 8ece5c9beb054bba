#pragma once
// Completes WebSocket handshakes (through QWebSocketServer) for requests the router sent here,
// gives each finished socket to its route's handler, and keeps every open WebSocket in view:
// idle timeout, message limits, and the 1001 close at shutdown.
//
// Ownership: the gateway owns every QWebSocket it hands out and deletes it once disconnected;
// handlers keep a QPointer or react to `disconnected`, and never delete it themselves.
#include "router.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>
#include <QWebSocketServer>

class Metrics;

class WebSocketGateway : public QObject
{
    Q_OBJECT
public:
    WebSocketGateway(Metrics *metrics, int idleTimeoutSeconds, int handshakeTimeoutSeconds,
                     QObject *parent = nullptr);

    // `socket` still holds the unread upgrade request. The gateway takes ownership.
    void handOver(QTcpSocket *socket, const HttpRequest &request, const Route &route);
    void setIdleTimeout(int seconds);
    int openCount() const { return int(m_lastActivity.size()); }
    // Sends a close frame with `code` to every open WebSocket.
    void closeAll(QWebSocketProtocol::CloseCode code, const QString &reason);

signals:
    void allClosed();

private:
    struct Pending
    {
        HttpRequest request;
        WebSocketHandler handler;
        qint64 maxMessageBytes;
        QString routeName;
        QPointer<QTcpSocket> tcp;
    };
    using PendingKey = QString;
    static PendingKey keyFor(const QHostAddress &peer, quint16 peerPort, quint16 localPort);
    void takeNewConnections();
    void adopt(QWebSocket *socket, const Pending &pending);
    void sweepIdle();

    Metrics *m_metrics;
    QWebSocketServer m_server;
    QHash<PendingKey, Pending> m_pending;
    QHash<QWebSocket *, qint64> m_lastActivity; // msecs since epoch of the last frame received
    QTimer m_idleSweep;
    qint64 m_idleTimeoutMs;
};

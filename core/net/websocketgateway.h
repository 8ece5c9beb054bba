#pragma once
// Takes over connections whose WebSocket handshake the HTTP layer has answered, gives each to its
// route's handler, and keeps every open WebSocket in view: the idle timeout (a ping at half of it,
// a 1001 close at all of it) and the 1001 close at shutdown.
//
// Ownership: the gateway owns every WebSocketConnection and deletes it after `closed`; handlers
// keep a QPointer or react to `closed`, and never delete one themselves. A pipe may move a
// connection to another thread (PipeThreads, without its parent); the gateway then still counts
// it and deletes it after `closed`, but touches it only through calls queued to its thread.
#include "router.h"

#include <QObject>
#include <QSet>
#include <QTimer>
#include <functional>

class Metrics;
class QTcpSocket;
class WebSocketConnection;

class WebSocketGateway : public QObject
{
    Q_OBJECT
public:
    WebSocketGateway(Metrics *metrics, int idleTimeoutSeconds, QObject *parent = nullptr);

    // `socket` has had its upgrade request consumed and the 101 answer written.
    void adopt(QTcpSocket *socket, const HttpRequest &request, const Route &route);
    void setIdleTimeout(int seconds);
    int openCount() const { return int(m_open.size()); }
    // Sends a close frame with `code` to every open WebSocket.
    void closeAll(quint16 code, const QString &reason);

signals:
    void allClosed();
    void openCountChanged(int open);

private:
    void sweepIdle();
    void countChanged();
    static void closeIfIdle(WebSocketConnection *connection, qint64 now, qint64 timeoutMs, Metrics *metrics);
    void onItsThread(WebSocketConnection *connection, std::function<void()> action);
    Metrics *m_metrics;
    QSet<WebSocketConnection *> m_open;
    QTimer m_idleSweep;
    qint64 m_idleTimeoutMs;
};

#include "websocketgateway.h"

#include "log/logcategories.h"
#include "metrics/metrics.h"
#include "websocket/websocketconnection.h"

#include <QDateTime>
#include <QPointer>

WebSocketGateway::WebSocketGateway(Metrics *metrics, int idleTimeoutSeconds, QObject *parent)
    : QObject(parent), m_metrics(metrics), m_idleTimeoutMs(qint64(idleTimeoutSeconds) * 1000)
{
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

void WebSocketGateway::adopt(QTcpSocket *socket, const HttpRequest &request, const Route &route)
{
    WebSocketConnection::Limits limits;
    limits.maxMessageBytes = route.maxWebSocketMessageBytes;
    auto *connection = new WebSocketConnection(socket, request, limits, this);
    m_open.insert(connection);
    countChanged();
    connect(connection, &PipeEndpoint::closed, this, [this, connection] {
        m_open.remove(connection);
        countChanged();
        connection->deleteLater();
        if (m_open.isEmpty())
            emit allClosed();
    });
    // A service may take a connection over and delete it with itself (libp2p over WebSocket: the
    // Libp2pConnection owns its transport), possibly before `closed`: never keep a dangling entry.
    connect(connection, &QObject::destroyed, this, [this, connection] {
        if (!m_open.remove(connection))
            return;
        countChanged();
        if (m_open.isEmpty())
            emit allClosed();
    });
    qCDebug(lcWebSocket).noquote() << "WebSocket" << request.path << "from" << request.peerAddress.toString()
                                   << "->" << route.name;
    // The service reads what it needs of the request now; after that, a kilobyte of headers per
    // idle socket is memory for nothing (docs/PERFORMANCE.md, idle connections). It may also
    // have taken the socket over and deleted it already.
    const QPointer<WebSocketConnection> stillHere(connection);
    route.webSocket(connection);
    if (stillHere)
        stillHere->forgetRequestHeaders();
}

void WebSocketGateway::countChanged()
{
    m_metrics->setOpenWebSockets(openCount());
    emit openCountChanged(openCount());
}

void WebSocketGateway::sweepIdle()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const QList<WebSocketConnection *> connections = m_open.values();
    for (WebSocketConnection *connection : connections) {
        onItsThread(connection, [connection, now, timeoutMs = m_idleTimeoutMs, metrics = m_metrics] {
            closeIfIdle(connection, now, timeoutMs, metrics);
        });
    }
}

void WebSocketGateway::closeIfIdle(WebSocketConnection *connection, qint64 now, qint64 timeoutMs, Metrics *metrics)
{
    if (!connection->isOpen())
        return;
    const qint64 silent = now - connection->lastActivityMs();
    if (silent >= timeoutMs) {
        qCInfo(lcWebSocket).noquote() << "closing idle" << connection->describe() << "after" << silent / 1000 << "s";
        QMetaObject::invokeMethod(metrics, [metrics] { metrics->connectionRejected(QStringLiteral("idle_timeout")); });
        connection->close(1001, QStringLiteral("idle timeout"));
    } else if (silent >= timeoutMs / 2) {
        // A live client answers; its pong counts as activity.
        connection->ping();
    }
}

void WebSocketGateway::onItsThread(WebSocketConnection *connection, std::function<void()> action)
{
    // A pipe may have moved the connection to one of its threads (PipeThreads); it is only
    // touched there then. It cannot be deleted before the call arrives: that happens after its
    // `closed` reaches this thread and takes it out of m_open, and a deleted receiver's queued
    // calls are dropped anyway.
    if (connection->thread() == thread())
        action();
    else
        QMetaObject::invokeMethod(connection, std::move(action), Qt::QueuedConnection);
}

void WebSocketGateway::closeAll(quint16 code, const QString &reason)
{
    const QList<WebSocketConnection *> connections = m_open.values();
    for (WebSocketConnection *connection : connections)
        onItsThread(connection, [connection, code, reason] { connection->close(code, reason); });
    if (m_open.isEmpty())
        emit allClosed();
}

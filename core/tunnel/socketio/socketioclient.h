#pragma once
// One Socket.IO client of the default namespace "/" (Socket.IO v5 over Engine.IO v4), as the
// tunnel service sees it: it decides whether to accept the CONNECT, then exchanges events and
// acknowledgements. Transports (HTTP long-polling, WebSocket, the upgrade between them) and
// heartbeats are handled below this class and invisible to the service.
#include "net/httprequest.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <functional>

class SocketIoClient : public QObject
{
    Q_OBJECT
public:
    using AckCallback = std::function<void(const QJsonArray &response)>;

    using QObject::QObject;

    // The Socket.IO id of this client (the `sid` of the CONNECT answer).
    virtual QString id() const = 0;
    // The HTTP request that opened the Engine.IO session (Host header, peer address, query).
    virtual const HttpRequest &openingRequest() const = 0;
    // The `auth` object of the client's CONNECT packet ({} when absent).
    virtual QJsonObject auth() const = 0;
    virtual bool isConnected() const = 0;
    // Bytes emitted to this client that have not left the relay yet, so a producer (a tunnelled
    // WebSocket) can hold back for a slow client; `drained` says when some have left.
    virtual qint64 unsentBytes() const = 0;

    // The answer to the CONNECT: accept (40{"sid":...}) or refuse (44{"message":...}, after which
    // the client is disconnected).
    virtual void accept() = 0;
    virtual void refuse(const QString &message) = 0;

    // Sends 42["name",...args]. With `onAck`, asks for an acknowledgement (42<id>[...]) and calls
    // it with the client's answer, or with {"error":"Request timeout"} as the only element after
    // `ackTimeoutMs`, or {"error":"Connection closed"} if the client goes first.
    virtual void emitEvent(const QString &name, const QJsonArray &args, AckCallback onAck = {},
                           int ackTimeoutMs = 30000) = 0;
    // Ends the Socket.IO connection (DISCONNECT, then the Engine.IO close).
    virtual void disconnectClient() = 0;

    // The fast lane for a busy tunnel, where every HTTP request is one event out and one back:
    // building and walking QJsonArrays cost more than the rest of the relay's work together
    // (docs/PERFORMANCE.md). An event named `name` that arrives without an ack id, after the
    // CONNECT was accepted, goes to `handler` as the packet's JSON text (`["name",...]`), unparsed;
    // a handler that returns false (it could not parse it) sends the event down the usual path,
    // which then reports it or emits eventReceived(). Without a lane every event takes that path.
    using RawEventHandler = std::function<bool(QByteArrayView eventJson)>;
    virtual void setRawEventHandler(const QString &name, RawEventHandler handler);
    // Sends an EVENT without an ack whose JSON array (`["name",...args]`) the caller wrote; it
    // must be valid JSON. The default parses it and calls emitEvent().
    virtual void emitEventJson(QByteArrayView eventJson);

signals:
    // An event. When the client asked for an acknowledgement, `ack` answers it (43<id>[...]);
    // otherwise `ack` is empty. Calling `ack` more than once, or after the client left, is harmless.
    // (`ack` is spelled with the AckCallback alias, the same std::function type: moc garbles a
    // function type written out inside a signal's template argument.)
    void eventReceived(const QString &name, const QJsonArray &args, const AckCallback &ack);
    // The client is gone (disconnect packet, transport closed, heartbeat timeout). Emitted once;
    // the object is deleted later by its owner.
    void disconnected(const QString &reason);
    void drained();
};

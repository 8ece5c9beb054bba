#pragma once
// The Engine.IO v4 / Socket.IO v5 server at /socket.io/ (HTTP long-polling, WebSocket, and the
// upgrade from one to the other), written from the public protocol documents
// (socketio/engine.io-protocol, socketio/socket.io-protocol): Debian packages no C++ server for it.
#include "net/router.h"
#include "socketioclient.h"

#include <QObject>

class Relay;

class SocketIoServer : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        int pingIntervalMs = 25000;
        int pingTimeoutMs = 60000;
        int upgradeTimeoutMs = 30000;
        qint64 maxPayloadBytes = 10 * 1000 * 1000; // maxHttpBufferSize of the original
        // Requests whose Host this accepts are served; others fall through to other routes.
        std::function<bool(const HttpRequest &)> hostFilter;
        int routePriority = 50;
        // Asked before a new session opens (not for requests of an existing one): 0 admits it,
        // otherwise the seconds to wait, answered 429 with Retry-After (per-address rate limits).
        std::function<int(const HttpRequest &)> admitHandshake;
        // Cluster mode: requests whose session is held by another node go there (Route::placement).
        RoutePlacement placement;
    };

    // Registers the /socket.io/ routes on the relay's router.
    SocketIoServer(Relay *relay, const Options &options, QObject *parent = nullptr);
    ~SocketIoServer() override;

    int clientCount() const;

signals:
    // A client sent its CONNECT for "/": the receiver must answer with accept() or refuse() (now
    // or later; events sent meanwhile are held). CONNECTs to other namespaces are refused by the
    // server itself. The server owns the client and deletes it after `disconnected`.
    void clientArrived(SocketIoClient *client);

private:
    class Private;
    Private *d;
};

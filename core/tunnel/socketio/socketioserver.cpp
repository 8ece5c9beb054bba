#include "socketioserver.h"

#include "engineioserver.h"
#include "socketioconnection.h"
#include "socketiosession.h"

#include <QSet>

class SocketIoServer::Private
{
public:
    EngineIoServer *engine = nullptr;
    QSet<SocketIoConnection *> clients; // arrived and not yet disconnected
};

namespace {

EngineIoServer::Options engineOptions(const SocketIoServer::Options &options)
{
    EngineIoServer::Options engine;
    engine.session.pingIntervalMs = options.pingIntervalMs;
    engine.session.pingTimeoutMs = options.pingTimeoutMs;
    engine.session.upgradeTimeoutMs = options.upgradeTimeoutMs;
    engine.session.maxPayloadBytes = options.maxPayloadBytes;
    // At least two messages of the largest size may wait for a slow client.
    engine.session.maxQueuedBytes = std::max<qint64>(16 * 1024 * 1024, 2 * options.maxPayloadBytes);
    engine.hostFilter = options.hostFilter;
    engine.routePriority = options.routePriority;
    engine.placement = options.placement;
    engine.admitHandshake = options.admitHandshake;
    return engine;
}

} // namespace

SocketIoServer::SocketIoServer(Relay *relay, const Options &options, QObject *parent)
    : QObject(parent), d(new Private)
{
    SocketIoSession::Options sessionOptions;
    sessionOptions.maxAttachmentBytes = options.maxPayloadBytes;
    sessionOptions.connection.maxHeldBytes = std::max<qint64>(16 * 1024 * 1024, 2 * options.maxPayloadBytes);

    d->engine = new EngineIoServer(relay, engineOptions(options), this);
    connect(d->engine, &EngineIoServer::sessionOpened, this, [this, sessionOptions](EngineIoSession *engineSession) {
        auto *session = new SocketIoSession(engineSession, sessionOptions, this);
        connect(session, &SocketIoSession::clientArrived, this, [this](SocketIoConnection *client) {
            d->clients.insert(client);
            connect(client, &SocketIoClient::disconnected, this, [this, client] {
                d->clients.remove(client);
                client->deleteLater();
            });
            emit clientArrived(client);
        });
    });
}

SocketIoServer::~SocketIoServer()
{
    // Tell whoever holds the clients, while everything is still in place; then close the sessions
    // without further signals.
    const QList<SocketIoConnection *> clients = d->clients.values();
    d->clients.clear();
    for (SocketIoConnection *client : clients) {
        client->disconnect(this);
        client->serverShutDown();
    }
    delete d->engine;
    delete d;
}

int SocketIoServer::clientCount() const
{
    return int(d->clients.size());
}

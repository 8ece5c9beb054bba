#include "socketioechoservice.h"

#include "log/logcategories.h"
#include "relay.h"
#include "socketioserver.h"

#include <QPointer>

SocketIoEchoService::SocketIoEchoService(Relay *relay) : QObject(relay)
{
    SocketIoServer::Options options;
    if (const int interval = qEnvironmentVariableIntValue("SWITCHBOARD_SOCKETIO_PING_INTERVAL"); interval > 0)
        options.pingIntervalMs = interval;
    if (const int timeout = qEnvironmentVariableIntValue("SWITCHBOARD_SOCKETIO_PING_TIMEOUT"); timeout > 0)
        options.pingTimeoutMs = timeout;
    // Above any real service's /socket.io/ route, so the tests reach this one on any host.
    options.routePriority = 1000;
    m_server = new SocketIoServer(relay, options, this);
    connect(m_server, &SocketIoServer::clientArrived, this, &SocketIoEchoService::onClient);
    qCWarning(lcTunnel).noquote() << "SWITCHBOARD_SOCKETIO_ECHO=1: the test echo service answers /socket.io/ on every host"
                                  << QStringLiteral("(ping interval %1 ms, timeout %2 ms)")
                                         .arg(options.pingIntervalMs)
                                         .arg(options.pingTimeoutMs);
}

void SocketIoEchoService::onClient(SocketIoClient *client)
{
    if (client->auth().value(QStringLiteral("echo")) != QJsonValue(true)) {
        client->refuse(QStringLiteral("Invalid connection parameters"));
        return;
    }
    connect(client, &SocketIoClient::eventReceived, this,
            [client](const QString &name, const QJsonArray &args, const SocketIoClient::AckCallback &ack) {
                if (name == QLatin1String("echo"))
                    client->emitEvent(QStringLiteral("echo"), args);
                if (name == QLatin1String("ask")) {
                    QPointer<SocketIoClient> asker(client);
                    client->emitEvent(QStringLiteral("question"), args, [asker](const QJsonArray &response) {
                        if (asker)
                            asker->emitEvent(QStringLiteral("answer"), response);
                    });
                }
                if (ack)
                    ack(args);
            });
    client->accept();
}

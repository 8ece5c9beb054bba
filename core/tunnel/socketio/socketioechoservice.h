#pragma once
// Test-only: a Socket.IO server that echoes, so the JavaScript tests can drive the Engine.IO /
// Socket.IO layer with the real socket.io-client without the tunnel service. The relay creates it
// when SWITCHBOARD_SOCKETIO_ECHO=1; it then takes /socket.io/ on every host.
//
// It accepts clients whose auth has {"echo":true} and refuses others with "Invalid connection
// parameters"; answers every ack request with the event's arguments; emits "echo" back with the
// arguments of an "echo" event; and on "ask" emits "question" (with the ask's arguments) asking
// for an ack, then emits "answer" with what the client acknowledged. SWITCHBOARD_SOCKETIO_PING_
// INTERVAL and SWITCHBOARD_SOCKETIO_PING_TIMEOUT (milliseconds) shorten the heartbeat.
#include <QObject>

class Relay;
class SocketIoClient;
class SocketIoServer;

class SocketIoEchoService : public QObject
{
    Q_OBJECT
public:
    explicit SocketIoEchoService(Relay *relay);

private:
    void onClient(SocketIoClient *client);

    SocketIoServer *m_server;
};

#pragma once
// One Engine.IO v4 session (engine.io-protocol): its transport (HTTP long-polling or WebSocket),
// the upgrade from polling to WebSocket, the heartbeat (the server pings, the client must pong
// within pingTimeout) and the close. The layer above sees messages in and out only.
//
// Polling: a GET is held until there is something to send (at the latest the next ping), one at
// a time; a POST carries client packets and is answered "ok". Upgrade: a WebSocket with this sid
// sends "2probe", gets "3probe", any held GET is answered with a noop, and the client's "5"
// switches the session to the WebSocket, where whatever was still queued goes first.
#include "engineiopacket.h"
#include "net/httprequest.h"
#include "net/httpresponder.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <optional>

class WebSocketConnection;

class EngineIoSession : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        int pingIntervalMs = 25000;
        int pingTimeoutMs = 60000;
        int upgradeTimeoutMs = 30000;
        qint64 maxPayloadBytes = 10 * 1000 * 1000;
        // Outgoing bytes a client may leave unread (queued for its next poll, or not yet taken by
        // its WebSocket) before it is dropped as too slow.
        qint64 maxQueuedBytes = 16 * 1024 * 1024;
        // Records in one POST body; the byte limit already bounds it, this bounds the work.
        int maxPacketsPerPayload = 10000;
        // How long a server-side close of a polling session waits for the poll that carries the
        // close packet (the reference waits as long).
        int closeTimeoutMs = 30000;
    };
    enum class Transport { Polling, WebSocket };

    EngineIoSession(const QString &id, const HttpRequest &openingRequest, const Options &options,
                    QObject *parent = nullptr);
    ~EngineIoSession() override;

    // The handshake: answers with the open packet and starts the heartbeat.
    void openWithPolling(HttpResponder responder);
    void openWithWebSocket(WebSocketConnection *socket);

    // Later requests carrying this session's sid (the server has checked the transport).
    void handlePoll(const HttpRequest &request, HttpResponder responder);
    void handleData(const HttpRequest &request, HttpResponder responder);
    void handleUpgrade(WebSocketConnection *socket);
    // Whether a WebSocket with this sid may start an upgrade now: the session is open, on
    // polling, and no other upgrade is under way.
    bool canUpgrade() const;

    QString id() const { return m_id; }
    const HttpRequest &openingRequest() const { return m_openingRequest; }
    Transport transport() const { return m_transport; }
    bool isUpgrading() const { return !m_probe.isNull(); }
    bool isOpen() const { return m_state == State::Open; }
    bool isClosed() const { return m_state == State::Closed; }

    // Sends a message packet (dropped once the session is closing).
    void sendMessage(const QByteArray &data, bool binary = false);
    // Ends the session from the server's side: queued packets go out first, then the close.
    void close(const QString &reason);
    // Ends it now without emitting anything (the server is being destroyed).
    void shutDown();

    // Bytes sent to the client that have not left yet (queued for its next poll, or not yet taken
    // by the kernel on a WebSocket): what lets a producer hold back for a slow client.
    qint64 unsentBytes() const;

signals:
    void messageReceived(const QByteArray &data, bool binary);
    // Some unsent bytes left (a poll took the queue, or the WebSocket wrote).
    void drained();
    // Emitted once, when the session is over. Reasons as the reference names them: "transport
    // close", "transport error", "ping timeout", "parse error", or the one given to close().
    void closed(const QString &reason);

private:
    enum class State { Open, Closing, Closed };
    struct HeldPoll
    {
        HttpResponder responder;
        QByteArray origin; // for the CORS headers of the late answer
    };

    QByteArray openPayload(bool offerUpgrade) const;
    void watchSocket(WebSocketConnection *socket);
    void onSocketFrame(WebSocketConnection *socket, const QByteArray &frame, bool text);
    void onSocketClosed(WebSocketConnection *socket);
    void onProbeFrame(const QByteArray &frame, bool text);
    void completeUpgrade();
    void abandonUpgrade(const QString &why);
    // Acts on one packet from the client; false when it was a protocol error (the session is
    // then closed).
    bool handlePacket(const EngineIoPacket &packet);
    void sendPacket(const EngineIoPacket &packet);
    void scheduleFlush();
    // Answers the held poll (if its client is still there) with `packets`; true if answered.
    bool answerHeldPoll(const QList<EngineIoPacket> &packets);
    bool flushQueueToHeldPoll(bool appendClose = false);
    bool checkQueueLimit();
    void sendPing();
    void closedByClient();
    void fail(const QString &reason, const QString &detail, quint16 webSocketCode);
    void finish(const QString &reason);

    QString m_id;
    HttpRequest m_openingRequest;
    Options m_options;
    State m_state = State::Open;
    Transport m_transport = Transport::Polling;
    QPointer<WebSocketConnection> m_socket; // the WebSocket transport
    QPointer<WebSocketConnection> m_probe; // a WebSocket being upgraded to
    bool m_probeAnswered = false;
    std::optional<HeldPoll> m_heldPoll;
    QList<EngineIoPacket> m_queue; // waiting for the next poll (or for the upgrade to finish)
    qint64 m_queuedBytes = 0;
    bool m_flushScheduled = false;
    QString m_closeReason;
    QTimer m_pingIntervalTimer;
    QTimer m_pingTimeoutTimer;
    QTimer m_upgradeTimer;
    QTimer m_closeTimer;
};

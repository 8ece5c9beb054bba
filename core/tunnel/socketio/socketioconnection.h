#pragma once
// The SocketIoClient the tunnel service gets: one client's connection to the default namespace
// "/", on top of an Engine.IO session. It answers the CONNECT (accept or refuse), turns EVENT and
// ACK packets into signals and callbacks, and keeps the server-side acknowledgements with their
// timeouts.
//
// Events the client sends before accept() are held and delivered right after it (in a later pass
// of the event loop, so accept() never re-enters its caller); emitEvent() before accept() is
// held too and sent after the CONNECT answer. A refusal drops both.
#include "socketioclient.h"
#include "socketiopacket.h"

#include <QHash>
#include <QList>
#include <QPointer>

class EngineIoSession;
class QTimer;

class SocketIoConnection : public SocketIoClient
{
    Q_OBJECT
public:
    struct Limits
    {
        // Events held while the service has not answered the CONNECT yet.
        int maxHeldEvents = 1000;
        qint64 maxHeldBytes = 16 * 1024 * 1024;
    };

    SocketIoConnection(EngineIoSession *engine, const QString &id, const QJsonObject &auth, const Limits &limits,
                       QObject *parent = nullptr);
    ~SocketIoConnection() override;

    // SocketIoClient
    QString id() const override { return m_id; }
    const HttpRequest &openingRequest() const override { return m_openingRequest; }
    QJsonObject auth() const override { return m_auth; }
    // From the CONNECT until the client is gone, refused or disconnected.
    bool isConnected() const override { return m_state != State::Ended; }
    qint64 unsentBytes() const override;
    void accept() override;
    void refuse(const QString &message) override;
    void emitEvent(const QString &name, const QJsonArray &args, AckCallback onAck = {},
                   int ackTimeoutMs = 30000) override;
    void disconnectClient() override;
    void setRawEventHandler(const QString &name, RawEventHandler handler) override;
    void emitEventJson(QByteArrayView eventJson) override;

    bool isAccepted() const { return m_state == State::Accepted; }
    bool hasEnded() const { return m_state == State::Ended; }
    int pendingAckCount() const { return int(m_pendingAcks.size()); }

    // An EVENT, ACK or DISCONNECT for "/" (binary ones already assembled). False when the client
    // broke the protocol; the caller then closes the transport.
    bool handlePacket(const SocketIoPacket &packet, qsizetype wireBytes, QString *error);
    // A text packet that may belong to a raw event lane (see SocketIoClient). True when a lane
    // took it; false leaves it to the usual decoding.
    bool deliverToRawLane(const QByteArray &packetText);
    // The Engine.IO session is over.
    void transportClosed(const QString &reason);
    // The server is being destroyed: `disconnected` is emitted, ack callbacks are not called
    // (what they capture may already be gone).
    void serverShutDown();

signals:
    void accepted();

private:
    enum class State { Pending, Accepted, Ended };
    struct PendingAck
    {
        AckCallback callback;
        QTimer *timer = nullptr;
    };

    void sendPacket(const SocketIoPacket &packet);
    void deliverEvent(const SocketIoPacket &packet);
    void deliverHeldEvents();
    void onAckTimeout(qint64 ackId);
    void end(const QString &reason, bool callAcks);
    void failAckSoon(const AckCallback &callback);

    QPointer<EngineIoSession> m_engine;
    QString m_id;
    QJsonObject m_auth;
    HttpRequest m_openingRequest;
    Limits m_limits;
    State m_state = State::Pending;
    QList<SocketIoPacket> m_heldIncoming;
    qint64 m_heldIncomingBytes = 0;
    bool m_deliveryScheduled = false;
    QList<SocketIoPacket> m_heldOutgoing;
    QHash<qint64, PendingAck> m_pendingAcks;
    struct RawLane
    {
        QByteArray name; // UTF-8, as it appears in the packet
        RawEventHandler handler;
    };
    QList<RawLane> m_rawLanes;
    qint64 m_nextAckId = 0;
};

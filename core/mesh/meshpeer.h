#pragma once
// One WebSocket at /relay/{mesh_id}: before its first frame a pending registration, then a member
// of a room under its node id, and once the room has let it go (left, replaced, too slow, idle)
// a connection that is closing and whose frames are ignored.
//
// The peer talks to its socket through PipeEndpoint (a WebSocketConnection in the server, a fake
// in unit tests). The WebSocketGateway owns the connection and deletes it after `closed`; the
// peer only keeps a QPointer to it.
#include "frameratelimiter.h"
#include "meshcapabilitygrant.h"

#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>

class MeshRoom;
class PipeEndpoint;

class MeshPeer : public QObject
{
    Q_OBJECT
public:
    enum class State { AwaitingRegistration, Member, Leaving };

    MeshPeer(PipeEndpoint *connection, const QString &remoteAddress, const QString &meshId, int maxFramesPerSecond,
             QObject *parent);

    const QString &meshId() const { return m_meshId; }
    State state() const { return m_state; }
    const QString &remoteAddress() const { return m_remoteAddress; }

    // Queues a text frame; returns the bytes queued (0 when the connection is gone or closing).
    qint64 send(const QByteArray &frame);
    qint64 pendingBytes() const;
    // Ends the conversation: the peer stops counting as a member and its socket gets a close frame.
    void close(quint16 code, const QString &reason);

    // Membership, set by the room.
    void becomeMember(MeshRoom *room, const QString &nodeId, const QString &name, const QStringList &capabilities,
                      bool isFounder, double joinedAtSeconds);
    void leaveRoom();
    MeshRoom *room() const { return m_room; }
    const QString &nodeId() const { return m_nodeId; }
    const QString &name() const { return m_name; }
    // The capabilities the relay holds for this member (what it claimed, limited by its grant):
    // these, not the member's claims, decide where LLM requests go and what the others are shown.
    const QStringList &capabilities() const { return m_capabilities; }
    void setCapabilities(const QStringList &capabilities) { m_capabilities = capabilities; }
    // What the member may hold, decided at admission; every later claim goes through it.
    const CapabilityGrant &capabilityGrant() const { return m_capabilityGrant; }
    void setCapabilityGrant(const CapabilityGrant &grant) { m_capabilityGrant = grant; }
    bool isFounder() const { return m_isFounder; }
    double joinedAtSeconds() const { return m_joinedAtSeconds; }

    // Frames are counted here, not by the socket: WebSocket pongs keep a connection alive for the
    // gateway, but only messages count as a mesh peer being present (as in the original).
    void noteMessage(qint64 nowMs) { m_lastMessageMs = nowMs; }
    qint64 lastMessageMs() const { return m_lastMessageMs; }
    bool allowFrame(qint64 nowMs) { return m_rate.allow(nowMs); }

    // Since when the send backlog has been above the soft limit (-1: it is not).
    qint64 backlogSinceMs() const { return m_backlogSinceMs; }
    void setBacklogSinceMs(qint64 ms) { m_backlogSinceMs = ms; }

    // Runs while the first frame is awaited.
    QTimer &registrationTimer() { return m_registrationTimer; }

private:
    QPointer<PipeEndpoint> m_connection;
    QString m_remoteAddress;
    QString m_meshId;
    State m_state = State::AwaitingRegistration;
    MeshRoom *m_room = nullptr;
    QString m_nodeId;
    QString m_name;
    QStringList m_capabilities;
    CapabilityGrant m_capabilityGrant;
    bool m_isFounder = false;
    double m_joinedAtSeconds = 0;
    qint64 m_lastMessageMs = 0;
    qint64 m_backlogSinceMs = -1;
    FrameRateLimiter m_rate;
    QTimer m_registrationTimer;
};

#pragma once
// One mesh: its members in join order, keyed by node id; delivery to them; the registry session
// that shows the mesh in /stats and the UI; and its LLM request bookkeeping.
//
// Delivery never waits for a receiver: sendText only queues. A member whose queue stays above
// MeshLimits::maxPendingSendBytes for the grace period (closeSlowMembers), or passes
// hardPendingSendBytes at any time (then once the current fan-out is done), is closed with 1008
// "too slow", so a slow phone costs the others nothing but its own bounded queue.
//
// Members leave through remove(); when the last one has gone the room ends its session and emits
// emptied(), after which the service forgets it.
#include "llmrequestrouter.h"
#include "meshlimits.h"
#include "sessions/sessionregistry.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QString>
#include <optional>

class MeshPeer;

class MeshRoom : public QObject
{
    Q_OBJECT
public:
    struct Close
    {
        quint16 code;
        QString reason;
    };

    MeshRoom(const QString &meshId, const QString &meshName, SessionRegistry *sessions, const MeshLimits &limits,
             QObject *parent);
    ~MeshRoom() override;

    const QString &meshId() const { return m_meshId; }
    const QString &meshName() const { return m_meshName; }
    // A founder may register a mesh whose open room already has members.
    void setMeshName(const QString &name) { m_meshName = name; }
    int size() const { return int(m_members.size()); }
    bool isEmpty() const { return m_members.isEmpty(); }
    MeshPeer *member(const QString &nodeId) const;
    const QList<MeshPeer *> &members() const { return m_members; }

    // Makes `peer` the member `nodeId`: the others get peer_joined, then the newcomer gets joined
    // and the peer list. A live member with the same node id (the caller has checked that the
    // newcomer proved to be that node) is replaced: its socket is closed with 1000 "Replaced by
    // new connection" and nobody is told it left, since the node has not.
    void admit(MeshPeer *peer, const QString &nodeId, const QString &name, const QStringList &capabilities,
               bool isFounder, double nowSeconds);
    // Takes `peer` out: the others get peer_left, requesters waiting on it get an llm_error.
    // With `close`, its socket gets that close frame.
    void remove(MeshPeer *peer, const std::optional<Close> &close = std::nullopt);

    // Queues `frame` for one member / all members but `except`, counting the bytes.
    void deliver(MeshPeer *to, const QByteArray &frame);
    void broadcast(const QByteArray &frame, const MeshPeer *except);
    // Bytes received from members, for the session's figures.
    void countReceived(qint64 bytes) { m_unaccountedIn += quint64(bytes); }

    LlmRequestRouter &llm() { return m_llm; }
    // Requesters of requests past their deadline get an llm_error.
    void expireLlmRequests(qint64 nowMs);
    // Members that have sent nothing for `idleMs` are closed (1000 "Connection timeout", as the
    // original does).
    void closeIdleMembers(qint64 nowMs, qint64 idleMs);
    // Members whose backlog has stayed above the soft limit for the grace period are closed.
    void closeSlowMembers(qint64 nowMs);

    // Ends an operation: reports the byte counts, closes members found too slow, and emits
    // emptied() when nobody is left. Every public mutator calls it; the message handler calls it
    // after each frame.
    void settle();

signals:
    void emptied(MeshRoom *room);

private:
    void takeOut(MeshPeer *peer, const std::optional<Close> &close, bool tellOthers);
    void updateSessionPeers();
    void reportBytes();
    QString sessionKey() const;

    QString m_meshId;
    QString m_meshName;
    QPointer<SessionRegistry> m_sessions; // the Relay may delete the registry before its services
    MeshLimits m_limits;
    QList<MeshPeer *> m_members;
    QHash<QString, MeshPeer *> m_byNodeId;
    QSet<MeshPeer *> m_tooSlow;
    LlmRequestRouter m_llm;
    quint64 m_unaccountedIn = 0;
    quint64 m_unaccountedOut = 0;
    bool m_settling = false;
    bool m_ended = false;
};

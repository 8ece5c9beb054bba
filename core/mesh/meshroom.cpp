#include "meshroom.h"

#include "log/logcategories.h"
#include "meshframes.h"
#include "meshpeer.h"
#include "net/websocket/websocketconnection.h"
#include "sessions/sessionregistry.h"

MeshRoom::MeshRoom(const QString &meshId, const QString &meshName, SessionRegistry *sessions,
                   const MeshLimits &limits, QObject *parent)
    : QObject(parent), m_meshId(meshId), m_meshName(meshName), m_sessions(sessions), m_limits(limits)
{
    Session session;
    session.service = QStringLiteral("mesh");
    session.id = meshId;
    m_sessions->begin(session);
}

MeshRoom::~MeshRoom()
{
    if (!m_ended && m_sessions)
        m_sessions->end(sessionKey());
}

QString MeshRoom::sessionKey() const
{
    return Session::keyFor(QStringLiteral("mesh"), m_meshId);
}

MeshPeer *MeshRoom::member(const QString &nodeId) const
{
    return m_byNodeId.value(nodeId, nullptr);
}

void MeshRoom::admit(MeshPeer *peer, const QString &nodeId, const QString &name, const QStringList &capabilities,
                     bool isFounder, double nowSeconds)
{
    if (MeshPeer *previous = member(nodeId)) {
        qCInfo(lcMesh).noquote() << "node" << nodeId << "reconnected to a mesh; replacing its old connection";
        takeOut(previous, Close{WebSocketCloseCode::Normal, QStringLiteral("Replaced by new connection")}, false);
    }
    peer->becomeMember(this, nodeId, name, capabilities, isFounder, nowSeconds);
    broadcast(MeshFrames::peerJoined(nodeId, name, capabilities, isFounder), nullptr);
    m_members << peer;
    m_byNodeId.insert(nodeId, peer);

    deliver(peer, MeshFrames::joined(m_meshName, m_meshId, size()));
    QJsonArray others;
    for (const MeshPeer *m : std::as_const(m_members)) {
        if (m != peer)
            others << MeshFrames::peerInfo(m->nodeId(), m->name(), m->capabilities(), m->isFounder(),
                                           m->joinedAtSeconds());
    }
    deliver(peer, MeshFrames::peers(others));
    updateSessionPeers();
    settle();
}

void MeshRoom::remove(MeshPeer *peer, const std::optional<Close> &close)
{
    takeOut(peer, close, true);
    settle();
}

void MeshRoom::takeOut(MeshPeer *peer, const std::optional<Close> &close, bool tellOthers)
{
    if (!m_members.removeOne(peer))
        return;
    m_byNodeId.remove(peer->nodeId());
    m_tooSlow.remove(peer);
    peer->leaveRoom();
    if (close)
        peer->close(close->code, close->reason);
    updateSessionPeers();
    if (!tellOthers)
        return;
    broadcast(MeshFrames::peerLeft(peer->nodeId()), nullptr);
    for (const LlmRequestRouter::Request &orphan : m_llm.takeOrphanedBy(peer->nodeId())) {
        if (MeshPeer *requester = member(orphan.requester))
            deliver(requester, MeshFrames::llmError(orphan.requestId, QStringLiteral("LLM peer left before answering")));
    }
}

void MeshRoom::deliver(MeshPeer *to, const QByteArray &frame)
{
    m_unaccountedOut += quint64(to->send(frame));
    if (to->pendingBytes() > m_limits.hardPendingSendBytes)
        m_tooSlow.insert(to);
}

void MeshRoom::broadcast(const QByteArray &frame, const MeshPeer *except)
{
    for (MeshPeer *m : std::as_const(m_members)) {
        if (m != except)
            deliver(m, frame);
    }
}

void MeshRoom::expireLlmRequests(qint64 nowMs)
{
    for (const LlmRequestRouter::Request &expired : m_llm.takeExpired(nowMs)) {
        if (MeshPeer *requester = member(expired.requester))
            deliver(requester, MeshFrames::llmError(expired.requestId, QStringLiteral("LLM request timed out")));
    }
    settle();
}

void MeshRoom::closeIdleMembers(qint64 nowMs, qint64 idleMs)
{
    const QList<MeshPeer *> members = m_members;
    for (MeshPeer *m : members) {
        if (m->room() == this && nowMs - m->lastMessageMs() >= idleMs) {
            qCInfo(lcMesh).noquote() << "closing idle mesh peer" << m->nodeId() << "after" << (nowMs - m->lastMessageMs()) / 1000 << "s";
            takeOut(m, Close{WebSocketCloseCode::Normal, QStringLiteral("Connection timeout")}, true);
        }
    }
    settle();
}

void MeshRoom::closeSlowMembers(qint64 nowMs)
{
    for (MeshPeer *m : std::as_const(m_members)) {
        if (m->pendingBytes() <= m_limits.maxPendingSendBytes)
            m->setBacklogSinceMs(-1);
        else if (m->backlogSinceMs() < 0)
            m->setBacklogSinceMs(nowMs);
        else if (nowMs - m->backlogSinceMs() >= m_limits.slowPeerGraceMs)
            m_tooSlow.insert(m);
    }
    settle();
}

void MeshRoom::settle()
{
    if (m_settling || m_ended)
        return;
    m_settling = true;
    // Closing a slow member tells the others, which can find another one too slow; each pass
    // removes at least one member, so this ends.
    while (!m_tooSlow.isEmpty()) {
        MeshPeer *slow = *m_tooSlow.cbegin();
        m_tooSlow.remove(slow);
        qCInfo(lcMesh).noquote() << "closing mesh peer" << slow->nodeId() << ":" << slow->pendingBytes()
                                 << "bytes unsent";
        takeOut(slow, Close{WebSocketCloseCode::PolicyViolation, QStringLiteral("too slow")}, true);
    }
    reportBytes();
    m_settling = false;
    if (m_members.isEmpty()) {
        m_ended = true;
        if (m_sessions)
            m_sessions->end(sessionKey());
        emit emptied(this);
    }
}

void MeshRoom::reportBytes()
{
    if ((m_unaccountedIn == 0 && m_unaccountedOut == 0) || !m_sessions)
        return;
    m_sessions->addBytes(sessionKey(), m_unaccountedIn, m_unaccountedOut);
    m_unaccountedIn = 0;
    m_unaccountedOut = 0;
}

void MeshRoom::updateSessionPeers()
{
    QStringList nodeIds;
    QStringList addresses;
    for (const MeshPeer *m : std::as_const(m_members)) {
        nodeIds << m->nodeId();
        addresses << m->remoteAddress();
    }
    if (m_sessions)
        m_sessions->setPeers(sessionKey(), nodeIds, addresses);
}

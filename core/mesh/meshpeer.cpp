#include "meshpeer.h"

#include "net/pipe/pipeendpoint.h"

#include <QDateTime>

MeshPeer::MeshPeer(PipeEndpoint *connection, const QString &remoteAddress, const QString &meshId,
                   int maxFramesPerSecond, QObject *parent)
    : QObject(parent),
      m_connection(connection),
      m_remoteAddress(remoteAddress),
      m_meshId(meshId),
      m_rate(maxFramesPerSecond)
{
    m_lastMessageMs = QDateTime::currentMSecsSinceEpoch();
    m_registrationTimer.setSingleShot(true);
}

qint64 MeshPeer::send(const QByteArray &frame)
{
    if (!m_connection || !m_connection->isOpen() || m_state == State::Leaving)
        return 0;
    m_connection->send(frame, true);
    return frame.size();
}

qint64 MeshPeer::pendingBytes() const
{
    return m_connection ? m_connection->pendingBytes() : 0;
}

void MeshPeer::close(quint16 code, const QString &reason)
{
    m_state = State::Leaving;
    m_registrationTimer.stop();
    if (m_connection)
        m_connection->close(code, reason);
}

void MeshPeer::becomeMember(MeshRoom *room, const QString &nodeId, const QString &name,
                            const QStringList &capabilities, bool isFounder, double joinedAtSeconds)
{
    m_state = State::Member;
    m_registrationTimer.stop();
    m_room = room;
    m_nodeId = nodeId;
    m_name = name;
    m_capabilities = capabilities;
    m_isFounder = isFounder;
    m_joinedAtSeconds = joinedAtSeconds;
}

void MeshPeer::leaveRoom()
{
    m_room = nullptr;
    if (m_state == State::Member)
        m_state = State::Leaving;
}

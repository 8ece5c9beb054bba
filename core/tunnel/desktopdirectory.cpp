#include "desktopdirectory.h"

#include "socketio/socketioclient.h"

#include <QDateTime>
#include <QRandomGenerator>

QString DesktopDirectory::randomId()
{
    QString id;
    for (int i = 0; i < 6; ++i)
        id += QLatin1Char(kAlphabet[QRandomGenerator::system()->bounded(32)]);
    return id;
}

QString DesktopDirectory::freshId() const
{
    // 32^6 ids: collisions are rare but possible, and the original never checked.
    for (;;) {
        const QString id = randomId();
        if (!m_sessions.contains(id))
            return id;
    }
}

DesktopSession &DesktopDirectory::create(const QString &deviceId, const QString &wantedId)
{
    DesktopSession session;
    session.id = !wantedId.isEmpty() && !m_sessions.contains(wantedId) ? wantedId : freshId();
    session.deviceId = deviceId;
    session.createdMs = QDateTime::currentMSecsSinceEpoch();
    if (!deviceId.isEmpty())
        m_byDevice.insert(deviceId, session.id);
    return *m_sessions.insert(session.id, session);
}

DesktopSession *DesktopDirectory::find(const QString &id)
{
    const auto it = m_sessions.find(id);
    return it == m_sessions.end() ? nullptr : &*it;
}

DesktopSession *DesktopDirectory::findByDevice(const QString &deviceId)
{
    if (deviceId.isEmpty())
        return nullptr;
    return find(m_byDevice.value(deviceId));
}

void DesktopDirectory::remove(const QString &id)
{
    const auto it = m_sessions.find(id);
    if (it == m_sessions.end())
        return;
    if (m_byDevice.value(it->deviceId) == id)
        m_byDevice.remove(it->deviceId);
    m_sessions.erase(it);
}

QStringList DesktopDirectory::expire(qint64 nowMs)
{
    QStringList expired;
    for (const DesktopSession &session : std::as_const(m_sessions)) {
        if (!session.desktopOnline() && session.expiresMs <= nowMs)
            expired << session.id;
    }
    for (const QString &id : std::as_const(expired))
        remove(id);
    return expired;
}

int DesktopDirectory::onlineDesktops() const
{
    int n = 0;
    for (const DesktopSession &session : m_sessions)
        n += session.desktopOnline() ? 1 : 0;
    return n;
}

int DesktopDirectory::connectedClients() const
{
    int n = 0;
    for (const DesktopSession &session : m_sessions) {
        for (const auto &client : session.clients)
            n += client ? 1 : 0;
    }
    return n;
}

#include "inmemorysessionregistry.h"

void InMemorySessionRegistry::begin(const Session &session)
{
    Session s = session;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (!s.startedAt.isValid())
        s.startedAt = now;
    if (!s.lastActivity.isValid())
        s.lastActivity = s.startedAt;
    const QString key = s.key();
    ServiceTotals &totals = m_totals[s.service];
    if (m_sessions.contains(key)) {
        // Beginning a live session again replaces it; do not count it twice.
        m_sessions.insert(key, s);
        emit sessionChanged(s);
        return;
    }
    ++totals.active;
    ++totals.started;
    totals.bytesIn += s.bytesIn;
    totals.bytesOut += s.bytesOut;
    m_sessions.insert(key, s);
    emit sessionBegan(s);
}

void InMemorySessionRegistry::setPeers(const QString &key, const QStringList &peers,
                                       const QStringList &remoteAddresses)
{
    const auto it = m_sessions.find(key);
    if (it == m_sessions.end())
        return;
    it->peers = peers;
    it->remoteAddresses = remoteAddresses;
    it->lastActivity = QDateTime::currentDateTimeUtc();
    emit sessionChanged(*it);
}

void InMemorySessionRegistry::addBytes(const QString &key, quint64 in, quint64 out)
{
    const auto it = m_sessions.find(key);
    if (it == m_sessions.end())
        return;
    it->bytesIn += in;
    it->bytesOut += out;
    it->lastActivity = QDateTime::currentDateTimeUtc();
    ServiceTotals &totals = m_totals[it->service];
    totals.bytesIn += in;
    totals.bytesOut += out;
    markTouched(key);
}

void InMemorySessionRegistry::end(const QString &key)
{
    const auto it = m_sessions.find(key);
    if (it == m_sessions.end())
        return;
    const Session ended = *it;
    m_sessions.erase(it);
    forgetTouched(key);
    --m_totals[ended.service].active;
    emit sessionEnded(ended);
}

std::optional<Session> InMemorySessionRegistry::find(const QString &key) const
{
    const auto it = m_sessions.constFind(key);
    if (it == m_sessions.cend())
        return std::nullopt;
    return *it;
}

QList<Session> InMemorySessionRegistry::sessions() const
{
    return m_sessions.values();
}

ServiceTotals InMemorySessionRegistry::totals(const QString &service) const
{
    return m_totals.value(service);
}

#include "seencache.h"

namespace Libp2p::Pubsub {

bool SeenCache::contains(const QByteArray &id, qint64 nowMs) const
{
    const auto it = m_when.constFind(id);
    return it != m_when.constEnd() && nowMs - it.value() < m_ttlMs;
}

bool SeenCache::insert(const QByteArray &id, qint64 nowMs)
{
    expire(nowMs);
    if (m_when.contains(id))
        return false;
    while (m_order.size() >= m_maxEntries)
        m_when.remove(m_order.dequeue());
    m_when.insert(id, nowMs);
    m_order.enqueue(id);
    return true;
}

void SeenCache::expire(qint64 nowMs)
{
    // Insertion times only grow, so the expired ids are all at the front.
    while (!m_order.isEmpty() && nowMs - m_when.value(m_order.head()) >= m_ttlMs)
        m_when.remove(m_order.dequeue());
}

} // namespace Libp2p::Pubsub

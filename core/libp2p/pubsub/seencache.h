#pragma once
// The message ids a pubsub router has forwarded recently, so that each message goes out once
// even when it comes back along another path. Bounded twice: an id is forgotten after `ttlMs`,
// and beyond `maxEntries` the oldest ids go first (a flood of fresh ids cannot grow memory).
// Time is passed in (milliseconds from any monotonic clock) so tests need no waiting.
#include <QByteArray>
#include <QHash>
#include <QQueue>

namespace Libp2p::Pubsub {

class SeenCache
{
public:
    SeenCache(int maxEntries, qint64 ttlMs) : m_maxEntries(qMax(1, maxEntries)), m_ttlMs(ttlMs) {}

    // True if `id` was inserted less than ttlMs before `nowMs`.
    bool contains(const QByteArray &id, qint64 nowMs) const;
    // Remembers `id`; false if it was already remembered (then nothing changes).
    bool insert(const QByteArray &id, qint64 nowMs);
    int size() const { return int(m_when.size()); }

private:
    void expire(qint64 nowMs);

    int m_maxEntries;
    qint64 m_ttlMs;
    QHash<QByteArray, qint64> m_when; // id -> inserted at
    QQueue<QByteArray> m_order; // oldest first; each id in m_when exactly once
};

} // namespace Libp2p::Pubsub

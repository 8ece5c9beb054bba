#include "reservationtable.h"

namespace Libp2p::Circuit {

std::optional<qint64> ReservationTable::reserve(const PeerId &peer, qint64 nowSeconds)
{
    if (peer.isNull())
        return std::nullopt;
    if (!m_expiry.contains(peer) && m_expiry.size() >= m_limits.maxReservations) {
        // Expired entries must not keep new peers out: only count live ones against the cap.
        purge(nowSeconds);
        if (m_expiry.size() >= m_limits.maxReservations)
            return std::nullopt;
    }
    const qint64 expire = nowSeconds + m_limits.ttlSeconds;
    m_expiry.insert(peer, expire);
    return expire;
}

bool ReservationTable::has(const PeerId &peer, qint64 nowSeconds) const
{
    const auto it = m_expiry.constFind(peer);
    return it != m_expiry.constEnd() && it.value() > nowSeconds;
}

std::optional<qint64> ReservationTable::expiry(const PeerId &peer) const
{
    const auto it = m_expiry.constFind(peer);
    if (it == m_expiry.constEnd())
        return std::nullopt;
    return it.value();
}

void ReservationTable::purge(qint64 nowSeconds)
{
    for (auto it = m_expiry.begin(); it != m_expiry.end();) {
        if (it.value() <= nowSeconds)
            it = m_expiry.erase(it);
        else
            ++it;
    }
}

} // namespace Libp2p::Circuit

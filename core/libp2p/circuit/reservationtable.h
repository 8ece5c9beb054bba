#pragma once
// Circuit relay v2 reservations: which peers may be reached through the relay, until when.
// A plain table (the caller passes the time) so that expiry and the cap are testable without
// clocks. A peer holds at most one reservation; reserving again refreshes it.
#include "libp2p/crypto/peerid.h"

#include <QHash>
#include <optional>

namespace Libp2p::Circuit {

class ReservationTable
{
public:
    struct Limits
    {
        int maxReservations = 100;
        qint64 ttlSeconds = 3600;
    };

    ReservationTable() : m_limits{} {}
    explicit ReservationTable(const Limits &limits) : m_limits(limits) {}

    // Grants or refreshes `peer`'s reservation at `nowSeconds` (unix time) and returns its expiry,
    // or nothing when the table is full of live reservations of other peers.
    std::optional<qint64> reserve(const PeerId &peer, qint64 nowSeconds);
    // True while `peer` holds a reservation that has not expired at `nowSeconds`.
    bool has(const PeerId &peer, qint64 nowSeconds) const;
    // The reservation's expiry, if any (expired or not).
    std::optional<qint64> expiry(const PeerId &peer) const;
    void remove(const PeerId &peer) { m_expiry.remove(peer); }
    // Drops every reservation expired at `nowSeconds`.
    void purge(qint64 nowSeconds);
    int size() const { return int(m_expiry.size()); }
    const Limits &limits() const { return m_limits; }

private:
    Limits m_limits;
    QHash<PeerId, qint64> m_expiry;
};

} // namespace Libp2p::Circuit

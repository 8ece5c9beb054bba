#pragma once
// Gossipsub's control messages (RPC field 3) as far as the relay's minimal meshsub router uses
// them (github.com/libp2p/specs pubsub/gossipsub/gossipsub-v1.0.md and -v1.1.md):
// - GRAFT: the peer put us in its mesh for a topic. Accepted for topics we serve; for any other
//   topic the answer is a PRUNE (v1.1: with a backoff, so the peer does not retry at once).
// - PRUNE: the peer took us out of its mesh; we do not GRAFT it again on this connection.
// - IHAVE/IWANT: read past. The relay forwards every message to every subscriber at once, so
//   gossip about messages it lacks would only repeat what the publisher already flood-published
//   to it; and it never sends IHAVE, so no compliant peer has reason to send it IWANT.
#include <QByteArray>
#include <QByteArrayView>
#include <QStringList>
#include <optional>

namespace Libp2p::Pubsub::MeshsubControl {

// The recommended PRUNE backoff (v1.1), seconds.
constexpr quint64 PruneBackoffSeconds = 60;

struct Received
{
    QStringList grafts;
    QStringList prunes;
};

// Parses a ControlMessage (the raw value of RPC field 3). Empty when malformed or when it holds
// more than `maxEntries` GRAFTs and PRUNEs together (a peer has no reason to send that many for
// a relay serving a handful of topics).
std::optional<Received> parse(QByteArrayView control, int maxEntries);

// An RPC body (not length-prefixed) with our subscriptions (`subscribe`) and control: GRAFT for
// `grafts`, PRUNE for `prunes` (with PruneBackoffSeconds when `withBackoff`, i.e. /meshsub/1.1.0).
QByteArray rpc(const QStringList &subscribe, const QStringList &grafts, const QStringList &prunes, bool withBackoff);

} // namespace Libp2p::Pubsub::MeshsubControl

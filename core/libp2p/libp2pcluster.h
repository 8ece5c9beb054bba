#pragma once
// The libp2p service in a cluster: a reservation made on this node is a hold "libp2p/<PeerId>"
// in Redis (taken over from any other node: the peer's newest reservation wins, as when it
// reconnects through the load balancer to another node), released when its connection ends;
// a CONNECT to a peer held by another node opens a circuit link there (circuit/circuitlink.h).
#include "circuit/circuitrelay.h"

class Cluster;

namespace Libp2p {

Circuit::CircuitRelay::ClusterHooks clusterHooks(Cluster *cluster);

} // namespace Libp2p

#include "libp2pcluster.h"

#include "circuit/circuitlink.h"
#include "cluster/cluster.h"

namespace Libp2p {

namespace {
QByteArray holdName(const PeerId &peer)
{
    return "libp2p/" + peer.toString().toLatin1();
}
} // namespace

Circuit::CircuitRelay::ClusterHooks clusterHooks(Cluster *cluster)
{
    Circuit::CircuitRelay::ClusterHooks hooks;
    hooks.reserved = [cluster](const PeerId &peer) { cluster->take(holdName(peer), [](const QString &) {}); };
    hooks.released = [cluster](const PeerId &peer) { cluster->release(holdName(peer)); };
    hooks.locate = [cluster](const PeerId &target, const PeerId &source, const Multiaddr &sourceAddress,
                             Circuit::CircuitRelay::ClusterHooks::Found found) {
        cluster->holder(holdName(target), [cluster, target, source, sourceAddress, found](const QString &node) {
            if (node.isEmpty() || node == cluster->nodeId()) {
                found(std::nullopt);
                return;
            }
            // The other node logs and limits by the source's own address, as if it had come there.
            const auto address = sourceAddress.tcpAddress();
            found(cluster->linkTo(node, address ? address->host : QHostAddress(QHostAddress::AnyIPv4),
                                  address ? address->port : 0, Circuit::CircuitLink::Kind,
                                  {source.toString().toLatin1(), target.toString().toLatin1()}));
        });
    };
    return hooks;
}

} // namespace Libp2p

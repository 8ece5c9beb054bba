#include "meshsubcontrol.h"

#include "libp2p/multistream/lengthprefixed.h"
#include "libp2p/proto/pubsub.pb.h"

namespace Libp2p::Pubsub::MeshsubControl {

std::optional<Received> parse(QByteArrayView control, int maxEntries)
{
    PubsubProto::ControlMessage message;
    if (!LengthPrefixed::parse(control, &message) || message.graft_size() + message.prune_size() > maxEntries)
        return std::nullopt;
    Received received;
    for (const auto &graft : message.graft())
        received.grafts.append(QString::fromStdString(graft.topicid()));
    for (const auto &prune : message.prune())
        received.prunes.append(QString::fromStdString(prune.topicid()));
    return received;
}

QByteArray rpc(const QStringList &subscribe, const QStringList &grafts, const QStringList &prunes, bool withBackoff)
{
    PubsubProto::ControlRPC message;
    for (const QString &topic : subscribe) {
        auto *sub = message.add_subscriptions();
        sub->set_subscribe(true);
        sub->set_topic(topic.toStdString());
    }
    if (!grafts.isEmpty() || !prunes.isEmpty()) {
        auto *control = message.mutable_control();
        for (const QString &topic : grafts)
            control->add_graft()->set_topicid(topic.toStdString());
        for (const QString &topic : prunes) {
            auto *prune = control->add_prune();
            prune->set_topicid(topic.toStdString());
            if (withBackoff)
                prune->set_backoff(PruneBackoffSeconds);
        }
    }
    return QByteArray::fromStdString(message.SerializeAsString());
}

} // namespace Libp2p::Pubsub::MeshsubControl

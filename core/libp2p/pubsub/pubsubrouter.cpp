#include "pubsubrouter.h"

#include "meshsubcontrol.h"
#include "protobuffields.h"
#include "signedmessage.h"

#include "libp2p/crypto/uvarint.h"
#include "libp2p/host/libp2pconnection.h"
#include "libp2p/multistream/lengthprefixed.h"
#include "libp2p/multistream/messagestreamreader.h"
#include "libp2p/proto/pubsub.pb.h"
#include "libp2p/yamux/yamuxsession.h"
#include "libp2p/yamux/yamuxstream.h"
#include "log/logcategories.h"

namespace Libp2p::Pubsub {

QStringList PubsubRouter::protocolIds()
{
    return {QString::fromLatin1(Meshsub11ProtocolId), QString::fromLatin1(Meshsub10ProtocolId),
            QString::fromLatin1(FloodsubProtocolId)};
}

PubsubRouter::PubsubRouter(QStringList topics, const Limits &limits, QObject *parent)
    : QObject(parent), m_topics(std::move(topics)), m_limits(limits), m_seen(limits.maxSeen, limits.seenTtlMs)
{
    m_clock.start();
}

bool PubsubRouter::inMesh(const Libp2pConnection *connection, const QString &topic) const
{
    const auto it = m_peers.constFind(const_cast<Libp2pConnection *>(connection));
    return it != m_peers.constEnd() && it->mesh.contains(topic);
}

bool PubsubRouter::subscribed(const Libp2pConnection *connection, const QString &topic) const
{
    const auto it = m_peers.constFind(const_cast<Libp2pConnection *>(connection));
    return it != m_peers.constEnd() && it->topics.contains(topic);
}

void PubsubRouter::handleInbound(YamuxStream *stream, Libp2pConnection *connection, const QByteArray &leftover,
                                 const QString &protocolId)
{
    if (!m_peers.contains(connection)) {
        Peer peer;
        peer.protocol = protocolId;
        m_peers.insert(connection, peer);
        // The connection deletes itself when it is over: forget it then (only the key is used).
        connect(connection, &QObject::destroyed, this, [this, connection] { m_peers.remove(connection); });
        connect(connection, &Libp2pConnection::finished, this, [this, connection] { m_peers.remove(connection); });
    }
    auto *reader = new MessageStreamReader(stream, m_limits.maxRpcBytes, stream);
    const QPointer<Libp2pConnection> guard(connection);
    connect(reader, &MessageStreamReader::messageReceived, this, [this, guard](const QByteArray &body) {
        if (guard)
            handleRpc(guard, body);
    });
    connect(reader, &MessageStreamReader::failed, stream, [stream](const QString &reason) {
        qCDebug(lcLibp2p).noquote() << "pubsub stream failed:" << reason;
        stream->close(1002, reason);
    });
    // The peer ends its side when it is done with us; we never write on its stream.
    connect(reader, &MessageStreamReader::streamEnded, stream, [stream] { stream->finishWriting(); });
    ensureOutbound(connection);
    reader->start(leftover);
}

void PubsubRouter::ensureOutbound(Libp2pConnection *connection)
{
    Peer &peer = m_peers[connection];
    if (peer.outbound || peer.opening)
        return;
    peer.opening = true;
    const QPointer<Libp2pConnection> guard(connection);
    connection->openStream(
        peer.protocol, this,
        [this, guard](YamuxStream *stream, const QByteArray &) {
            if (!guard || !m_peers.contains(guard.data())) {
                stream->close(1000, QString());
                return;
            }
            Peer &peer = m_peers[guard.data()];
            peer.opening = false;
            peer.outbound = stream;
            // Anything the peer writes on our stream is not used: read and drop it so yamux's
            // window keeps moving.
            connect(stream, &PipeEndpoint::received, stream, [](const QByteArray &, bool) {});
            // Our subscriptions first (discovery publishes nothing while nobody subscribes),
            // with whatever control waited for this stream.
            const bool meshsub = peer.isMeshsub();
            sendTo(peer, MeshsubControl::rpc(m_topics, meshsub ? peer.graftsToSend : QStringList(),
                                             meshsub ? peer.prunesToSend : QStringList(),
                                             peer.protocol == QLatin1String(Meshsub11ProtocolId)));
            peer.graftsToSend.clear();
            peer.prunesToSend.clear();
        },
        [this, guard](const QString &reason) {
            qCDebug(lcLibp2p).noquote() << "pubsub: no outbound stream:" << reason;
            if (guard && m_peers.contains(guard.data()))
                m_peers[guard.data()].opening = false;
        });
}

void PubsubRouter::handleRpc(Libp2pConnection *connection, const QByteArray &rpc)
{
    auto it = m_peers.find(connection);
    if (it == m_peers.end())
        return;
    QList<QByteArray> subscriptions;
    QList<QByteArray> messages;
    QList<QByteArray> control;
    if (!ProtobufFields::lengthDelimited(rpc, 1, &subscriptions) || !ProtobufFields::lengthDelimited(rpc, 2, &messages)
        || !ProtobufFields::lengthDelimited(rpc, 3, &control)) {
        ++m_dropped;
        return;
    }
    handleSubscriptions(*it, subscriptions);
    if (it->isMeshsub()) {
        for (const QByteArray &raw : std::as_const(control))
            handleControl(*it, raw);
        flushControl(*it);
    }
    for (const QByteArray &message : std::as_const(messages))
        handleMessage(connection, message);
}

void PubsubRouter::handleSubscriptions(Peer &peer, const QList<QByteArray> &subscriptions)
{
    for (const QByteArray &raw : subscriptions) {
        PubsubProto::SubOpts sub;
        if (!LengthPrefixed::parse(raw, &sub) || !sub.has_topic() || qsizetype(sub.topic().size()) > m_limits.maxTopicBytes)
            continue;
        const QString topic = QString::fromStdString(sub.topic());
        if (!sub.subscribe()) {
            peer.topics.remove(topic);
            peer.mesh.remove(topic); // a peer that leaves a topic PRUNEs its mesh itself
            continue;
        }
        if (peer.topics.size() < m_limits.maxTopicsPerPeer)
            peer.topics.insert(topic);
        // Every subscriber of a topic we serve is in our mesh: tell a gossipsub peer so, once.
        if (peer.isMeshsub() && m_topics.contains(topic) && !peer.mesh.contains(topic)
            && !peer.prunedUs.contains(topic)) {
            peer.mesh.insert(topic);
            peer.graftsToSend.append(topic);
        }
    }
}

void PubsubRouter::handleControl(Peer &peer, const QByteArray &control)
{
    const auto received = MeshsubControl::parse(control, m_limits.maxControlEntries);
    if (!received) {
        ++m_dropped;
        return;
    }
    for (const QString &topic : received->grafts) {
        if (m_topics.contains(topic)) {
            peer.mesh.insert(topic);
            peer.graftsToSend.removeAll(topic); // both sides agree already
        } else if (!peer.prunesToSend.contains(topic) && peer.prunesToSend.size() < m_limits.maxControlEntries) {
            peer.prunesToSend.append(topic);
        }
    }
    for (const QString &topic : received->prunes) {
        peer.graftsToSend.removeAll(topic);
        if (!m_topics.contains(topic))
            continue; // only our own topics are remembered: bounded by m_topics
        peer.mesh.remove(topic);
        peer.prunedUs.insert(topic);
    }
}

void PubsubRouter::flushControl(Peer &peer)
{
    if (!peer.outbound || (peer.graftsToSend.isEmpty() && peer.prunesToSend.isEmpty()))
        return; // the outbound stream sends them when it opens
    sendTo(peer, MeshsubControl::rpc({}, peer.graftsToSend, peer.prunesToSend,
                                     peer.protocol == QLatin1String(Meshsub11ProtocolId)));
    peer.graftsToSend.clear();
    peer.prunesToSend.clear();
}

bool PubsubRouter::sendTo(Peer &peer, const QByteArray &rpcBody)
{
    if (!peer.outbound)
        return false;
    if (peer.outbound->pendingBytes() > m_limits.maxQueuedBytes) {
        ++m_dropped; // a peer that does not read loses messages rather than growing our memory
        return false;
    }
    QByteArray framed = Uvarint::encode(quint64(rpcBody.size()));
    framed.append(rpcBody);
    peer.outbound->send(framed, false);
    return true;
}

void PubsubRouter::handleMessage(Libp2pConnection *connection, const QByteArray &raw)
{
    const auto message = SignedMessage::parse(raw);
    if (!message) {
        ++m_dropped;
        return;
    }
    QSet<QString> topics;
    for (const QString &topic : message->topics) {
        if (m_topics.contains(topic))
            topics.insert(topic);
    }
    if (topics.isEmpty()) {
        ++m_dropped;
        return;
    }
    const QByteArray id = message->id();
    const qint64 now = m_clock.elapsed();
    if (m_seen.contains(id, now)) {
        ++m_duplicates; // a copy that took another path; not an error
        return;
    }
    if (!message->verify()) {
        qCDebug(lcLibp2p) << "pubsub: dropped a message with a missing or bad signature";
        ++m_dropped;
        return;
    }
    m_seen.insert(id, now);

    // RPC{publish: message}, the message exactly as received.
    const QByteArray rpc = ProtobufFields::encodeBytes(2, raw);
    for (auto it = m_peers.begin(); it != m_peers.end(); ++it) {
        if (it.key() == connection || !it->outbound || it.key()->remotePeerId().toBytes() == message->from)
            continue;
        bool wanted = false;
        for (const QString &topic : std::as_const(topics))
            wanted = wanted || it->topics.contains(topic) || it->mesh.contains(topic);
        if (wanted && sendTo(*it, rpc))
            ++m_forwarded;
    }
}

} // namespace Libp2p::Pubsub

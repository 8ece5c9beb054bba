#include "floodsub.h"

#include "libp2p/crypto/peerid.h"
#include "libp2p/crypto/publickey.h"
#include "libp2p/crypto/uvarint.h"
#include "libp2p/host/libp2pconnection.h"
#include "libp2p/multistream/lengthprefixed.h"
#include "libp2p/multistream/messagestreamreader.h"
#include "libp2p/proto/pubsub.pb.h"
#include "libp2p/yamux/yamuxsession.h"
#include "libp2p/yamux/yamuxstream.h"
#include "log/logcategories.h"

namespace Libp2p::Pubsub {

namespace {

struct Field
{
    quint32 number = 0;
    int wireType = 0;
    qsizetype start = 0; // of the tag
    qsizetype end = 0; // after the value
    QByteArrayView value; // length-delimited fields only
};

// Walks the top-level fields of a protobuf; false on malformed input (unknown wire types
// included: groups are not used by pubsub).
template<typename Visit>
bool forEachField(QByteArrayView bytes, Visit visit)
{
    qsizetype at = 0;
    while (at < bytes.size()) {
        Field field;
        field.start = at;
        const auto tag = Uvarint::decode(bytes.sliced(at), quint64(0xffffffff));
        if (!tag.isComplete())
            return false;
        at += tag.bytesRead;
        field.number = quint32(tag.value >> 3);
        field.wireType = int(tag.value & 7);
        if (field.number == 0)
            return false;
        switch (field.wireType) {
        case 0: {
            const auto value = Uvarint::decode(bytes.sliced(at));
            // protobuf varints may use 10 bytes (negative int32); pubsub has none, so refuse them.
            if (!value.isComplete())
                return false;
            at += value.bytesRead;
            break;
        }
        case 1:
            if (bytes.size() - at < 8)
                return false;
            at += 8;
            break;
        case 5:
            if (bytes.size() - at < 4)
                return false;
            at += 4;
            break;
        case 2: {
            const auto length = Uvarint::decode(bytes.sliced(at), quint64(bytes.size()));
            if (!length.isComplete())
                return false;
            at += length.bytesRead;
            if (quint64(bytes.size() - at) < length.value)
                return false;
            field.value = bytes.sliced(at, qsizetype(length.value));
            at += qsizetype(length.value);
            break;
        }
        default:
            return false;
        }
        field.end = at;
        visit(field);
    }
    return true;
}

const QByteArray SignPrefix = QByteArrayLiteral("libp2p-pubsub:");

} // namespace

Floodsub::Floodsub(QStringList topics, const Limits &limits, QObject *parent)
    : QObject(parent), m_topics(std::move(topics)), m_limits(limits)
{
    m_clock.start();
}

std::optional<QByteArray> Floodsub::withoutSignature(QByteArrayView message)
{
    QByteArray out;
    const bool ok = forEachField(message, [&](const Field &field) {
        if (field.number != 5 && field.number != 6)
            out.append(message.sliced(field.start, field.end - field.start));
    });
    if (!ok)
        return std::nullopt;
    return out;
}

bool Floodsub::rawFields(QByteArrayView rpc, quint32 fieldNumber, QList<QByteArray> *out)
{
    return forEachField(rpc, [&](const Field &field) {
        if (field.number == fieldNumber && field.wireType == 2)
            out->append(field.value.toByteArray());
    });
}

bool Floodsub::verifySignature(QByteArrayView message)
{
    PubsubProto::PubsubMessage parsed;
    if (!LengthPrefixed::parse(message, &parsed) || !parsed.has_from() || !parsed.has_seqno() || !parsed.has_signature())
        return false;
    const auto peerId = PeerId::fromBytes(QByteArray::fromStdString(parsed.from()));
    if (!peerId)
        return false;
    std::optional<PublicKey> publicKey;
    if (parsed.has_key()) {
        publicKey = PublicKey::fromProtobuf(QByteArray::fromStdString(parsed.key()));
        if (publicKey && !peerId->matches(*publicKey))
            return false;
    } else {
        publicKey = peerId->publicKey();
    }
    const auto signedBytes = withoutSignature(message);
    return publicKey && signedBytes
           && publicKey->verify(SignPrefix + *signedBytes, QByteArray::fromStdString(parsed.signature()));
}

void Floodsub::handleInbound(YamuxStream *stream, Libp2pConnection *connection, const QByteArray &leftover)
{
    if (!m_peers.contains(connection)) {
        m_peers.insert(connection, Peer());
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
        qCDebug(lcLibp2p).noquote() << "floodsub stream failed:" << reason;
        stream->close(1002, reason);
    });
    // The peer ends its side when it is done with us; we never write on its stream.
    connect(reader, &MessageStreamReader::streamEnded, stream, [stream] { stream->finishWriting(); });
    ensureOutbound(connection);
    reader->start(leftover);
}

void Floodsub::ensureOutbound(Libp2pConnection *connection)
{
    Peer &peer = m_peers[connection];
    if (peer.outbound || peer.opening)
        return;
    peer.opening = true;
    const QPointer<Libp2pConnection> guard(connection);
    connection->openStream(
        QString::fromLatin1(ProtocolId), this,
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
            PubsubProto::RPC rpc;
            for (const QString &topic : std::as_const(m_topics)) {
                auto *sub = rpc.add_subscriptions();
                sub->set_subscribe(true);
                sub->set_topic(topic.toStdString());
            }
            stream->send(LengthPrefixed::frame(rpc));
        },
        [this, guard](const QString &reason) {
            qCDebug(lcLibp2p).noquote() << "floodsub: no outbound stream:" << reason;
            if (guard && m_peers.contains(guard.data()))
                m_peers[guard.data()].opening = false;
        });
}

void Floodsub::handleRpc(Libp2pConnection *connection, const QByteArray &rpc)
{
    auto it = m_peers.find(connection);
    if (it == m_peers.end())
        return;
    QList<QByteArray> subscriptions;
    QList<QByteArray> messages;
    if (!rawFields(rpc, 1, &subscriptions) || !rawFields(rpc, 2, &messages)) {
        ++m_dropped;
        return;
    }
    for (const QByteArray &raw : std::as_const(subscriptions)) {
        PubsubProto::SubOpts sub;
        if (!LengthPrefixed::parse(raw, &sub) || !sub.has_topic() || qsizetype(sub.topic().size()) > m_limits.maxTopicBytes)
            continue;
        const QString topic = QString::fromStdString(sub.topic());
        if (sub.subscribe()) {
            if (it->topics.size() < m_limits.maxTopicsPerPeer)
                it->topics.insert(topic);
        } else {
            it->topics.remove(topic);
        }
    }
    for (const QByteArray &message : std::as_const(messages))
        handleMessage(connection, message);
}

void Floodsub::handleMessage(Libp2pConnection *connection, const QByteArray &message)
{
    PubsubProto::PubsubMessage parsed;
    if (!LengthPrefixed::parse(message, &parsed) || !parsed.has_from() || !parsed.has_seqno()
        || !parsed.has_signature() || parsed.topic_size() == 0) {
        ++m_dropped;
        return;
    }
    QSet<QString> topics;
    for (const std::string &topic : parsed.topic()) {
        const QString name = QString::fromStdString(topic);
        if (m_topics.contains(name))
            topics.insert(name);
    }
    if (topics.isEmpty()) {
        ++m_dropped;
        return;
    }
    const QByteArray from = QByteArray::fromStdString(parsed.from());
    const QByteArray seqno = QByteArray::fromStdString(parsed.seqno());
    // Length-prefixed `from` so that no two (from, seqno) pairs share a key.
    const QByteArray key = Uvarint::encode(quint64(from.size())) + from + seqno;
    if (m_seen.contains(key))
        return; // a copy that took another path; not an error

    if (!verifySignature(message)) {
        qCDebug(lcLibp2p) << "floodsub: dropped a message with a missing or bad signature";
        ++m_dropped;
        return;
    }
    if (!markSeen(key))
        return;

    // RPC{publish: message}: field 2, length-delimited, the message exactly as received.
    QByteArray rpc;
    rpc.append(char(0x12));
    Uvarint::append(rpc, quint64(message.size()));
    rpc.append(message);
    const QByteArray framed = LengthPrefixed::frame(rpc);
    for (auto it = m_peers.begin(); it != m_peers.end(); ++it) {
        if (it.key() == connection || !it->outbound)
            continue;
        bool subscribed = false;
        for (const QString &topic : std::as_const(topics))
            subscribed = subscribed || it->topics.contains(topic);
        if (!subscribed)
            continue;
        if (it->outbound->pendingBytes() > m_limits.maxQueuedBytes) {
            ++m_dropped; // a peer that does not read loses messages rather than growing our memory
            continue;
        }
        it->outbound->send(framed);
        ++m_forwarded;
    }
}

bool Floodsub::markSeen(const QByteArray &key)
{
    const qint64 now = m_clock.elapsed();
    while (!m_seenOrder.isEmpty()
           && (m_seenOrder.size() >= m_limits.maxSeen || now - m_seen.value(m_seenOrder.head()) > m_limits.seenTtlMs))
        m_seen.remove(m_seenOrder.dequeue());
    if (m_seen.contains(key))
        return false;
    m_seen.insert(key, now);
    m_seenOrder.enqueue(key);
    return true;
}

} // namespace Libp2p::Pubsub

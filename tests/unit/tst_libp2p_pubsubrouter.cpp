// The relay's pubsub router with our own libp2p code on both ends, over in-memory connections:
// gossipsub (/meshsub/1.1.0, 1.0.0) and floodsub clients subscribe, the relay GRAFTs meshsub
// subscribers, PRUNEs GRAFTs for topics it does not serve, and forwards each valid signed
// message once to every other subscriber whatever its protocol; bad, unsigned, foreign-topic and
// duplicate messages go nowhere.
#include "libp2p/crypto/identitykey.h"
#include "libp2p/crypto/uvarint.h"
#include "libp2p/host/libp2pconnection.h"
#include "libp2p/host/protocolregistry.h"
#include "libp2p/multistream/lengthprefixed.h"
#include "libp2p/multistream/messagestreamreader.h"
#include "libp2p/multistream/multistreamnegotiator.h"
#include "libp2p/noise/noisechannel.h"
#include "libp2p/noise/noiseupgrader.h"
#include "libp2p/proto/pubsub.pb.h"
#include "libp2p/pubsub/protobuffields.h"
#include "libp2p/pubsub/pubsubrouter.h"
#include "libp2p/yamux/yamuxsession.h"
#include "libp2p/yamux/yamuxstream.h"
#include "libp2p_memorypipe.h"

#include <QPointer>
#include <QtTest>

using namespace Libp2p;
using Pubsub::PubsubRouter;
namespace Fields = Libp2p::Pubsub::ProtobufFields;

namespace {

const QString Topic = QString::fromLatin1(PubsubRouter::PeerDiscoveryTopic);

Multiaddr addr(const QString &text)
{
    return *Multiaddr::fromString(text);
}

// A pubsub Message signed by `key` (StrictSign), or with a signature over other bytes.
QByteArray signedMessage(const IdentityKey &key, quint64 seqno, const QByteArray &data, const QString &topic,
                         bool badSignature = false)
{
    QByteArray seq(8, 0);
    for (int i = 0; i < 8; ++i)
        seq[7 - i] = char(seqno >> (8 * i));
    const QByteArray body = Fields::encodeBytes(1, key.peerId().toBytes()) + Fields::encodeBytes(2, data)
                            + Fields::encodeBytes(3, seq) + Fields::encodeBytes(4, topic.toUtf8());
    const QByteArray covered = QByteArray("libp2p-pubsub:") + (badSignature ? body + "x" : body);
    return body + Fields::encodeBytes(5, key.sign(covered));
}

QByteArray subscribe(const QString &topic)
{
    PubsubProto::SubOpts sub;
    sub.set_subscribe(true);
    sub.set_topic(topic.toStdString());
    return Fields::encodeBytes(1, QByteArray::fromStdString(sub.SerializeAsString()));
}

QByteArray control(const QStringList &grafts, const QStringList &prunes)
{
    PubsubProto::ControlMessage message;
    for (const QString &topic : grafts)
        message.add_graft()->set_topicid(topic.toStdString());
    for (const QString &topic : prunes)
        message.add_prune()->set_topicid(topic.toStdString());
    return Fields::encodeBytes(3, QByteArray::fromStdString(message.SerializeAsString()));
}

// A pubsub client made of our own stack: dials through multistream, Noise and yamux, opens its
// stream with `protocol`, and records the RPCs the relay writes on the stream it opens back.
struct Client : QObject
{
    explicit Client(QString protocol) : protocol(std::move(protocol)) {}

    QString protocol;
    IdentityKey identity = IdentityKey::generate();
    YamuxSession *session = nullptr;
    QPointer<YamuxStream> out;
    QByteArray unsent; // RPCs written before our stream was ready
    QString error;
    QList<QByteArray> rpcs; // from the relay
    int relayStreams = 0;

    void dial(PipeEndpoint *raw)
    {
        auto *negotiator =
            new MultistreamNegotiator(MultistreamNegotiator::Role::Dialer, raw, {QStringLiteral("/noise")}, this);
        connect(negotiator, &MultistreamNegotiator::failed, this, [this](const QString &r) { error = r; });
        connect(negotiator, &MultistreamNegotiator::negotiated, this, [this, raw](const QString &, const QByteArray &rest) {
            auto *upgrader = new NoiseUpgrader(NoiseHandshake::Role::Initiator, raw, identity, this);
            connect(upgrader, &NoiseUpgrader::failed, this, [this](const QString &r) { error = r; });
            connect(upgrader, &NoiseUpgrader::secured, this, [this](NoiseChannel *channel) {
                channel->setParent(this);
                session = new YamuxSession(channel, YamuxSession::Role::Client, {}, this);
                connect(session, &YamuxSession::newStream, this, [this](YamuxStream *stream) { acceptRelayStream(stream); });
                session->start();
                openOwnStream();
            });
            upgrader->start(rest);
        });
        negotiator->start();
    }

    void send(const QByteArray &rpc)
    {
        const QByteArray framed = Uvarint::encode(quint64(rpc.size())) + rpc;
        if (out)
            out->send(framed, false);
        else
            unsent += framed;
    }

    // Everything the relay sent in field `number` of its RPCs.
    QList<QByteArray> field(quint32 number) const
    {
        QList<QByteArray> all;
        for (const QByteArray &rpc : rpcs)
            Fields::lengthDelimited(rpc, number, &all);
        return all;
    }
    QList<PubsubProto::ControlMessage> controls() const
    {
        QList<PubsubProto::ControlMessage> all;
        for (const QByteArray &raw : field(3)) {
            PubsubProto::ControlMessage message;
            if (LengthPrefixed::parse(raw, &message))
                all.append(message);
        }
        return all;
    }
    QStringList grafts() const
    {
        QStringList topics;
        for (const auto &message : controls())
            for (const auto &graft : message.graft())
                topics.append(QString::fromStdString(graft.topicid()));
        return topics;
    }

private:
    void openOwnStream()
    {
        YamuxStream *stream = session->openStream();
        auto *negotiator = new MultistreamNegotiator(MultistreamNegotiator::Role::Dialer, stream, {protocol}, stream);
        connect(negotiator, &MultistreamNegotiator::failed, this, [this](const QString &r) { error = r; });
        connect(negotiator, &MultistreamNegotiator::negotiated, this, [this, stream](const QString &, const QByteArray &) {
            out = stream;
            if (!unsent.isEmpty())
                stream->send(std::exchange(unsent, {}), false);
        });
        negotiator->start();
    }
    void acceptRelayStream(YamuxStream *stream)
    {
        auto *negotiator = new MultistreamNegotiator(MultistreamNegotiator::Role::Listener, stream, {protocol}, stream);
        connect(negotiator, &MultistreamNegotiator::failed, this, [this](const QString &r) { error = r; });
        connect(negotiator, &MultistreamNegotiator::negotiated, this, [this, stream](const QString &, const QByteArray &rest) {
            ++relayStreams;
            auto *reader = new MessageStreamReader(stream, 1 << 20, stream);
            connect(reader, &MessageStreamReader::messageReceived, this, [this](const QByteArray &rpc) { rpcs.append(rpc); });
            reader->start(rest);
        });
        negotiator->start();
    }
};

// The relay side: one router serving all three protocols, and one connection per client.
struct Relay
{
    IdentityKey identity = IdentityKey::generate();
    ProtocolRegistry registry;
    PubsubRouter router;
    QList<InMemoryPipe *> pipes;
    QList<QPointer<Libp2pConnection>> connections;

    explicit Relay(const PubsubRouter::Limits &limits = PubsubRouter::Limits()) : router({Topic}, limits)
    {
        for (const QString &id : PubsubRouter::protocolIds()) {
            registry.add(id, [this, id](YamuxStream *stream, Libp2pConnection *connection, const QByteArray &leftover) {
                router.handleInbound(stream, connection, leftover, id);
            });
        }
    }
    ~Relay()
    {
        // The connections own their end of the pipe; nothing else would delete them.
        for (const QPointer<Libp2pConnection> &connection : std::as_const(connections))
            delete connection.data();
        qDeleteAll(pipes);
    }

    Libp2pConnection *accept(Client &client)
    {
        auto *pipe = new InMemoryPipe;
        pipes.append(pipe);
        auto *connection = new Libp2pConnection(pipe->left, identity, &registry, addr(QStringLiteral("/ip4/192.0.2.7/tcp/5555")),
                                                addr(QStringLiteral("/ip4/192.0.2.1/tcp/4001")));
        connections.append(connection);
        connection->start();
        client.dial(pipe->right);
        return connection;
    }
};

} // namespace

class TstLibp2pPubsubRouter : public QObject
{
    Q_OBJECT

private slots:
    void announcesTopicAndGraftsMeshsubSubscribers()
    {
        Relay relay;
        Client a(QString::fromLatin1(PubsubRouter::Meshsub11ProtocolId));
        Libp2pConnection *connection = relay.accept(a);
        a.send(subscribe(Topic));
        // The relay opens its own stream with the protocol A chose, subscribes, and GRAFTs A.
        QTRY_VERIFY_WITH_TIMEOUT(a.grafts().contains(Topic), 10000);
        QCOMPARE(a.relayStreams, 1);
        QVERIFY(a.error.isEmpty());
        const QList<QByteArray> subscriptions = a.field(1);
        QCOMPARE(subscriptions.size(), 1);
        PubsubProto::SubOpts sub;
        QVERIFY(LengthPrefixed::parse(subscriptions.first(), &sub));
        QVERIFY(sub.subscribe());
        QCOMPARE(QString::fromStdString(sub.topic()), Topic);
        QVERIFY(relay.router.inMesh(connection, Topic));
        QVERIFY(relay.router.subscribed(connection, Topic));
        QCOMPARE(a.grafts().size(), 1);
    }

    void prunesGraftsForOtherTopicsAndRespectsPrunes()
    {
        Relay relay;
        Client a(QString::fromLatin1(PubsubRouter::Meshsub11ProtocolId));
        Client b(QString::fromLatin1(PubsubRouter::Meshsub10ProtocolId));
        Libp2pConnection *toA = relay.accept(a);
        relay.accept(b);
        a.send(control({QStringLiteral("elsewhere"), Topic}, {}));
        b.send(control({QStringLiteral("elsewhere")}, {}));
        QTRY_VERIFY_WITH_TIMEOUT(!a.controls().isEmpty() && !b.controls().isEmpty(), 10000);
        // One PRUNE, for the topic we do not serve; 1.1 carries the backoff, 1.0 does not.
        const auto aControl = a.controls();
        QCOMPARE(aControl.size(), 1);
        QCOMPARE(aControl.first().prune_size(), 1);
        QCOMPARE(aControl.first().prune(0).topicid(), "elsewhere");
        QCOMPARE(aControl.first().prune(0).backoff(), 60u);
        QCOMPARE(aControl.first().graft_size(), 0); // A grafted us: nothing to answer for Topic
        QVERIFY(relay.router.inMesh(toA, Topic));
        QCOMPARE(b.controls().first().prune(0).topicid(), "elsewhere");
        QVERIFY(!b.controls().first().prune(0).has_backoff());

        // A prunes us: out of the mesh, and subscribing later brings no GRAFT from us.
        a.send(control({}, {Topic}));
        QTRY_VERIFY_WITH_TIMEOUT(!relay.router.inMesh(toA, Topic), 10000);
        a.send(subscribe(Topic));
        QTRY_VERIFY_WITH_TIMEOUT(relay.router.subscribed(toA, Topic), 10000);
        QVERIFY(!relay.router.inMesh(toA, Topic));
        QVERIFY(a.grafts().isEmpty());
    }

    void forwardsEachValidMessageOnceToOtherSubscribers()
    {
        Relay relay;
        Client a(QString::fromLatin1(PubsubRouter::Meshsub11ProtocolId));
        Client b(QString::fromLatin1(PubsubRouter::Meshsub11ProtocolId));
        Client c(QString::fromLatin1(PubsubRouter::FloodsubProtocolId));
        Client quiet(QString::fromLatin1(PubsubRouter::Meshsub11ProtocolId)); // not subscribed
        const QList<Libp2pConnection *> connections{relay.accept(a), relay.accept(b), relay.accept(c),
                                                    relay.accept(quiet)};
        for (Client *client : {&a, &b, &c})
            client->send(subscribe(Topic));
        quiet.send(subscribe(QStringLiteral("other")));
        for (Libp2pConnection *connection : connections.first(3))
            QTRY_VERIFY_WITH_TIMEOUT(relay.router.subscribed(connection, Topic), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(relay.router.subscribed(connections.last(), QStringLiteral("other")), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(c.relayStreams == 1 && quiet.relayStreams == 1, 10000);
        QVERIFY(c.grafts().isEmpty()); // floodsub has no control

        const QByteArray good = signedMessage(a.identity, 1, "hello", Topic);
        const QByteArray bad = signedMessage(a.identity, 2, "forged", Topic, true);
        const QByteArray unsignedMessage = *Fields::without(signedMessage(a.identity, 6, "unsigned", Topic), {5});
        const QByteArray foreignTopic = signedMessage(a.identity, 3, "x", QStringLiteral("other"));
        const QByteArray byB = signedMessage(b.identity, 4, "from b", Topic); // relayed by A: not back to B
        const QByteArray last = signedMessage(a.identity, 5, "last", Topic);
        a.send(Fields::encodeBytes(2, good) + Fields::encodeBytes(2, good)); // a duplicate in one RPC
        a.send(Fields::encodeBytes(2, bad));
        a.send(Fields::encodeBytes(2, unsignedMessage));
        a.send(Fields::encodeBytes(2, foreignTopic));
        a.send(Fields::encodeBytes(2, good)); // the duplicate again, in its own RPC
        b.send(Fields::encodeBytes(2, good)); // and from another peer
        a.send(Fields::encodeBytes(2, byB));
        a.send(Fields::encodeBytes(2, last));

        // C speaks floodsub and still gets the gossipsub peers' messages.
        QTRY_VERIFY_WITH_TIMEOUT(c.field(2).contains(last), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(b.field(2).contains(last), 10000);
        QCOMPARE(c.field(2), (QList<QByteArray>{good, byB, last})); // byte for byte, once each
        QCOMPARE(b.field(2), (QList<QByteArray>{good, last})); // not B's own message
        QVERIFY(a.field(2).isEmpty()); // nothing back to the sender
        QVERIFY(quiet.field(2).isEmpty());
        QCOMPARE(relay.router.forwarded(), 5u);
        QCOMPARE(relay.router.duplicates(), 3u);
        QCOMPARE(relay.router.dropped(), 3u); // bad signature, unsigned, foreign topic
    }

    void oversizedRpcResetsOnlyThatStream()
    {
        PubsubRouter::Limits limits;
        limits.maxRpcBytes = 512;
        Relay relay(limits);
        Client a(QString::fromLatin1(PubsubRouter::Meshsub11ProtocolId));
        Libp2pConnection *connection = relay.accept(a);
        a.send(subscribe(Topic));
        QTRY_VERIFY_WITH_TIMEOUT(relay.router.subscribed(connection, Topic), 10000);
        QPointer<YamuxStream> stream = a.out;
        a.send(Fields::encodeBytes(2, QByteArray(600, 'x')));
        QTRY_VERIFY_WITH_TIMEOUT(!stream || !stream->isOpen(), 10000);
        QVERIFY(connection->isReady()); // the connection goes on
        QCOMPARE(relay.router.forwarded(), 0u);
    }
};

QTEST_GUILESS_MAIN(TstLibp2pPubsubRouter)
#include "tst_libp2p_pubsubrouter.moc"

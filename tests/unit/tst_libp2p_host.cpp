// Libp2pConnection end to end over an in-memory pipe: our own dialer (multistream "/noise",
// Noise initiator, yamux client) against the relay's side, identify and ping on top; and the
// Identify message itself.
#include "libp2p/crypto/identitykey.h"
#include "libp2p/host/libp2pconnection.h"
#include "libp2p/host/protocolregistry.h"
#include "libp2p/multistream/lengthprefixed.h"
#include "libp2p/multistream/messagestreamreader.h"
#include "libp2p/multistream/multistreamnegotiator.h"
#include "libp2p/noise/noisechannel.h"
#include "libp2p/noise/noiseupgrader.h"
#include "libp2p/proto/identify.pb.h"
#include "libp2p/protocols/identify.h"
#include "libp2p/protocols/ping.h"
#include "libp2p/yamux/yamuxsession.h"
#include "libp2p/yamux/yamuxstream.h"
#include "libp2p_memorypipe.h"

#include <QPointer>
#include <QSignalSpy>
#include <QtTest>

#include <memory>

using namespace Libp2p;

namespace {

Multiaddr addr(const char *text)
{
    return *Multiaddr::fromString(QString::fromLatin1(text));
}

// The relay's side: a registry with identify and ping, as Libp2pService sets it up.
struct Server
{
    IdentityKey identity = IdentityKey::generate();
    ProtocolRegistry registry;
    Server()
    {
        registry.add(QString::fromLatin1(Identify::ProtocolId),
                     [this](YamuxStream *stream, Libp2pConnection *connection, const QByteArray &) {
                         Identify::Info info;
                         info.publicKey = identity.publicKey();
                         info.listenAddrs = {addr("/ip4/127.0.0.1/tcp/4001")};
                         info.protocols = registry.protocols();
                         info.observedAddr = connection->remoteAddress();
                         info.agentVersion = Identify::agentVersion();
                         Identify::serve(stream, Identify::buildMessage(info));
                     });
        registry.add(QString::fromLatin1(Ping::ProtocolId),
                     [](YamuxStream *stream, Libp2pConnection *, const QByteArray &leftover) {
                         Ping::serve(stream, leftover);
                     });
    }
};

// Our own dialer: multistream "/noise", Noise initiator, yamux client.
struct Client : QObject
{
    IdentityKey identity = IdentityKey::generate();
    NoiseChannel *channel = nullptr;
    YamuxSession *session = nullptr;
    QString error;

    void dial(PipeEndpoint *raw, bool inlineMuxer)
    {
        auto *negotiator = new MultistreamNegotiator(MultistreamNegotiator::Role::Dialer, raw, {QStringLiteral("/noise")}, this);
        connect(negotiator, &MultistreamNegotiator::failed, this, [this](const QString &r) { error = r; });
        connect(negotiator, &MultistreamNegotiator::negotiated, this,
                [this, raw, inlineMuxer](const QString &, const QByteArray &leftover) {
                    NoiseHandshake::Options options;
                    if (!inlineMuxer)
                        options.streamMuxers = {};
                    auto *upgrader = new NoiseUpgrader(NoiseHandshake::Role::Initiator, raw, identity, options,
                                                       NoiseUpgrader::Limits(), this);
                    connect(upgrader, &NoiseUpgrader::failed, this, [this](const QString &r) { error = r; });
                    connect(upgrader, &NoiseUpgrader::secured, this, [this](NoiseChannel *secured) {
                        channel = secured;
                        channel->setParent(this);
                        if (channel->negotiatedStreamMuxer() == QLatin1String("/yamux/1.0.0")) {
                            startYamux({});
                            return;
                        }
                        auto *muxer = new MultistreamNegotiator(MultistreamNegotiator::Role::Dialer, channel,
                                                                {QStringLiteral("/yamux/1.0.0")}, this);
                        connect(muxer, &MultistreamNegotiator::failed, this, [this](const QString &r) { error = r; });
                        connect(muxer, &MultistreamNegotiator::negotiated, this,
                                [this](const QString &, const QByteArray &rest) { startYamux(rest); });
                        muxer->start();
                    });
                    upgrader->start(leftover);
                });
        negotiator->start();
    }
    void startYamux(const QByteArray &leftover)
    {
        session = new YamuxSession(channel, YamuxSession::Role::Client, {}, this);
        session->start(leftover);
    }
};

} // namespace

class TestLibp2pHost : public QObject
{
    Q_OBJECT
private slots:
    void identifyMessage();
    void upgradeIdentifyPing_data();
    void upgradeIdentifyPing();
    void unknownProtocolIsRefused();
    void garbageFailsTheConnection();
};

void TestLibp2pHost::identifyMessage()
{
    const IdentityKey key = IdentityKey::generate();
    Identify::Info info;
    info.publicKey = key.publicKey();
    info.listenAddrs = {addr("/ip4/127.0.0.1/tcp/4001"), addr("/ip4/10.0.0.1/tcp/4001")};
    info.protocols = {QStringLiteral("/ipfs/id/1.0.0"), QStringLiteral("/ipfs/ping/1.0.0")};
    info.observedAddr = addr("/ip4/192.0.2.7/tcp/5555");
    info.agentVersion = Identify::agentVersion();

    Proto::Identify message;
    QVERIFY(LengthPrefixed::parse(Identify::buildMessage(info), &message));
    QCOMPARE(QString::fromStdString(message.protocolversion()), QStringLiteral("ipfs/0.1.0"));
    QVERIFY(QString::fromStdString(message.agentversion()).startsWith(QStringLiteral("switchboard/")));
    const QByteArray publicKey = QByteArray::fromStdString(message.publickey());
    QCOMPARE(publicKey, key.publicKey().toProtobuf());
    const auto decoded = PublicKey::fromProtobuf(publicKey);
    QVERIFY(decoded.has_value());
    QCOMPARE(PeerId::fromPublicKey(*decoded), key.peerId());
    QCOMPARE(message.listenaddrs_size(), 2);
    QCOMPARE(Multiaddr::fromBytes(QByteArray::fromStdString(message.listenaddrs(1)))->toString(),
             QStringLiteral("/ip4/10.0.0.1/tcp/4001"));
    QCOMPARE(message.protocols_size(), 2);
    QCOMPARE(QString::fromStdString(message.protocols(1)), QStringLiteral("/ipfs/ping/1.0.0"));
    QCOMPARE(Multiaddr::fromBytes(QByteArray::fromStdString(message.observedaddr()))->toString(),
             QStringLiteral("/ip4/192.0.2.7/tcp/5555"));
    QVERIFY(!message.has_signedpeerrecord());

    // Without an observed address the field is absent.
    info.observedAddr.reset();
    QVERIFY(LengthPrefixed::parse(Identify::buildMessage(info), &message));
    QVERIFY(!message.has_observedaddr());
}

void TestLibp2pHost::upgradeIdentifyPing_data()
{
    QTest::addColumn<bool>("inlineMuxer");
    QTest::addColumn<int>("chunkBytes");
    QTest::newRow("muxer in the noise handshake") << true << 0;
    QTest::newRow("muxer by multistream") << false << 0;
    QTest::newRow("byte by byte") << true << 1;
}

void TestLibp2pHost::upgradeIdentifyPing()
{
    QFETCH(bool, inlineMuxer);
    QFETCH(int, chunkBytes);
    InMemoryPipe pipe;
    pipe.left->chunkBytes = chunkBytes;
    pipe.right->chunkBytes = chunkBytes;
    Server server;
    auto *connection = new Libp2pConnection(pipe.left, server.identity, &server.registry,
                                            addr("/ip4/192.0.2.7/tcp/5555"), addr("/ip4/127.0.0.1/tcp/4001"));
    QPointer<Libp2pConnection> guard(connection);
    QSignalSpy ready(connection, &Libp2pConnection::ready);
    QSignalSpy finished(connection, &Libp2pConnection::finished);
    connection->start();

    Client client;
    client.dial(pipe.right, inlineMuxer);
    QTRY_VERIFY_WITH_TIMEOUT(client.session != nullptr || !client.error.isEmpty(), 10000);
    QCOMPARE(client.error, QString());
    QCOMPARE(client.channel->remotePeerId(), server.identity.peerId());
    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 10000);
    QCOMPARE(connection->remotePeerId(), client.identity.peerId());

    // identify
    YamuxStream *idStream = client.session->openStream();
    QVERIFY(idStream);
    QByteArray body;
    bool ended = false;
    auto *idNegotiator = new MultistreamNegotiator(MultistreamNegotiator::Role::Dialer, idStream,
                                                   {QStringLiteral("/ipfs/id/push/1.0.0"), QString::fromLatin1(Identify::ProtocolId)});
    QString chosen;
    connect(idNegotiator, &MultistreamNegotiator::negotiated, &client,
            [&](const QString &protocol, const QByteArray &leftover) {
                chosen = protocol;
                auto *reader = new MessageStreamReader(idStream, 8192, idStream);
                connect(reader, &MessageStreamReader::messageReceived, &client, [&](const QByteArray &m) { body = m; });
                connect(reader, &MessageStreamReader::streamEnded, &client, [&] { ended = true; });
                reader->start(leftover);
            });
    idNegotiator->start();
    QTRY_VERIFY_WITH_TIMEOUT(ended, 10000);
    QCOMPARE(chosen, QString::fromLatin1(Identify::ProtocolId)); // push was refused with "na"
    Proto::Identify message;
    QVERIFY(LengthPrefixed::parse(body, &message));
    QCOMPARE(QByteArray::fromStdString(message.publickey()), server.identity.publicKey().toProtobuf());
    QCOMPARE(message.protocols_size(), 2);
    QCOMPARE(QString::fromStdString(message.protocols(0)), QStringLiteral("/ipfs/id/1.0.0"));
    QCOMPARE(QString::fromStdString(message.protocols(1)), QStringLiteral("/ipfs/ping/1.0.0"));
    QCOMPARE(Multiaddr::fromBytes(QByteArray::fromStdString(message.observedaddr()))->toString(),
             QStringLiteral("/ip4/192.0.2.7/tcp/5555"));
    idStream->finishWriting();

    // ping: three payloads, the last one split in two writes
    YamuxStream *pingStream = client.session->openStream();
    QVERIFY(pingStream);
    QByteArray echoed;
    bool pingDone = false;
    connect(pingStream, &PipeEndpoint::readFinished, &client, [&] { pingDone = true; });
    QByteArray payloads;
    for (int i = 0; i < 3 * Ping::PayloadBytes; ++i)
        payloads += char(i * 7 + 3);
    auto *pingNegotiator = new MultistreamNegotiator(MultistreamNegotiator::Role::Dialer, pingStream,
                                                     {QString::fromLatin1(Ping::ProtocolId)});
    connect(pingNegotiator, &MultistreamNegotiator::negotiated, &client, [&](const QString &, const QByteArray &leftover) {
        echoed += leftover;
        connect(pingStream, &PipeEndpoint::received, &client, [&](const QByteArray &data, bool) { echoed += data; });
        pingStream->send(payloads.left(Ping::PayloadBytes * 2 + 5), false);
        pingStream->send(payloads.mid(Ping::PayloadBytes * 2 + 5), false);
    });
    pingNegotiator->start();
    QTRY_COMPARE_WITH_TIMEOUT(echoed.size(), payloads.size(), 10000);
    QCOMPARE(echoed, payloads);
    pingStream->finishWriting();
    QTRY_VERIFY_WITH_TIMEOUT(pingDone, 10000);

    // The dialer hangs up: the relay's side finishes and goes away.
    QCOMPARE(finished.size(), 0);
    client.session->close();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(guard.isNull(), 10000);
}

void TestLibp2pHost::unknownProtocolIsRefused()
{
    InMemoryPipe pipe;
    Server server;
    auto *connection = new Libp2pConnection(pipe.left, server.identity, &server.registry);
    QSignalSpy finished(connection, &Libp2pConnection::finished);
    connection->start();
    Client client;
    client.dial(pipe.right, true);
    QTRY_VERIFY_WITH_TIMEOUT(client.session != nullptr || !client.error.isEmpty(), 10000);
    QVERIFY(client.session);
    YamuxStream *stream = client.session->openStream();
    QVERIFY(stream);
    auto *negotiator = new MultistreamNegotiator(MultistreamNegotiator::Role::Dialer, stream,
                                                 {QStringLiteral("/libp2p/circuit/relay/0.2.0/hop")});
    QSignalSpy failed(negotiator, &MultistreamNegotiator::failed);
    negotiator->start();
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 10000);
    QCOMPARE(finished.size(), 0); // the connection goes on
    client.session->close();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
}

void TestLibp2pHost::garbageFailsTheConnection()
{
    InMemoryPipe pipe;
    Server server;
    auto *connection = new Libp2pConnection(pipe.left, server.identity, &server.registry);
    QSignalSpy finished(connection, &Libp2pConnection::finished);
    connection->start();
    // multistream header, then a proposal for something other than /noise, 20 times
    QByteArray junk = MultistreamNegotiator::encodeLine(QString::fromLatin1(MultistreamNegotiator::ProtocolId));
    for (int i = 0; i < 20; ++i)
        junk += MultistreamNegotiator::encodeLine(QStringLiteral("/tls/1.0.0"));
    pipe.right->send(junk, false);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(!pipe.right->isOpen(), 10000); // the relay hung up
}

QTEST_GUILESS_MAIN(TestLibp2pHost)
#include "tst_libp2p_host.moc"

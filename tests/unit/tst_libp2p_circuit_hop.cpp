// The relay's hop and stop protocols over in-memory connections, driven by our own dialers:
// RESERVE (reservation, limit, verifiable voucher), the refusals (400, 401, 202, 204), and a
// whole circuit where both sides' first data arrives in the same write as their protobuf.
#include "libp2p/circuit/circuitrelay.h"
#include "libp2p/circuit/stopdialer.h"
#include "libp2p/circuit/voucher.h"
#include "libp2p/crypto/identitykey.h"
#include "libp2p/host/libp2pconnection.h"
#include "libp2p/host/protocolregistry.h"
#include "libp2p/multistream/lengthprefixed.h"
#include "libp2p/multistream/messagestreamreader.h"
#include "libp2p/multistream/multistreamnegotiator.h"
#include "libp2p/noise/noisechannel.h"
#include "libp2p/noise/noiseupgrader.h"
#include "libp2p/proto/circuit.pb.h"
#include "libp2p/yamux/yamuxsession.h"
#include "libp2p/yamux/yamuxstream.h"
#include "libp2p_memorypipe.h"
#include "sessions/inmemorysessionregistry.h"

#include <QDateTime>
#include <QPointer>
#include <QtTest>

using namespace Libp2p;
using namespace Libp2p::Circuit;
using Proto::Circuit::HopMessage;
using Proto::Circuit::StopMessage;

namespace {

const QString Hop = QString::fromLatin1(CircuitRelay::HopProtocolId);
const QString Stop = QString::fromLatin1(StopDialer::ProtocolId);

Multiaddr addr(const QString &text)
{
    return *Multiaddr::fromString(text);
}

// Our own libp2p dialer (multistream "/noise", Noise initiator with yamux inline, yamux client).
struct Client : QObject
{
    IdentityKey identity = IdentityKey::generate();
    NoiseChannel *channel = nullptr;
    YamuxSession *session = nullptr;
    QString error;

    void dial(PipeEndpoint *raw)
    {
        auto *negotiator =
            new MultistreamNegotiator(MultistreamNegotiator::Role::Dialer, raw, {QStringLiteral("/noise")}, this);
        connect(negotiator, &MultistreamNegotiator::failed, this, [this](const QString &r) { error = r; });
        connect(negotiator, &MultistreamNegotiator::negotiated, this, [this, raw](const QString &, const QByteArray &rest) {
            auto *upgrader = new NoiseUpgrader(NoiseHandshake::Role::Initiator, raw, identity, this);
            connect(upgrader, &NoiseUpgrader::failed, this, [this](const QString &r) { error = r; });
            connect(upgrader, &NoiseUpgrader::secured, this, [this](NoiseChannel *secured) {
                channel = secured;
                channel->setParent(this);
                session = new YamuxSession(channel, YamuxSession::Role::Client, {}, this);
                emitReady();
                session->start();
            });
            upgrader->start(rest);
        });
        negotiator->start();
    }
    std::function<void()> onSession;
    void emitReady()
    {
        if (onSession)
            onSession();
    }

    // Opens a hop stream, sends `request` (+ `extra` in the same write) and collects what comes back.
    struct Exchange
    {
        QPointer<YamuxStream> stream;
        QList<QByteArray> messages;
        QByteArray after; // bytes behind the first message
        bool ended = false;
    };
    std::shared_ptr<Exchange> hop(const HopMessage &request, const QByteArray &extra = {})
    {
        auto exchange = std::make_shared<Exchange>();
        YamuxStream *stream = session->openStream();
        exchange->stream = stream;
        auto *negotiator = new MultistreamNegotiator(MultistreamNegotiator::Role::Dialer, stream, {Hop}, stream);
        connect(negotiator, &MultistreamNegotiator::failed, this, [this](const QString &r) { error = r; });
        connect(negotiator, &MultistreamNegotiator::negotiated, this,
                [stream, exchange, request, extra](const QString &, const QByteArray &leftover) {
                    stream->send(LengthPrefixed::frame(request) + extra, false);
                    auto *reader = new MessageStreamReader(stream, 4096, stream);
                    connect(reader, &MessageStreamReader::messageReceived, stream, [exchange, reader, stream](const QByteArray &m) {
                        exchange->messages.append(m);
                        exchange->after = reader->stop();
                        connect(stream, &PipeEndpoint::received, stream,
                                [exchange](const QByteArray &data, bool) { exchange->after += data; });
                        connect(stream, &PipeEndpoint::readFinished, stream, [exchange] { exchange->ended = true; });
                    });
                    connect(reader, &MessageStreamReader::streamEnded, stream, [exchange] { exchange->ended = true; });
                    reader->start(leftover);
                });
        negotiator->start();
        return exchange;
    }
};

HopMessage parseHop(const QByteArray &body)
{
    HopMessage message;
    if (!LengthPrefixed::parse(body, &message))
        qWarning("unparsable HopMessage");
    return message;
}

// One relay with its connections: each client dials it through an in-memory pipe.
struct Relay
{
    IdentityKey identity = IdentityKey::generate();
    ProtocolRegistry registry;
    InMemorySessionRegistry sessions;
    CircuitRelay relay;
    QList<InMemoryPipe *> pipes;
    QList<QPointer<Libp2pConnection>> connections;

    explicit Relay(const CircuitRelay::Options &options = CircuitRelay::Options())
        : relay(identity, &sessions, options, [] { return QList<Multiaddr>{addr(QStringLiteral("/ip4/192.0.2.1/tcp/4001"))}; })
    {
        registry.add(Hop, [this](YamuxStream *stream, Libp2pConnection *connection, const QByteArray &leftover) {
            relay.handleHop(stream, connection, leftover);
        });
    }
    ~Relay()
    {
        // The connections own their end of the pipe; nothing else would delete them.
        for (const QPointer<Libp2pConnection> &connection : std::as_const(connections))
            delete connection.data();
        qDeleteAll(pipes);
    }

    // Connects `client`; `remote` is the address the relay sees it at.
    Libp2pConnection *accept(Client &client, const QString &remote = QStringLiteral("/ip4/192.0.2.7/tcp/5555"))
    {
        auto *pipe = new InMemoryPipe;
        pipes.append(pipe);
        auto *connection = new Libp2pConnection(pipe->left, identity, &registry, addr(remote),
                                                addr(QStringLiteral("/ip4/192.0.2.1/tcp/4001")));
        connections.append(connection);
        connection->start();
        client.dial(pipe->right);
        return connection;
    }
};

} // namespace

class TestLibp2pCircuitHop : public QObject
{
    Q_OBJECT

private slots:
    void reserveAnswersWithVoucherAndLimit()
    {
        Relay relay;
        Client a;
        relay.accept(a);
        QTRY_VERIFY_WITH_TIMEOUT(a.session || !a.error.isEmpty(), 10000);
        QVERIFY(a.session);

        HopMessage reserve;
        reserve.set_type(HopMessage::RESERVE);
        const qint64 before = QDateTime::currentSecsSinceEpoch();
        auto exchange = a.hop(reserve);
        QTRY_VERIFY_WITH_TIMEOUT(exchange->ended, 10000); // the relay answers once, then FIN
        QCOMPARE(exchange->messages.size(), 1);
        const HopMessage answer = parseHop(exchange->messages.first());
        QCOMPARE(answer.type(), HopMessage::STATUS);
        QCOMPARE(answer.status(), Proto::Circuit::OK);
        QVERIFY(answer.has_reservation());
        const qint64 expire = qint64(answer.reservation().expire());
        QVERIFY(expire >= before + 3600 && expire <= QDateTime::currentSecsSinceEpoch() + 3600);
        QCOMPARE(answer.reservation().addrs_size(), 1);
        QCOMPARE(Multiaddr::fromBytes(QByteArray::fromStdString(answer.reservation().addrs(0)))->toString(),
                 QStringLiteral("/ip4/192.0.2.1/tcp/4001/p2p/") + relay.identity.peerId().toString());
        const auto voucher = Voucher::verify(QByteArray::fromStdString(answer.reservation().voucher()));
        QVERIFY(voucher);
        QCOMPARE(voucher->relay, relay.identity.peerId());
        QCOMPARE(voucher->peer, a.identity.peerId());
        QCOMPARE(qint64(voucher->expiration), expire);
        QCOMPARE(answer.limit().duration(), 600u);
        QCOMPARE(answer.limit().data(), quint64(50) * 1024 * 1024);
        QVERIFY(relay.relay.reservations().has(a.identity.peerId(), before));
    }

    void refusals()
    {
        Relay relay;
        Client b;
        relay.accept(b);
        QTRY_VERIFY_WITH_TIMEOUT(b.session || !b.error.isEmpty(), 10000);
        QVERIFY(b.session);

        HopMessage noPeer;
        noPeer.set_type(HopMessage::CONNECT);
        HopMessage status;
        status.set_type(HopMessage::STATUS);
        HopMessage unknown;
        unknown.set_type(HopMessage::CONNECT);
        unknown.mutable_peer()->set_id(IdentityKey::generate().peerId().toBytes().toStdString());
        const QList<QPair<HopMessage, Proto::Circuit::Status>> cases = {
            {noPeer, Proto::Circuit::MALFORMED_MESSAGE},
            {status, Proto::Circuit::UNEXPECTED_MESSAGE},
            {unknown, Proto::Circuit::NO_RESERVATION},
        };
        for (const auto &[request, expected] : cases) {
            auto exchange = b.hop(request);
            QTRY_VERIFY_WITH_TIMEOUT(exchange->ended, 10000);
            QCOMPARE(exchange->messages.size(), 1);
            QCOMPARE(parseHop(exchange->messages.first()).status(), expected);
        }
        QCOMPARE(relay.relay.activeCircuits(), 0);

        // A connection that itself came through a relay may neither reserve nor connect.
        Client relayed;
        relay.accept(relayed, QStringLiteral("/ip4/192.0.2.9/tcp/1/p2p/%1/p2p-circuit").arg(IdentityKey::generate().peerId().toString()));
        QTRY_VERIFY_WITH_TIMEOUT(relayed.session || !relayed.error.isEmpty(), 10000);
        QVERIFY(relayed.session);
        HopMessage reserve;
        reserve.set_type(HopMessage::RESERVE);
        auto exchange = relayed.hop(reserve);
        QTRY_VERIFY_WITH_TIMEOUT(exchange->ended, 10000);
        QCOMPARE(parseHop(exchange->messages.first()).status(), Proto::Circuit::PERMISSION_DENIED);
        QCOMPARE(relay.relay.reservations().size(), 0);
    }

    void circuitCarriesEarlyBytesBothWays()
    {
        Relay relay;
        Client a;
        // A accepts /stop: checks the CONNECT, answers OK with its first data in the same write.
        StopMessage stopRequest;
        QByteArray atA;
        bool aSawEnd = false;
        QPointer<YamuxStream> aStream;
        a.onSession = [&] {
            QObject::connect(a.session, &YamuxSession::newStream, &a, [&](YamuxStream *stream) {
                aStream = stream;
                auto *negotiator = new MultistreamNegotiator(MultistreamNegotiator::Role::Listener, stream, {Stop}, stream);
                QObject::connect(negotiator, &MultistreamNegotiator::negotiated, &a, [&, stream](const QString &, const QByteArray &leftover) {
                    auto *reader = new MessageStreamReader(stream, 4096, stream);
                    QObject::connect(reader, &MessageStreamReader::messageReceived, &a, [&, stream, reader](const QByteArray &m) {
                        QVERIFY(LengthPrefixed::parse(m, &stopRequest));
                        atA += reader->stop();
                        QObject::connect(stream, &PipeEndpoint::received, &a, [&](const QByteArray &d, bool) { atA += d; });
                        QObject::connect(stream, &PipeEndpoint::readFinished, &a, [&] { aSawEnd = true; });
                        StopMessage ok;
                        ok.set_type(StopMessage::STATUS);
                        ok.set_status(Proto::Circuit::OK);
                        stream->send(LengthPrefixed::frame(ok) + "from A", false);
                    });
                    reader->start(leftover);
                });
                negotiator->start();
            });
        };
        relay.accept(a);
        QTRY_VERIFY_WITH_TIMEOUT(a.session || !a.error.isEmpty(), 10000);
        QVERIFY(a.session);
        HopMessage reserve;
        reserve.set_type(HopMessage::RESERVE);
        auto reserved = a.hop(reserve);
        QTRY_VERIFY_WITH_TIMEOUT(reserved->ended, 10000);
        QCOMPARE(parseHop(reserved->messages.first()).status(), Proto::Circuit::OK);

        Client b;
        relay.accept(b);
        QTRY_VERIFY_WITH_TIMEOUT(b.session || !b.error.isEmpty(), 10000);
        QVERIFY(b.session);
        HopMessage connectTo;
        connectTo.set_type(HopMessage::CONNECT);
        connectTo.mutable_peer()->set_id(a.identity.peerId().toBytes().toStdString());
        auto circuit = b.hop(connectTo, "from B");
        QTRY_COMPARE_WITH_TIMEOUT(circuit->messages.size(), 1, 10000);
        const HopMessage answer = parseHop(circuit->messages.first());
        QCOMPARE(answer.status(), Proto::Circuit::OK);
        QCOMPARE(answer.limit().duration(), 600u);

        QCOMPARE(stopRequest.type(), StopMessage::CONNECT);
        QCOMPARE(QByteArray::fromStdString(stopRequest.peer().id()), b.identity.peerId().toBytes());
        QCOMPARE(stopRequest.limit().data(), quint64(50) * 1024 * 1024);
        QTRY_COMPARE_WITH_TIMEOUT(atA, QByteArray("from B"), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(circuit->after, QByteArray("from A"), 10000);
        QCOMPARE(relay.relay.activeCircuits(), 1);

        // FIN passes through both ways; then the circuit is over.
        circuit->stream->finishWriting();
        QTRY_VERIFY_WITH_TIMEOUT(aSawEnd, 10000);
        QVERIFY(aStream);
        aStream->finishWriting();
        QTRY_VERIFY_WITH_TIMEOUT(circuit->ended, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(relay.relay.activeCircuits(), 0, 10000);
    }
};

QTEST_GUILESS_MAIN(TestLibp2pCircuitHop)
#include "tst_libp2p_circuit_hop.moc"

// Circuit Relay v2 building blocks without a network: the reservation table (cap, refresh,
// expiry with the clock passed in), the reservation voucher (payload bytes, the envelope's signed
// bytes, signature checks) and the limits read from the environment.
#include "libp2p/circuit/circuitlink.h"
#include "libp2p/circuit/circuitrelay.h"
#include "libp2p/circuit/reservationtable.h"
#include "libp2p/circuit/voucher.h"
#include "libp2p/crypto/identitykey.h"
#include "libp2p/crypto/uvarint.h"
#include "libp2p/proto/envelope.pb.h"

#include <QtTest>

using namespace Libp2p;
using namespace Libp2p::Circuit;

namespace {
PeerId newPeer()
{
    return IdentityKey::generate().peerId();
}
} // namespace

class TestLibp2pCircuit : public QObject
{
    Q_OBJECT

private slots:
    void reserveGrantsTtlAndRefreshes()
    {
        ReservationTable table({3, 3600});
        const PeerId a = newPeer();
        QCOMPARE(table.reserve(a, 1000), std::optional<qint64>(4600));
        QVERIFY(table.has(a, 1000));
        QVERIFY(table.has(a, 4599));
        QVERIFY(!table.has(a, 4600)); // expired exactly at `expire`
        // Reserving again moves the expiry, without a second entry.
        QCOMPARE(table.reserve(a, 2000), std::optional<qint64>(5600));
        QCOMPARE(table.size(), 1);
        QVERIFY(table.has(a, 5000));
        table.remove(a);
        QVERIFY(!table.has(a, 2000));
        QCOMPARE(table.expiry(a), std::nullopt);
    }

    void capCountsOnlyLiveReservations()
    {
        ReservationTable table({2, 100});
        const PeerId a = newPeer();
        const PeerId b = newPeer();
        const PeerId c = newPeer();
        QVERIFY(table.reserve(a, 0));
        QVERIFY(table.reserve(b, 50));
        QCOMPARE(table.reserve(c, 60), std::nullopt); // full of live reservations
        QVERIFY(table.reserve(a, 60)); // a holder may still refresh while full
        QCOMPARE(table.size(), 2);
        // At 150 b (expires 150) is gone, so c fits; a (expires 160) stays.
        QCOMPARE(table.reserve(c, 150), std::optional<qint64>(250));
        QVERIFY(!table.has(b, 150));
        QCOMPARE(table.expiry(b), std::nullopt);
        QVERIFY(table.has(a, 150));
        QCOMPARE(table.size(), 2);
        QCOMPARE(table.reserve(PeerId(), 0), std::nullopt);
    }

    void purgeDropsExpired()
    {
        ReservationTable table({10, 10});
        const PeerId a = newPeer();
        const PeerId b = newPeer();
        table.reserve(a, 0);
        table.reserve(b, 5);
        table.purge(10);
        QCOMPARE(table.size(), 1);
        QVERIFY(table.has(b, 10));
    }

    void voucherPayloadBytes()
    {
        const PeerId relay = newPeer();
        const PeerId peer = newPeer();
        const QByteArray payload = Voucher::encodePayload({relay, peer, 300});
        // ReservationVoucher: 1 relay (bytes), 2 peer (bytes), 3 expiration (varint), in order.
        QByteArray expected;
        expected.append(char(0x0a)).append(char(relay.toBytes().size())).append(relay.toBytes());
        expected.append(char(0x12)).append(char(peer.toBytes().size())).append(peer.toBytes());
        expected.append(char(0x18)).append(Uvarint::encode(300));
        QCOMPARE(payload.toHex(), expected.toHex());
    }

    void envelopeSignedBytes()
    {
        const QByteArray bytes = Envelope::signedBytes("libp2p-relay-rsvp", QByteArray::fromHex("0302"), "abc");
        const QByteArray expected =
            QByteArray("\x11") + "libp2p-relay-rsvp" + QByteArray::fromHex("020302") + "\x03" + "abc";
        QCOMPARE(bytes.toHex(), expected.toHex());
    }

    void voucherVerifies()
    {
        const IdentityKey relay = IdentityKey::generate();
        const PeerId peer = newPeer();
        const QByteArray voucher = Voucher::make(relay, peer, 1234567890);
        QVERIFY(!voucher.isEmpty());

        Proto::Envelope envelope;
        QVERIFY(envelope.ParseFromArray(voucher.constData(), int(voucher.size())));
        QCOMPARE(QByteArray::fromStdString(envelope.public_key()).toHex(), relay.publicKey().toProtobuf().toHex());
        QCOMPARE(QByteArray::fromStdString(envelope.payload_type()).toHex(), QByteArray("0302"));
        QCOMPARE(envelope.signature().size(), size_t(64));

        const auto contents = Voucher::verify(voucher);
        QVERIFY(contents);
        QCOMPARE(contents->relay, relay.peerId());
        QCOMPARE(contents->peer, peer);
        QCOMPARE(contents->expiration, quint64(1234567890));
        // The signature covers the domain: another domain does not open it.
        QVERIFY(!Envelope::open(voucher, "libp2p-routing-state"));
        QVERIFY(Envelope::open(voucher, Voucher::Domain));
    }

    void forgedVouchersFail()
    {
        const IdentityKey relay = IdentityKey::generate();
        const PeerId peer = newPeer();
        const QByteArray voucher = Voucher::make(relay, peer, 99);

        Proto::Envelope envelope;
        QVERIFY(envelope.ParseFromArray(voucher.constData(), int(voucher.size())));
        Proto::Envelope tampered = envelope;
        std::string payload = tampered.payload();
        payload.back() = char(payload.back() ^ 1); // another expiration
        tampered.set_payload(payload);
        QVERIFY(!Voucher::verify(QByteArray::fromStdString(tampered.SerializeAsString())));

        // Correctly signed, but by a key that is not the relay the payload names.
        const IdentityKey other = IdentityKey::generate();
        const QByteArray byOther = Envelope::seal(other, Voucher::Domain, Voucher::PayloadType,
                                                  Voucher::encodePayload({relay.peerId(), peer, 99}));
        QVERIFY(Envelope::open(byOther, Voucher::Domain));
        QVERIFY(!Voucher::verify(byOther));

        // Right signer, wrong payload type.
        const QByteArray wrongType = Envelope::seal(relay, Voucher::Domain, QByteArray::fromHex("0301"),
                                                    Voucher::encodePayload({relay.peerId(), peer, 99}));
        QVERIFY(!Voucher::verify(wrongType));
        QVERIFY(!Voucher::verify(QByteArray("\xff\xff\xff")));
    }

    void circuitLinkStatusLines()
    {
        using namespace Libp2p::Circuit;
        QCOMPARE(CircuitLink::statusLine(100), QByteArray("STATUS 100\n"));
        QCOMPARE(CircuitLink::parseStatusLine("STATUS 100\n"), std::optional<int>(100));
        QCOMPARE(CircuitLink::parseStatusLine(CircuitLink::statusLine(204)), std::optional<int>(204));
        QVERIFY(!CircuitLink::parseStatusLine("STATUS 100")); // not complete
        QVERIFY(!CircuitLink::parseStatusLine("STATUS 999\n")); // not a circuit v2 status
        QVERIFY(!CircuitLink::parseStatusLine("STATUS x\n"));
        QVERIFY(!CircuitLink::parseStatusLine("HTTP/1.1 200 OK\n"));
        QVERIFY(!CircuitLink::parseStatusLine("STATUS " + QByteArray(40, '1') + "\n")); // too long
    }

    void limitsFromEnvironment()
    {
        qputenv("SWITCHBOARD_LIBP2P_CIRCUIT_DATA_LIMIT", "4096");
        qputenv("SWITCHBOARD_LIBP2P_CIRCUIT_DURATION_LIMIT", "-5"); // refused: keeps the default
        const auto options = CircuitRelay::Options::fromEnvironment();
        qunsetenv("SWITCHBOARD_LIBP2P_CIRCUIT_DATA_LIMIT");
        qunsetenv("SWITCHBOARD_LIBP2P_CIRCUIT_DURATION_LIMIT");
        QCOMPARE(options.circuit.dataBytes, quint64(4096));
        QCOMPARE(options.circuit.durationSeconds, quint32(600));
        const auto defaults = CircuitRelay::Options::fromEnvironment();
        QCOMPARE(defaults.circuit.dataBytes, quint64(50) * 1024 * 1024);
        QCOMPARE(defaults.reservations.maxReservations, 100);
        QCOMPARE(defaults.reservations.ttlSeconds, qint64(3600));
    }
};

QTEST_GUILESS_MAIN(TestLibp2pCircuit)
#include "tst_libp2p_circuit.moc"

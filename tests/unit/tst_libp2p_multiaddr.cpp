// Unit tests for Libp2p::Multiaddr: text and binary forms, both ways, with known encodings.
#include "libp2p/crypto/identitykey.h"
#include "libp2p/multiaddr/multiaddr.h"

#include <QtTest>

using namespace Libp2p;

namespace {
PeerId peerFromSeed(char byte)
{
    return IdentityKey::fromSeed(QByteArray(32, byte))->peerId();
}
// A /p2p/ component in binary: code 421 (a5 03), length, multihash.
QByteArray p2pBytes(const PeerId &id)
{
    return QByteArray::fromHex("a503") + char(id.toBytes().size()) + id.toBytes();
}
} // namespace

class TestLibp2pMultiaddr : public QObject
{
    Q_OBJECT

private slots:
    void knownEncodings_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QByteArray>("bytes");
        const PeerId relay = peerFromSeed('\x01');
        const PeerId target = peerFromSeed('\x02');
        QCOMPARE(relay.toString(), QStringLiteral("12D3KooWK99VoVxNE7XzyBwXEzW7xhK7Gpv85r9F3V3fyKSUKPH5"));

        QTest::newRow("ip4 tcp ws p2p")
            << QStringLiteral("/ip4/127.0.0.1/tcp/9090/ws/p2p/") + relay.toString()
            << QByteArray::fromHex("047f000001" "062382" "dd03") + p2pBytes(relay);
        QTest::newRow("ip6 loopback") << QStringLiteral("/ip6/::1/tcp/1")
                                      << QByteArray::fromHex("2900000000000000000000000000000001" "060001");
        QTest::newRow("ip6 documentation") << QStringLiteral("/ip6/2001:db8::1/tcp/4001")
                                           << QByteArray::fromHex("2920010db8000000000000000000000001" "060fa1");
        QTest::newRow("dns4 wss") << QStringLiteral("/dns4/example.com/tcp/443/wss")
                                  << QByteArray::fromHex("360b6578616d706c652e636f6d" "0601bb" "de03");
        QTest::newRow("dns tls ws") << QStringLiteral("/dns/example.com/tcp/443/tls/ws")
                                    << QByteArray::fromHex("350b6578616d706c652e636f6d" "0601bb" "c003" "dd03");
        QTest::newRow("dns6 dnsaddr") << QStringLiteral("/dns6/a.b/dnsaddr/c")
                                      << QByteArray::fromHex("3703612e62" "380163");
        QTest::newRow("circuit")
            << QStringLiteral("/p2p/%1/p2p-circuit/p2p/%2").arg(relay.toString(), target.toString())
            << p2pBytes(relay) + QByteArray::fromHex("a202") + p2pBytes(target);
        QTest::newRow("udp quic-v1") << QStringLiteral("/ip4/1.2.3.4/udp/4001/quic-v1")
                                     << QByteArray::fromHex("0401020304" "91020fa1" "cd03");
        QTest::newRow("empty") << QString() << QByteArray();
    }
    void knownEncodings()
    {
        QFETCH(QString, text);
        QFETCH(QByteArray, bytes);
        if (!text.isEmpty()) {
            QString error;
            const auto fromText = Multiaddr::fromString(text, &error);
            QVERIFY2(fromText, qPrintable(error));
            QCOMPARE(fromText->toBytes().toHex(), bytes.toHex());
            QCOMPARE(fromText->toString(), text);
        }
        QString error;
        const auto fromBytes = Multiaddr::fromBytes(bytes, &error);
        QVERIFY2(fromBytes, qPrintable(error));
        QCOMPARE(fromBytes->toString(), text);
        QCOMPARE(fromBytes->toBytes(), bytes);
    }

    void textIsNormalised()
    {
        // Long IPv6 forms print in RFC 5952 short form; /ipfs/ is the old name of /p2p/.
        const PeerId id = peerFromSeed('\x03');
        const auto address = Multiaddr::fromString(QStringLiteral("/ip6/0:0:0:0:0:0:0:1/tcp/80/ipfs/") + id.toString());
        QVERIFY(address);
        QCOMPARE(address->toString(), QStringLiteral("/ip6/::1/tcp/80/p2p/") + id.toString());
    }

    void malformedTextIsRefused_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("no slash") << QStringLiteral("ip4/1.2.3.4");
        QTest::newRow("just a slash") << QStringLiteral("/");
        QTest::newRow("trailing slash") << QStringLiteral("/ip4/1.2.3.4/");
        QTest::newRow("double slash") << QStringLiteral("/ip4//1.2.3.4");
        QTest::newRow("missing value") << QStringLiteral("/ip4");
        QTest::newRow("octet too big") << QStringLiteral("/ip4/256.0.0.1");
        QTest::newRow("three octets") << QStringLiteral("/ip4/1.2.3");
        QTest::newRow("leading zero") << QStringLiteral("/ip4/01.2.3.4");
        QTest::newRow("ip4 as ip6") << QStringLiteral("/ip6/1.2.3.4");
        QTest::newRow("ip6 zone") << QStringLiteral("/ip6/fe80::1%eth0");
        QTest::newRow("port too big") << QStringLiteral("/ip4/1.2.3.4/tcp/65536");
        QTest::newRow("negative port") << QStringLiteral("/ip4/1.2.3.4/tcp/-1");
        QTest::newRow("port not a number") << QStringLiteral("/ip4/1.2.3.4/tcp/http");
        QTest::newRow("unknown protocol") << QStringLiteral("/ip4/1.2.3.4/onion3/abc");
        QTest::newRow("bad peer id") << QStringLiteral("/p2p/notapeer");
        QTest::newRow("long name") << QStringLiteral("/dns4/") + QString(256, QLatin1Char('a'));
        QTest::newRow("too many components") << QStringLiteral("/ws").repeated(Multiaddr::MaxComponents + 1);
        QTest::newRow("too long text") << QStringLiteral("/ws").repeated(Multiaddr::MaxTextLength / 3 + 1);
    }
    void malformedTextIsRefused()
    {
        QFETCH(QString, text);
        QString error;
        QVERIFY(!Multiaddr::fromString(text, &error));
        QVERIFY(!error.isEmpty());
    }

    void malformedBytesAreRefused_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("unknown code (onion3)") << QByteArray::fromHex("bd03");
        QTest::newRow("truncated ip4") << QByteArray::fromHex("047f00");
        QTest::newRow("truncated port") << QByteArray::fromHex("047f00000106");
        QTest::newRow("length past the end") << QByteArray::fromHex("350b61");
        QTest::newRow("truncated code") << QByteArray::fromHex("a5");
        QTest::newRow("overlong code") << QByteArray::fromHex("8400");
        QTest::newRow("invalid utf-8 name") << QByteArray::fromHex("3502fffe");
        QTest::newRow("slash in name") << QByteArray::fromHex("3503612f62");
        QTest::newRow("empty name") << QByteArray::fromHex("3500");
        QTest::newRow("bad multihash") << QByteArray::fromHex("a50302ffff");
        QTest::newRow("too many components") << QByteArray::fromHex("dd03").repeated(Multiaddr::MaxComponents + 1);
        QTest::newRow("too many bytes") << (QByteArray::fromHex("35ff01") + QByteArray(255, 'a')).repeated(4);
    }
    void malformedBytesAreRefused()
    {
        QFETCH(QByteArray, bytes);
        QString error;
        QVERIFY(!Multiaddr::fromBytes(bytes, &error));
        QVERIFY(!error.isEmpty());
    }

    void unknownCodeErrorNamesIt()
    {
        QString error;
        QVERIFY(!Multiaddr::fromBytes(QByteArray::fromHex("047f000001bd03"), &error));
        QCOMPARE(error, QStringLiteral("unknown multiaddr protocol code 445"));
    }

    void tcpAddressesOfSockets()
    {
        QCOMPARE(Multiaddr::fromTcpAddress(QHostAddress(QStringLiteral("127.0.0.1")), 9091).toString(),
                 QStringLiteral("/ip4/127.0.0.1/tcp/9091"));
        QCOMPARE(Multiaddr::fromTcpAddress(QHostAddress(QStringLiteral("::ffff:10.0.0.1")), 1).toString(),
                 QStringLiteral("/ip4/10.0.0.1/tcp/1"));
        QCOMPARE(Multiaddr::fromTcpAddress(QHostAddress(QStringLiteral("::1")), 2).toString(), QStringLiteral("/ip6/::1/tcp/2"));
        QVERIFY(Multiaddr::fromTcpAddress(QHostAddress(), 2).isEmpty());
    }

    void tcpAddressBackFromMultiaddr()
    {
        const auto ws = Multiaddr::fromString(QStringLiteral("/ip4/10.1.2.3/tcp/4001/ws"));
        QVERIFY(ws);
        const auto address = ws->tcpAddress();
        QVERIFY(address);
        QCOMPARE(address->host, QHostAddress(QStringLiteral("10.1.2.3")));
        QCOMPARE(address->port, quint16(4001));
        const auto ip6 = Multiaddr::fromString(QStringLiteral("/ip6/::1/tcp/2"))->tcpAddress();
        QVERIFY(ip6);
        QCOMPARE(ip6->host, QHostAddress(QStringLiteral("::1")));
        QVERIFY(!Multiaddr::fromString(QStringLiteral("/ip4/10.1.2.3/udp/4001"))->tcpAddress());
        QVERIFY(!Multiaddr::fromString(QStringLiteral("/dns4/example.org/tcp/443"))->tcpAddress());
        QVERIFY(!Multiaddr().tcpAddress());
    }

    void peerIdAndComposition()
    {
        const PeerId relay = peerFromSeed('\x01');
        const PeerId target = peerFromSeed('\x02');
        const auto transport = Multiaddr::fromString(QStringLiteral("/ip4/127.0.0.1/tcp/9090/ws"));
        QVERIFY(transport);
        QVERIFY(!transport->peerId());
        const Multiaddr relayAddress = transport->withPeerId(relay);
        QCOMPARE(relayAddress.peerId(), std::optional<PeerId>(relay));
        const Multiaddr circuit = relayAddress.encapsulate(*Multiaddr::fromString(QStringLiteral("/p2p-circuit")))
                                      .withPeerId(target);
        QCOMPARE(circuit.toString(), QStringLiteral("/ip4/127.0.0.1/tcp/9090/ws/p2p/%1/p2p-circuit/p2p/%2")
                                         .arg(relay.toString(), target.toString()));
        QCOMPARE(circuit.peerId(), std::optional<PeerId>(target));
        QVERIFY(circuit.contains(MultiaddrCode::P2pCircuit));
        QVERIFY(!relayAddress.contains(MultiaddrCode::P2pCircuit));
        QCOMPARE(*Multiaddr::fromBytes(circuit.toBytes()), circuit);
        QCOMPARE(qHash(*Multiaddr::fromBytes(circuit.toBytes())), qHash(circuit));
    }
};

QTEST_APPLESS_MAIN(TestLibp2pMultiaddr)
#include "tst_libp2p_multiaddr.moc"

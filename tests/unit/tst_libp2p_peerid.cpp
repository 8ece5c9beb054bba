// Unit tests for the libp2p identity: PublicKey, IdentityKey (Ed25519) and PeerId.
#include "libp2p/crypto/base58.h"
#include "libp2p/crypto/identitykey.h"
#include "libp2p/crypto/peerid.h"

#include <QHash>
#include <QSet>
#include <QtTest>

using namespace Libp2p;

namespace {
// The vector from PROTOCOLS.md: seed of 32 bytes 0x01.
const QString SeedOnesPeerId = QStringLiteral("12D3KooWK99VoVxNE7XzyBwXEzW7xhK7Gpv85r9F3V3fyKSUKPH5");
// libp2p/specs peer-ids/peer-ids.md "Test vectors": an Ed25519 PrivateKey and its PublicKey.
const QByteArray SpecPrivateKey = QByteArray::fromHex(
    "080112407e0830617c4a7de83925dfb2694556b12936c477a0e1feb2e148ec9da60fee7d1ed1e8fae2c4a144b8be8fd4b47bf3d3b34"
    "b871c3cacf6010f0e42d474fce27e");
const QByteArray SpecPublicKey = QByteArray::fromHex("080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e");
} // namespace

class TestLibp2pPeerId : public QObject
{
    Q_OBJECT

private slots:
    void seedOfOnesGivesTheKnownPeerId()
    {
        const auto key = IdentityKey::fromSeed(QByteArray(32, '\x01'));
        QVERIFY(key);
        QCOMPARE(key->peerId().toString(), SeedOnesPeerId);
        // The identity multihash: 0x00, length 0x24, then the PublicKey protobuf 08 01 12 20 <key>.
        const QByteArray multihash = key->peerId().toBytes();
        QCOMPARE(multihash.size(), 38);
        QCOMPARE(multihash.left(6), QByteArray::fromHex("002408011220"));
        QCOMPARE(multihash.mid(6), key->publicKey().data());
        QCOMPARE(key->seed(), QByteArray(32, '\x01'));
    }

    void specPrivateKeyProtobufGivesItsPublicKey()
    {
        QString error;
        const auto key = IdentityKey::fromPrivateKeyProtobuf(SpecPrivateKey, &error);
        QVERIFY2(key, qPrintable(error));
        QCOMPARE(key->publicKey().toProtobuf(), SpecPublicKey);
        QCOMPARE(key->toPrivateKeyProtobuf(), SpecPrivateKey);
        const auto parsed = PublicKey::fromProtobuf(SpecPublicKey);
        QVERIFY(parsed);
        QCOMPARE(*parsed, key->publicKey());
    }

    void privateKeyWithAMismatchedPublicHalfIsRefused()
    {
        QByteArray damaged = SpecPrivateKey;
        damaged[damaged.size() - 1] = char(damaged.back() ^ 1);
        QString error;
        QVERIFY(!IdentityKey::fromPrivateKeyProtobuf(damaged, &error));
        QVERIFY(error.contains(QLatin1String("does not belong")));
        // The older 96-byte form repeats the public key; the copies must agree.
        QByteArray old = QByteArray::fromHex("08011260") + SpecPrivateKey.mid(4) + SpecPublicKey.mid(4);
        QVERIFY(IdentityKey::fromPrivateKeyProtobuf(old));
        old[old.size() - 1] = char(old.back() ^ 1);
        QVERIFY(!IdentityKey::fromPrivateKeyProtobuf(old));
        QVERIFY(!IdentityKey::fromPrivateKeyProtobuf(QByteArray("not a protobuf")));
    }

    void signaturesVerifyOnlyForTheSignedMessage()
    {
        const IdentityKey key = IdentityKey::generate();
        QVERIFY(!key.isNull());
        const QByteArray signature = key.sign("message");
        QCOMPARE(signature.size(), 64);
        QVERIFY(key.publicKey().verify("message", signature));
        QVERIFY(!key.publicKey().verify("massage", signature));
        QByteArray flipped = signature;
        flipped[10] = char(flipped[10] ^ 0x20);
        QVERIFY(!key.publicKey().verify("message", flipped));
        QVERIFY(!key.publicKey().verify("message", signature.left(63)));
        QVERIFY(!IdentityKey::generate().publicKey().verify("message", signature));
        // Ed25519 is deterministic: the same key signs the same message the same way.
        QCOMPARE(key.sign("message"), signature);
    }

    void publicKeyProtobufIsStrict()
    {
        QVERIFY(!PublicKey::fromProtobuf(QByteArray::fromHex("0801")));                // no Data
        QVERIFY(!PublicKey::fromProtobuf(QByteArray::fromHex("12020000")));            // no Type
        QVERIFY(!PublicKey::fromProtobuf(QByteArray::fromHex("0801120400000000")));    // 4-byte Ed25519
        QVERIFY(!PublicKey::fromProtobuf(QByteArray::fromHex("0809122000") + QByteArray(31, 'x'))); // type 9
        QVERIFY(!PublicKey::fromProtobuf(QByteArray(PublicKey::MaxProtobufBytes + 1, '\x08')));
        // A key type we cannot verify still parses and round-trips (it may appear in a PeerId).
        const auto secp = PublicKey::fromProtobuf(QByteArray::fromHex("08021221") + QByteArray(33, '\x02'));
        QVERIFY(secp);
        QCOMPARE(secp->type(), KeyType::Secp256k1);
        QVERIFY(!secp->verify("m", QByteArray(64, '\0')));
    }

    void peerIdStringRoundTripsAndEquality()
    {
        const IdentityKey key = IdentityKey::generate();
        const QString text = key.peerId().toString();
        QVERIFY(text.startsWith(QLatin1String("12D3KooW")));
        const auto parsed = PeerId::fromString(text);
        QVERIFY(parsed);
        QCOMPARE(*parsed, key.peerId());
        QVERIFY(parsed->matches(key.publicKey()));
        QVERIFY(!parsed->matches(IdentityKey::generate().publicKey()));
        const auto bytes = PeerId::fromBytes(key.peerId().toBytes());
        QVERIFY(bytes);
        QCOMPARE(*bytes, key.peerId());

        QSet<PeerId> set{*parsed, key.peerId(), IdentityKey::generate().peerId()};
        QCOMPARE(set.size(), 2);
        QHash<PeerId, int> hash;
        hash.insert(key.peerId(), 7);
        QCOMPARE(hash.value(*parsed), 7);
        QVERIFY(PeerId().isNull());
        QVERIFY(PeerId() != key.peerId());
    }

    void publicKeyComesBackOutOfAnIdentityPeerId()
    {
        const auto parsed = PeerId::fromString(SeedOnesPeerId);
        QVERIFY(parsed);
        const auto key = parsed->publicKey();
        QVERIFY(key);
        QCOMPARE(key->type(), KeyType::Ed25519);
        const auto identity = IdentityKey::fromSeed(QByteArray(32, '\x01'));
        QCOMPARE(*key, identity->publicKey());
        QVERIFY(key->verify("hello", identity->sign("hello")));
    }

    void hashedPeerIdsParseButCarryNoKey()
    {
        // The spec's examples: a SHA-256 PeerId as base58 and (another) one as a CIDv1.
        const auto legacy = PeerId::fromString(QStringLiteral("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N"));
        QVERIFY(legacy);
        QCOMPARE(legacy->toBytes().left(2), QByteArray::fromHex("1220"));
        QVERIFY(!legacy->publicKey());
        QCOMPARE(legacy->toString(), QStringLiteral("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N"));
        const auto cid = PeerId::fromString(QStringLiteral("bafzbeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe"));
        QVERIFY(cid);
        QCOMPARE(cid->toBytes().left(2), QByteArray::fromHex("1220"));
        QVERIFY(cid->toString().startsWith(QLatin1String("Qm")));
        // The spec's Ed25519 example.
        const auto ed = PeerId::fromString(QStringLiteral("12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA"));
        QVERIFY(ed);
        QVERIFY(ed->publicKey());
    }

    void cidFormsOfAnInlineKeyAreTheSamePeer()
    {
        const auto identity = IdentityKey::fromSeed(QByteArray(32, '\x01'));
        // CIDv1 = 0x01, libp2p-key 0x72, multihash; written here in base58btc multibase ('z').
        const QByteArray cid = QByteArray::fromHex("0172") + identity->peerId().toBytes();
        const auto parsed = PeerId::fromString(QString::fromLatin1("z" + Base58::encode(cid)));
        QVERIFY(parsed);
        QCOMPARE(*parsed, identity->peerId());
        // The wrong codec (dag-pb 0x70) is not a PeerId.
        const QByteArray wrongCodec = QByteArray::fromHex("0170") + identity->peerId().toBytes();
        QVERIFY(!PeerId::fromString(QString::fromLatin1("z" + Base58::encode(wrongCodec))));
    }

    void malformedPeerIdsAreRefused()
    {
        QString error;
        QVERIFY(!PeerId::fromString(QString(), &error));
        QVERIFY(!PeerId::fromString(QStringLiteral("12D3KooW0000"), &error)); // '0' is not base58
        QVERIFY(!PeerId::fromString(QStringLiteral("hello"), &error));
        QVERIFY(!PeerId::fromString(QString(200, QLatin1Char('1')), &error));
        QVERIFY(!error.isEmpty());
        // Truncated and over-long multihashes, an unknown hash code, a wrong SHA-256 length.
        const QByteArray good = IdentityKey::generate().peerId().toBytes();
        QVERIFY(!PeerId::fromBytes(good.left(good.size() - 1)));
        QVERIFY(!PeerId::fromBytes(good + 'x'));
        QVERIFY(!PeerId::fromBytes(QByteArray::fromHex("1320") + QByteArray(32, 'a')));
        QVERIFY(!PeerId::fromBytes(QByteArray::fromHex("1210") + QByteArray(16, 'a')));
        QVERIFY(!PeerId::fromBytes(QByteArray::fromHex("002b") + QByteArray(43, 'a'))); // inline > 42
        QVERIFY(!PeerId::fromBytes(QByteArray()));
    }
};

QTEST_APPLESS_MAIN(TestLibp2pPeerId)
#include "tst_libp2p_peerid.moc"

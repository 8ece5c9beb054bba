// The socket-free parts floodsub and meshsub share: the bytes a pubsub signature covers (the
// message as sent, minus fields 5 and 6), StrictSign, and the raw top-level fields of an RPC
// (forwarded byte for byte).
#include "libp2p/crypto/identitykey.h"
#include "libp2p/crypto/peerid.h"
#include "libp2p/crypto/uvarint.h"
#include "libp2p/pubsub/protobuffields.h"
#include "libp2p/pubsub/signedmessage.h"

#include <QTest>

using Libp2p::Pubsub::SignedMessage;
namespace ProtobufFields = Libp2p::Pubsub::ProtobufFields;

class TstLibp2pFloodsub : public QObject
{
    Q_OBJECT
private slots:
    void withoutSignatureKeepsOtherFieldsAsSent()
    {
        // from(1)="ab", signature(5)="s", data(2)="d", key(6)="k", seqno(3)=01, topic(4)="t"
        const QByteArray message = QByteArray::fromHex("0a026162" "2a0173" "120164" "32016b" "1a0101" "220174");
        const auto stripped = SignedMessage::signedBytes(message);
        QVERIFY(stripped.has_value());
        QCOMPARE(stripped->toHex(), QByteArray("0a026162" "120164" "1a0101" "220174"));
    }

    void withoutSignatureRefusesMalformed()
    {
        QVERIFY(!SignedMessage::signedBytes(QByteArray::fromHex("0a05616263")).has_value()); // length past the end
        QVERIFY(!SignedMessage::signedBytes(QByteArray::fromHex("0b")).has_value()); // group wire type
        QVERIFY(!SignedMessage::signedBytes(QByteArray::fromHex("0a")).has_value()); // no length
        QVERIFY(SignedMessage::signedBytes(QByteArray()).has_value());
    }

    void verifySignatureChecksStrictSign()
    {
        const Libp2p::IdentityKey key = Libp2p::IdentityKey::generate();
        const Libp2p::IdentityKey other = Libp2p::IdentityKey::generate();
        const auto field = [](int number, const QByteArray &value) {
            QByteArray out(1, char(number << 3 | 2));
            Libp2p::Uvarint::append(out, quint64(value.size()));
            return out + value;
        };
        const QByteArray from = field(1, key.peerId().toBytes());
        const QByteArray body = from + field(2, "data") + field(3, QByteArray::fromHex("0102030405060708"))
                                + field(4, "_peer-discovery._p2p._pubsub");
        const QByteArray signature = key.sign(QByteArray("libp2p-pubsub:") + body);
        QVERIFY(SignedMessage::verifySignature(body + field(5, signature)));
        QVERIFY(SignedMessage::verifySignature(body + field(5, signature) + field(6, key.publicKey().toProtobuf())));
        // Unsigned, signed by someone else, a key that is not `from`'s, changed data.
        QVERIFY(!SignedMessage::verifySignature(body));
        QVERIFY(!SignedMessage::verifySignature(body + field(5, other.sign(QByteArray("libp2p-pubsub:") + body))));
        QVERIFY(!SignedMessage::verifySignature(body + field(5, signature) + field(6, other.publicKey().toProtobuf())));
        QByteArray changed = body;
        changed[from.size() + 2] = 'D';
        QVERIFY(!SignedMessage::verifySignature(changed + field(5, signature)));
    }

    void rawFieldsReturnsEachPublishUnchanged()
    {
        // subscriptions(1)={0801}, publish(2)="xy", publish(2)="", varint field 3 = 5
        const QByteArray rpc = QByteArray::fromHex("0a020801" "12027879" "1200" "1805");
        QList<QByteArray> publish;
        QVERIFY(ProtobufFields::lengthDelimited(rpc, 2, &publish));
        QCOMPARE(publish, (QList<QByteArray>{QByteArray("xy"), QByteArray()}));
        QList<QByteArray> subscriptions;
        QVERIFY(ProtobufFields::lengthDelimited(rpc, 1, &subscriptions));
        QCOMPARE(subscriptions, QList<QByteArray>{QByteArray::fromHex("0801")});
        QList<QByteArray> none;
        QVERIFY(!ProtobufFields::lengthDelimited(QByteArray::fromHex("12ff"), 2, &none));
    }
};

QTEST_GUILESS_MAIN(TstLibp2pFloodsub)
#include "tst_libp2p_floodsub.moc"

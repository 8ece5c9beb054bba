// Unit tests for Libp2p::Uvarint: the multiformats unsigned varint, strict on the way in.
#include "libp2p/crypto/uvarint.h"

#include <QtTest>

using namespace Libp2p;

class TestLibp2pUvarint : public QObject
{
    Q_OBJECT

private slots:
    void encodesKnownValues_data()
    {
        QTest::addColumn<quint64>("value");
        QTest::addColumn<QByteArray>("encoded");
        // Examples from the multiformats unsigned-varint spec.
        QTest::newRow("1") << quint64(1) << QByteArray::fromHex("01");
        QTest::newRow("127") << quint64(127) << QByteArray::fromHex("7f");
        QTest::newRow("128") << quint64(128) << QByteArray::fromHex("8001");
        QTest::newRow("255") << quint64(255) << QByteArray::fromHex("ff01");
        QTest::newRow("300") << quint64(300) << QByteArray::fromHex("ac02");
        QTest::newRow("16384") << quint64(16384) << QByteArray::fromHex("808001");
        QTest::newRow("0") << quint64(0) << QByteArray::fromHex("00");
        QTest::newRow("max (2^63-1)") << Uvarint::MaxValue << QByteArray::fromHex("ffffffffffffffff7f");
    }
    void encodesKnownValues()
    {
        QFETCH(quint64, value);
        QFETCH(QByteArray, encoded);
        QCOMPARE(Uvarint::encode(value), encoded);
        QCOMPARE(Uvarint::encodedSize(value), int(encoded.size()));
        const auto decoded = Uvarint::decode(encoded);
        QVERIFY(decoded.isComplete());
        QCOMPARE(decoded.value, value);
        QCOMPARE(decoded.bytesRead, int(encoded.size()));
    }

    void decodesOnlyTheFirstVarint()
    {
        const auto decoded = Uvarint::decode(QByteArray::fromHex("ac02ff"));
        QVERIFY(decoded.isComplete());
        QCOMPARE(decoded.value, quint64(300));
        QCOMPARE(decoded.bytesRead, 2);
    }

    void truncatedInputAsksForMore()
    {
        QVERIFY(Uvarint::decode(QByteArray()).isIncomplete());
        QVERIFY(Uvarint::decode(QByteArray::fromHex("80")).isIncomplete());
        QVERIFY(Uvarint::decode(QByteArray::fromHex("ffffffffffffffff")).isIncomplete()); // 8 bytes
    }

    void tenthByteOrSixtyFourBitsAreRefused()
    {
        // Nine continuation bytes: the value would need more than 63 bits.
        QVERIFY(Uvarint::decode(QByteArray::fromHex("ffffffffffffffffff")).isMalformed());
        QVERIFY(Uvarint::decode(QByteArray::fromHex("ffffffffffffffffff01")).isMalformed());
        QVERIFY(Uvarint::decode(QByteArray::fromHex("80808080808080808001")).isMalformed());
    }

    void overlongEncodingsAreRefused()
    {
        // 1 written in two bytes, 0 in two bytes, 300 in three: all have shorter forms.
        QVERIFY(Uvarint::decode(QByteArray::fromHex("8100")).isMalformed());
        QVERIFY(Uvarint::decode(QByteArray::fromHex("8000")).isMalformed());
        QVERIFY(Uvarint::decode(QByteArray::fromHex("ac8200")).isMalformed());
    }

    void callerMaximumIsEnforcedEarly()
    {
        QVERIFY(Uvarint::decode(QByteArray::fromHex("8008"), 1024).isComplete()); // exactly 1024
        QVERIFY(Uvarint::decode(QByteArray::fromHex("8108"), 1024).isMalformed()); // 1025
        // A huge length is refused from its first bytes, without waiting for the rest.
        QVERIFY(Uvarint::decode(QByteArray::fromHex("ffff"), 1024).isMalformed());
        QVERIFY(Uvarint::decode(QByteArray::fromHex("ff"), 1024).isIncomplete());
    }

    void roundTripsAcrossTheRange()
    {
        for (int bits = 0; bits < 63; ++bits) {
            for (const quint64 value : {(quint64(1) << bits) - 1, quint64(1) << bits, (quint64(1) << bits) + 1}) {
                const QByteArray encoded = Uvarint::encode(value);
                const auto decoded = Uvarint::decode(encoded);
                QVERIFY2(decoded.isComplete(), qPrintable(QString::number(value)));
                QCOMPARE(decoded.value, value);
                QVERIFY(encoded.size() <= Uvarint::MaxBytes);
            }
        }
    }
};

QTEST_APPLESS_MAIN(TestLibp2pUvarint)
#include "tst_libp2p_uvarint.moc"

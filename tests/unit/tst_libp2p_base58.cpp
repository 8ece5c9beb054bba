// Unit tests for Libp2p::Base58 (base58btc).
#include "libp2p/crypto/base58.h"

#include <QRandomGenerator>
#include <QtTest>

using namespace Libp2p;

class TestLibp2pBase58 : public QObject
{
    Q_OBJECT

private slots:
    void knownVectors_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QByteArray>("text");
        // From draft-msporny-base58 and the Bitcoin test suite.
        QTest::newRow("Hello World!") << QByteArray("Hello World!") << QByteArray("2NEpo7TZRRrLZSi2U");
        QTest::newRow("quick brown fox")
            << QByteArray("The quick brown fox jumps over the lazy dog.")
            << QByteArray("USm3fpXnKG5EUBx2ndxBDMPVciP5hGey2Jh4NDv6gmeo1LkMeiKrLJUUBk6Z");
        QTest::newRow("leading zeros") << QByteArray::fromHex("0000287fb4cd") << QByteArray("11233QC4");
        QTest::newRow("one zero") << QByteArray::fromHex("00") << QByteArray("1");
        QTest::newRow("61") << QByteArray::fromHex("61") << QByteArray("2g");
        QTest::newRow("626262") << QByteArray::fromHex("626262") << QByteArray("a3gV");
        QTest::newRow("address")
            << QByteArray::fromHex("00eb15231dfceb60925886b67d065299925915aeb172c06647")
            << QByteArray("1NS17iag9jJgTHD1VXjvLCEnZuQ3rJDE9L");
    }
    void knownVectors()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QByteArray, text);
        QCOMPARE(Base58::encode(bytes), text);
        const auto decoded = Base58::decode(text);
        QVERIFY(decoded);
        QCOMPARE(*decoded, bytes);
    }

    void emptyEncodesToEmptyButDoesNotDecode()
    {
        QCOMPARE(Base58::encode(QByteArray()), QByteArray());
        QVERIFY(!Base58::decode(QByteArray()));
    }

    void charactersOutsideTheAlphabetAreRefused()
    {
        for (const char *text : {"0abc", "Oabc", "Iabc", "labc", "ab c", "abc\n", "ab+c", "\xc3\xa9"})
            QVERIFY2(!Base58::decode(QByteArray(text)), text);
    }

    void longTextIsRefused()
    {
        QVERIFY(Base58::decode(QByteArray(Base58::DefaultMaxTextLength, '2')));
        QVERIFY(!Base58::decode(QByteArray(Base58::DefaultMaxTextLength + 1, '2')));
        QVERIFY(Base58::decode(QByteArray(300, '2'), 300));
    }

    void randomBytesRoundTrip()
    {
        QRandomGenerator random(58); // fixed seed: the same cases every run
        for (int i = 0; i < 200; ++i) {
            QByteArray bytes(random.bounded(0, 64), Qt::Uninitialized);
            for (char &b : bytes)
                b = char(random.bounded(256));
            if (i % 4 == 0)
                bytes.prepend(QByteArray(random.bounded(1, 4), '\0'));
            const QByteArray text = Base58::encode(bytes);
            if (bytes.isEmpty())
                continue;
            const auto decoded = Base58::decode(text);
            QVERIFY(decoded);
            QCOMPARE(*decoded, bytes);
        }
    }
};

QTEST_APPLESS_MAIN(TestLibp2pBase58)
#include "tst_libp2p_base58.moc"

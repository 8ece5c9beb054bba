// Unit tests for the p2p-copy hello frame and its exact refusal reasons.
#include "pairing/pairinghello.h"

#include <QtTest>

class TestPairingHello : public QObject
{
    Q_OBJECT
private slots:
    void validHelloForBothRoles()
    {
        const PairingHello sender = PairingHello::parse(R"({"type":"hello","code_hash_hex":"ab12","role":"sender","extra":1})", true);
        QVERIFY(sender.ok);
        QCOMPARE(sender.codeHash, QString("ab12"));
        QCOMPARE(sender.role, PairingHello::Role::Sender);
        const PairingHello receiver = PairingHello::parse(R"({"type":"hello","code_hash_hex":"ab12","role":"receiver"})", true);
        QVERIFY(receiver.ok);
        QCOMPARE(receiver.role, PairingHello::Role::Receiver);
    }

    void refusals_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<bool>("text");
        QTest::addColumn<QString>("reason");
        QTest::newRow("binary") << QByteArray(R"({"type":"hello"})") << false << "First frame must be hello text";
        QTest::newRow("not json") << QByteArray("{nope") << true << "Bad hello json";
        QTest::newRow("other type") << QByteArray(R"({"type":"hi","code_hash_hex":"a","role":"sender"})") << true << "First frame must be hello";
        QTest::newRow("no type") << QByteArray(R"({"code_hash_hex":"a","role":"sender"})") << true << "First frame must be hello";
        QTest::newRow("empty hash") << QByteArray(R"({"type":"hello","code_hash_hex":"","role":"sender"})") << true << "Bad hello";
        QTest::newRow("hash not a string") << QByteArray(R"({"type":"hello","code_hash_hex":5,"role":"sender"})") << true << "Bad hello";
        QTest::newRow("unknown role") << QByteArray(R"({"type":"hello","code_hash_hex":"a","role":"both"})") << true << "Bad hello";
        QTest::newRow("array") << QByteArray("[1,2]") << true << "Bad hello";
        QTest::newRow("string") << QByteArray(R"("hello")") << true << "Bad hello";
        QTest::newRow("number") << QByteArray("5") << true << "Bad hello";
        QTest::newRow("null") << QByteArray("null") << true << "Bad hello";
        QTest::newRow("two values") << QByteArray("1,2") << true << "Bad hello json";
        QTest::newRow("huge hash") << (QByteArray(R"({"type":"hello","role":"sender","code_hash_hex":")") + QByteArray(600, 'a') + "\"}") << true << "Bad hello";
    }

    void refusals()
    {
        QFETCH(QByteArray, frame);
        QFETCH(bool, text);
        QFETCH(QString, reason);
        const PairingHello hello = PairingHello::parse(frame, text);
        QVERIFY(!hello.ok);
        QCOMPARE(hello.closeReason, reason);
    }
};

QTEST_GUILESS_MAIN(TestPairingHello)
#include "tst_pairinghello.moc"

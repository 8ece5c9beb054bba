// Unit tests for one Engine.IO v4 packet on a WebSocket frame and in a polling record.
#include "tunnel/socketio/engineiopacket.h"

#include <QtTest>

using Type = EngineIoPacket::Type;

class TestEngineIoPacket : public QObject
{
    Q_OBJECT
private slots:
    void textFramesCarryTypeDigitAndPayload_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<int>("type");
        QTest::addColumn<QByteArray>("data");
        QTest::newRow("open") << QByteArray(R"(0{"sid":"x"})") << int(Type::Open) << QByteArray(R"({"sid":"x"})");
        QTest::newRow("close") << QByteArray("1") << int(Type::Close) << QByteArray();
        QTest::newRow("ping") << QByteArray("2") << int(Type::Ping) << QByteArray();
        QTest::newRow("probe") << QByteArray("2probe") << int(Type::Ping) << QByteArray("probe");
        QTest::newRow("pong probe") << QByteArray("3probe") << int(Type::Pong) << QByteArray("probe");
        QTest::newRow("message") << QByteArray("4hello") << int(Type::Message) << QByteArray("hello");
        QTest::newRow("socket.io event") << QByteArray(R"(42["a",1])") << int(Type::Message) << QByteArray(R"(2["a",1])");
        QTest::newRow("upgrade") << QByteArray("5") << int(Type::Upgrade) << QByteArray();
        QTest::newRow("noop") << QByteArray("6") << int(Type::Noop) << QByteArray();
        QTest::newRow("utf-8") << QByteArray("4\xe2\x82\xac") << int(Type::Message) << QByteArray("\xe2\x82\xac");
    }
    void textFramesCarryTypeDigitAndPayload()
    {
        QFETCH(QByteArray, frame);
        QFETCH(int, type);
        QFETCH(QByteArray, data);
        const auto packet = EngineIoPacket::fromWebSocketFrame(frame, true);
        QVERIFY(packet);
        QCOMPARE(int(packet->type), type);
        QCOMPARE(packet->data, data);
        QVERIFY(!packet->binary);
        QCOMPARE(packet->toWebSocketFrame(), frame);
        // The same text is the packet's polling record.
        QCOMPARE(packet->toPollingRecord(), frame);
        QCOMPARE(EngineIoPacket::fromPollingRecord(frame), packet);
    }

    void invalidTextFramesAreRefused_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("letter") << QByteArray("abc");
        QTest::newRow("type 7") << QByteArray("7");
        QTest::newRow("type 9") << QByteArray("9x");
        QTest::newRow("space first") << QByteArray(" 4hello");
        QTest::newRow("b in a text frame") << QByteArray("bAQID"); // base64 is for polling only
    }
    void invalidTextFramesAreRefused()
    {
        QFETCH(QByteArray, frame);
        QVERIFY(!EngineIoPacket::fromWebSocketFrame(frame, true));
    }

    void binaryFramesAreBareMessages()
    {
        const QByteArray bytes("\x01\x02\x03\x04", 4);
        const auto packet = EngineIoPacket::fromWebSocketFrame(bytes, false);
        QVERIFY(packet);
        QCOMPARE(packet->type, Type::Message);
        QVERIFY(packet->binary);
        QCOMPARE(packet->data, bytes);
        QCOMPARE(packet->toWebSocketFrame(), bytes);
        // Even a binary frame that starts with a digit has no type prefix.
        const auto digit = EngineIoPacket::fromWebSocketFrame("4abc", false);
        QVERIFY(digit && digit->binary);
        QCOMPARE(digit->data, QByteArray("4abc"));
        // And an empty one is an empty binary message.
        QVERIFY(EngineIoPacket::fromWebSocketFrame({}, false)->binary);
    }

    void binaryInPollingIsBPlusBase64()
    {
        const EngineIoPacket packet = EngineIoPacket::binaryMessage(QByteArray("\x01\x02\x03\x04", 4));
        QCOMPARE(packet.toPollingRecord(), QByteArray("bAQIDBA=="));
        const auto decoded = EngineIoPacket::fromPollingRecord("bAQIDBA==");
        QVERIFY(decoded);
        QCOMPARE(*decoded, packet);
        QCOMPARE(EngineIoPacket::fromPollingRecord("b")->data, QByteArray());
    }

    void invalidBase64IsRefused()
    {
        QVERIFY(!EngineIoPacket::fromPollingRecord("b!!!!"));
        QVERIFY(!EngineIoPacket::fromPollingRecord("bAQID BA=="));
        QVERIFY(!EngineIoPacket::fromPollingRecord("bAQIDBA=x"));
    }
};

QTEST_GUILESS_MAIN(TestEngineIoPacket)
#include "tst_engineiopacket.moc"

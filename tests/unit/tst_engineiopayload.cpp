// Unit tests for the HTTP long-polling payload: packets joined by the record separator 0x1e.
#include "tunnel/socketio/engineiopayload.h"

#include <QtTest>

using Type = EngineIoPacket::Type;

class TestEngineIoPayload : public QObject
{
    Q_OBJECT
private slots:
    void protocolExamplesDecode()
    {
        // engine.io-protocol, "Packet encoding / HTTP long-polling".
        const auto decoded = EngineIoPayload::decode("4hello\x1e" "2\x1e" "4world", 100);
        QVERIFY2(decoded.ok, qPrintable(decoded.error));
        const QList<EngineIoPacket> expected{
            EngineIoPacket::textPacket(Type::Message, "hello"),
            EngineIoPacket::textPacket(Type::Ping),
            EngineIoPacket::textPacket(Type::Message, "world"),
        };
        QCOMPARE(decoded.packets, expected);

        const auto mixed = EngineIoPayload::decode("4hello\x1e" "bAQIDBA==", 100);
        QVERIFY(mixed.ok);
        QCOMPARE(mixed.packets.size(), 2);
        QCOMPARE(mixed.packets.at(1), EngineIoPacket::binaryMessage(QByteArray("\x01\x02\x03\x04", 4)));
    }

    void encodeJoinsWithTheSeparator()
    {
        const QList<EngineIoPacket> packets{
            EngineIoPacket::textPacket(Type::Message, "hello"),
            EngineIoPacket::binaryMessage(QByteArray("\x01\x02\x03\x04", 4)),
            EngineIoPacket::textPacket(Type::Close),
        };
        QCOMPARE(EngineIoPayload::encode(packets), QByteArray("4hello\x1e" "bAQIDBA==\x1e" "1"));
        QCOMPARE(EngineIoPayload::encode({EngineIoPacket::textPacket(Type::Noop)}), QByteArray("6"));
        QCOMPARE(EngineIoPayload::encode({}), QByteArray());
        const auto back = EngineIoPayload::decode(EngineIoPayload::encode(packets), 100);
        QVERIFY(back.ok);
        QCOMPARE(back.packets, packets);
    }

    void singlePacketBodies()
    {
        QCOMPARE(EngineIoPayload::decode("3", 1).packets, QList<EngineIoPacket>{EngineIoPacket::textPacket(Type::Pong)});
        QCOMPARE(EngineIoPayload::decode(R"(40{"token":"x"})", 1).packets.value(0).data, QByteArray(R"(0{"token":"x"})"));
    }

    void malformedBodiesAreRefusedWhole_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("empty body") << QByteArray();
        QTest::newRow("not a packet") << QByteArray("abc");
        QTest::newRow("bad packet last") << QByteArray("4hello\x1e" "xyz");
        QTest::newRow("bad packet first") << QByteArray("x\x1e" "4hello");
        QTest::newRow("empty record") << QByteArray("4a\x1e\x1e" "4b");
        QTest::newRow("trailing separator") << QByteArray("4a\x1e");
        QTest::newRow("leading separator") << QByteArray("\x1e" "4a");
        QTest::newRow("bad base64") << QByteArray("4a\x1e" "b%%%");
    }
    void malformedBodiesAreRefusedWhole()
    {
        QFETCH(QByteArray, body);
        const auto decoded = EngineIoPayload::decode(body, 100);
        QVERIFY(!decoded.ok);
        QVERIFY(decoded.packets.isEmpty()); // nothing of a bad body is acted upon
        QVERIFY(!decoded.error.isEmpty());
    }

    void packetCountIsBounded()
    {
        QByteArray body("3");
        for (int i = 1; i < 10; ++i)
            body += "\x1e" "3";
        QCOMPARE(EngineIoPayload::decode(body, 10).packets.size(), 10);
        const auto tooMany = EngineIoPayload::decode(body + "\x1e" "3", 10);
        QVERIFY(!tooMany.ok);
        QVERIFY(tooMany.error.contains(QLatin1String("10")));
    }
};

QTEST_GUILESS_MAIN(TestEngineIoPayload)
#include "tst_engineiopayload.moc"

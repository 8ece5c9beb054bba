// Unit tests for the Socket.IO v5 packet codec: the socket.io-protocol document's examples, and
// the malformed packets a receiver must refuse.
#include "tunnel/socketio/socketiopacket.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using Type = SocketIoPacket::Type;

namespace {
QJsonValue json(const char *text)
{
    const QJsonDocument document = QJsonDocument::fromJson(text);
    return document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object());
}
} // namespace

class TestSocketIoPacket : public QObject
{
    Q_OBJECT
private slots:
    void decodesTheProtocolExamples_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<int>("type");
        QTest::addColumn<QString>("nsp");
        QTest::addColumn<qint64>("ackId");
        QTest::addColumn<int>("attachments");
        QTest::addColumn<QByteArray>("data"); // JSON, empty for none
        QTest::newRow("connect") << QByteArray("0") << int(Type::Connect) << "/" << qint64(-1) << 0 << QByteArray();
        QTest::newRow("connect with auth") << QByteArray(R"(0{"token":"123"})") << int(Type::Connect) << "/"
                                           << qint64(-1) << 0 << QByteArray(R"({"token":"123"})");
        QTest::newRow("connect admin") << QByteArray(R"(0/admin,{"token":"abc"})") << int(Type::Connect) << "/admin"
                                       << qint64(-1) << 0 << QByteArray(R"({"token":"abc"})");
        QTest::newRow("namespace without comma") << QByteArray("0/random") << int(Type::Connect) << "/random"
                                                 << qint64(-1) << 0 << QByteArray();
        QTest::newRow("event") << QByteArray(R"(2["foo"])") << int(Type::Event) << "/" << qint64(-1) << 0
                               << QByteArray(R"(["foo"])");
        QTest::newRow("event admin") << QByteArray(R"(2/admin,["bar"])") << int(Type::Event) << "/admin"
                                     << qint64(-1) << 0 << QByteArray(R"(["bar"])");
        QTest::newRow("event with ack") << QByteArray(R"(212["foo"])") << int(Type::Event) << "/" << qint64(12) << 0
                                        << QByteArray(R"(["foo"])");
        QTest::newRow("numeric event name") << QByteArray("2[7,1]") << int(Type::Event) << "/" << qint64(-1) << 0
                                            << QByteArray("[7,1]");
        QTest::newRow("ack admin") << QByteArray(R"(3/admin,13["bar"])") << int(Type::Ack) << "/admin" << qint64(13)
                                   << 0 << QByteArray(R"(["bar"])");
        QTest::newRow("empty ack") << QByteArray("312[]") << int(Type::Ack) << "/" << qint64(12) << 0 << QByteArray("[]");
        QTest::newRow("disconnect") << QByteArray("1") << int(Type::Disconnect) << "/" << qint64(-1) << 0 << QByteArray();
        QTest::newRow("disconnect admin") << QByteArray("1/admin,") << int(Type::Disconnect) << "/admin" << qint64(-1)
                                          << 0 << QByteArray();
        QTest::newRow("connect error") << QByteArray(R"(4{"message":"Not authorized"})") << int(Type::ConnectError)
                                       << "/" << qint64(-1) << 0 << QByteArray(R"({"message":"Not authorized"})");
        QTest::newRow("binary event") << QByteArray(R"(51-["baz",{"_placeholder":true,"num":0}])")
                                      << int(Type::BinaryEvent) << "/" << qint64(-1) << 1
                                      << QByteArray(R"(["baz",{"_placeholder":true,"num":0}])");
        QTest::newRow("binary event admin two") << QByteArray(R"(52-/admin,["baz",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}])")
                                                << int(Type::BinaryEvent) << "/admin" << qint64(-1) << 2
                                                << QByteArray(R"(["baz",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}])");
        QTest::newRow("binary ack") << QByteArray(R"(61-15["bar",{"_placeholder":true,"num":0}])") << int(Type::BinaryAck)
                                    << "/" << qint64(15) << 1 << QByteArray(R"(["bar",{"_placeholder":true,"num":0}])");
        QTest::newRow("binary event with ack") << QByteArray(R"(452-789["m",{"_placeholder":true,"num":0}])").mid(1)
                                               << int(Type::BinaryEvent) << "/" << qint64(789) << 2
                                               << QByteArray(R"(["m",{"_placeholder":true,"num":0}])");
        QTest::newRow("largest ack id") << QByteArray(R"(2999999999999999["x"])") << int(Type::Event) << "/"
                                        << qint64(999999999999999) << 0 << QByteArray(R"(["x"])");
    }
    void decodesTheProtocolExamples()
    {
        QFETCH(QByteArray, text);
        QFETCH(int, type);
        QFETCH(QString, nsp);
        QFETCH(qint64, ackId);
        QFETCH(int, attachments);
        QFETCH(QByteArray, data);
        const SocketIoPacket::Decoded decoded = SocketIoPacket::decode(text, 10);
        QVERIFY2(decoded.ok, qPrintable(decoded.error));
        QCOMPARE(int(decoded.packet.type), type);
        QCOMPARE(decoded.packet.nsp, nsp);
        QCOMPARE(decoded.packet.ackId, ackId);
        QCOMPARE(decoded.packet.attachments, attachments);
        if (data.isEmpty())
            QVERIFY(decoded.packet.data.isUndefined());
        else
            QCOMPARE(decoded.packet.data, json(data));
    }

    void refusesMalformedPackets_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("errorPart");
        QTest::newRow("empty") << QByteArray() << "empty";
        QTest::newRow("unknown type letter") << QByteArray("abc") << "unknown packet type";
        QTest::newRow("unknown type 7") << QByteArray("7") << "unknown packet type";
        QTest::newRow("event payload object") << QByteArray("2{}") << "non-empty array";
        QTest::newRow("event without payload") << QByteArray("2") << "non-empty array";
        QTest::newRow("event empty array") << QByteArray("2[]") << "non-empty array";
        QTest::newRow("event name object") << QByteArray(R"(2[{"a":1}])") << "event name";
        QTest::newRow("reserved name connect") << QByteArray(R"(2["connect"])") << "reserved";
        QTest::newRow("reserved name disconnect") << QByteArray(R"(2["disconnect",1])") << "reserved";
        QTest::newRow("reserved name newListener") << QByteArray(R"(2["newListener"])") << "reserved";
        QTest::newRow("invalid ack id") << QByteArray(R"(2abc["message-with-ack",1])") << "invalid JSON";
        QTest::newRow("ack id too long") << QByteArray(R"(21234567890123456["x"])") << "ack id too long";
        QTest::newRow("broken json") << QByteArray(R"(2["foo")") << "invalid JSON";
        QTest::newRow("trailing garbage") << QByteArray(R"(2["foo"]x)") << "invalid JSON";
        QTest::newRow("scalar payload") << QByteArray(R"(2"foo")") << "invalid JSON";
        QTest::newRow("connect with array") << QByteArray("0[1]") << "CONNECT payload";
        QTest::newRow("disconnect with payload") << QByteArray("1{}") << "DISCONNECT";
        QTest::newRow("ack without id") << QByteArray("3[1]") << "without an id";
        QTest::newRow("ack without payload") << QByteArray("31") << "ACK payload";
        QTest::newRow("ack payload object") << QByteArray("31{}") << "ACK payload";
        QTest::newRow("attachments without dash") << QByteArray(R"(51["a"])") << "illegal attachments";
        QTest::newRow("attachments not a number") << QByteArray(R"(5x-["a"])") << "illegal attachments";
        QTest::newRow("attachments empty") << QByteArray(R"(5-["a"])") << "illegal attachments";
        QTest::newRow("too many attachments") << QByteArray(R"(511-["a"])") << "too many attachments";
        QTest::newRow("attachments overflow") << QByteArray(R"(599999999999-["a"])") << "illegal attachments";
        QTest::newRow("namespace too long") << (QByteArray("0/") + QByteArray(300, 'n') + ",") << "namespace too long";
    }
    void refusesMalformedPackets()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, errorPart);
        const SocketIoPacket::Decoded decoded = SocketIoPacket::decode(text, 10);
        QVERIFY(!decoded.ok);
        QVERIFY2(decoded.error.contains(errorPart), qPrintable(decoded.error));
    }

    void encodesTheProtocolExamples()
    {
        SocketIoPacket connect;
        connect.type = Type::Connect;
        QCOMPARE(connect.encode(), QByteArray("0"));
        connect.nsp = QStringLiteral("/admin");
        connect.data = QJsonObject{{QStringLiteral("sid"), QStringLiteral("oSO0OpakMV_3jnilAAAA")}};
        QCOMPARE(connect.encode(), QByteArray(R"(0/admin,{"sid":"oSO0OpakMV_3jnilAAAA"})"));

        SocketIoPacket refusal;
        refusal.type = Type::ConnectError;
        refusal.data = QJsonObject{{QStringLiteral("message"), QStringLiteral("Not authorized")}};
        QCOMPARE(refusal.encode(), QByteArray(R"(4{"message":"Not authorized"})"));

        QCOMPARE(SocketIoPacket::event(QJsonArray{QStringLiteral("foo")}).encode(), QByteArray(R"(2["foo"])"));
        QCOMPARE(SocketIoPacket::event(QJsonArray{QStringLiteral("foo")}, 12).encode(), QByteArray(R"(212["foo"])"));
        SocketIoPacket adminEvent = SocketIoPacket::event(QJsonArray{QStringLiteral("bar")});
        adminEvent.nsp = QStringLiteral("/admin");
        QCOMPARE(adminEvent.encode(), QByteArray(R"(2/admin,["bar"])"));
        SocketIoPacket adminAck = SocketIoPacket::ack(13, QJsonArray{QStringLiteral("bar")});
        adminAck.nsp = QStringLiteral("/admin");
        QCOMPARE(adminAck.encode(), QByteArray(R"(3/admin,13["bar"])"));
        QCOMPARE(SocketIoPacket::ack(0, {}).encode(), QByteArray("30[]"));

        SocketIoPacket disconnect;
        disconnect.type = Type::Disconnect;
        QCOMPARE(disconnect.encode(), QByteArray("1"));
        disconnect.nsp = QStringLiteral("/admin");
        QCOMPARE(disconnect.encode(), QByteArray("1/admin,"));

        SocketIoPacket binaryAck = SocketIoPacket::ack(15, json(R"(["bar",{"_placeholder":true,"num":0}])").toArray());
        binaryAck.type = Type::BinaryAck;
        binaryAck.attachments = 1;
        QCOMPARE(binaryAck.encode(), QByteArray(R"(61-15["bar",{"_placeholder":true,"num":0}])"));

        // A string CONNECT_ERROR payload is written as a JSON string.
        refusal.data = QStringLiteral("plain \"quoted\"");
        QCOMPARE(refusal.encode(), QByteArray("4\"plain \\\"quoted\\\"\""));
    }

    void roundTripsUnicodeAndNesting()
    {
        const QJsonArray args{QStringLiteral("ünïcødé ✓"), QJsonObject{{QStringLiteral("a"), QJsonArray{1, 2.5, true}}}};
        const QByteArray text = SocketIoPacket::event(args, 3).encode();
        const SocketIoPacket::Decoded decoded = SocketIoPacket::decode(text, 10);
        QVERIFY(decoded.ok);
        QCOMPARE(decoded.packet.data.toArray(), args);
        QCOMPARE(decoded.packet.ackId, qint64(3));
    }
};

QTEST_GUILESS_MAIN(TestSocketIoPacket)
#include "tst_socketiopacket.moc"

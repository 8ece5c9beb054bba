// Unit tests for putting binary Socket.IO packets back together: placeholders replaced by their
// attachments as base64, and every way a sender can get it wrong refused.
#include "tunnel/socketio/socketioattachmentassembler.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QtTest>

using Status = SocketIoAttachmentAssembler::Status;

namespace {
SocketIoPacket header(const QByteArray &text)
{
    const SocketIoPacket::Decoded decoded = SocketIoPacket::decode(text, 10);
    Q_ASSERT(decoded.ok);
    return decoded.packet;
}
} // namespace

class TestSocketIoAttachmentAssembler : public QObject
{
    Q_OBJECT
private slots:
    void replacesPlaceholdersInOrder()
    {
        SocketIoAttachmentAssembler assembler(1000);
        QCOMPARE(assembler.start(header(R"(52-789["message",{"_placeholder":true,"num":1},{"_placeholder":true,"num":0}])")),
                 Status::NeedMore);
        QVERIFY(assembler.isAssembling());
        QCOMPARE(assembler.addAttachment(QByteArray("\x01\x02\x03", 3)), Status::NeedMore);
        QCOMPARE(assembler.addAttachment(QByteArray("\x04\x05\x06", 3)), Status::Complete);
        QVERIFY(!assembler.isAssembling());
        const SocketIoPacket packet = assembler.takePacket();
        QCOMPARE(packet.type, SocketIoPacket::Type::Event);
        QCOMPARE(packet.ackId, qint64(789));
        QCOMPARE(packet.attachments, 0);
        // num 1 is the second attachment, wherever it stands.
        QCOMPARE(packet.data.toArray(), (QJsonArray{QStringLiteral("message"), QStringLiteral("BAUG"), QStringLiteral("AQID")}));
    }

    void binaryAckBecomesAckAndNestedPlaceholdersAreFound()
    {
        SocketIoAttachmentAssembler assembler(1000);
        QCOMPARE(assembler.start(header(R"(61-4[{"file":{"name":"a","bytes":{"_placeholder":true,"num":0}},"list":[[{"_placeholder":true,"num":0}]]}])")),
                 Status::NeedMore);
        QCOMPARE(assembler.addAttachment("hi"), Status::Complete);
        const SocketIoPacket packet = assembler.takePacket();
        QCOMPARE(packet.type, SocketIoPacket::Type::Ack);
        const QJsonObject object = packet.data.toArray().first().toObject();
        QCOMPARE(object.value("file").toObject().value("bytes").toString(), QStringLiteral("aGk="));
        QCOMPARE(object.value("list").toArray().first().toArray().first().toString(), QStringLiteral("aGk="));
        QCOMPARE(object.value("file").toObject().value("name").toString(), QStringLiteral("a"));
    }

    void noAttachmentsCompletesAtOnce()
    {
        SocketIoAttachmentAssembler assembler(1000);
        QCOMPARE(assembler.start(header(R"(50-["plain",1])")), Status::Complete);
        QCOMPARE(assembler.takePacket().data.toArray(), (QJsonArray{QStringLiteral("plain"), 1}));
    }

    void placeholdersThatNameNoAttachmentAreRefused_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("num too large") << QByteArray(R"(51-["m",{"_placeholder":true,"num":1}])");
        QTest::newRow("num negative") << QByteArray(R"(51-["m",{"_placeholder":true,"num":-1}])");
        QTest::newRow("num fraction") << QByteArray(R"(51-["m",{"_placeholder":true,"num":0.5}])");
        QTest::newRow("num string") << QByteArray(R"(51-["m",{"_placeholder":true,"num":"0"}])");
        QTest::newRow("num missing") << QByteArray(R"(51-["m",{"_placeholder":true}])");
    }
    void placeholdersThatNameNoAttachmentAreRefused()
    {
        QFETCH(QByteArray, text);
        SocketIoAttachmentAssembler assembler(1000);
        QCOMPARE(assembler.start(header(text)), Status::NeedMore);
        QCOMPARE(assembler.addAttachment("x"), Status::Error);
        QVERIFY(!assembler.error().isEmpty());
        QVERIFY(!assembler.isAssembling());
    }

    void totalSizeIsBounded()
    {
        SocketIoAttachmentAssembler assembler(10);
        QCOMPARE(assembler.start(header(R"(52-["m",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}])")), Status::NeedMore);
        QCOMPARE(assembler.addAttachment(QByteArray(6, 'a')), Status::NeedMore);
        QCOMPARE(assembler.addAttachment(QByteArray(5, 'b')), Status::Error);
        QVERIFY(assembler.error().contains(QLatin1String("10 bytes")));
        QVERIFY(!assembler.isAssembling());
    }

    void attachmentWithoutHeaderIsRefused()
    {
        SocketIoAttachmentAssembler assembler(1000);
        QCOMPARE(assembler.addAttachment("x"), Status::Error);
        QCOMPARE(assembler.start(header(R"(2["not binary"])")), Status::Error);
    }

    void resetForgetsAPartialPacket()
    {
        SocketIoAttachmentAssembler assembler(1000);
        assembler.start(header(R"(51-["m",{"_placeholder":true,"num":0}])"));
        assembler.reset();
        QVERIFY(!assembler.isAssembling());
        QCOMPARE(assembler.addAttachment("x"), Status::Error);
    }
};

QTEST_GUILESS_MAIN(TestSocketIoAttachmentAssembler)
#include "tst_socketioattachmentassembler.moc"

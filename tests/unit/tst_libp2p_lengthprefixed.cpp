// Unit tests for length-prefixed messages: LengthPrefixedReader, LengthPrefixed (protobuf
// framing) and MessageStreamReader (messages from a PipeEndpoint).
#include "fakeendpoint.h"
#include "libp2p/multistream/lengthprefixed.h"
#include "libp2p/multistream/lengthprefixedreader.h"
#include "libp2p/multistream/messagestreamreader.h"
#include "libp2p/proto/keys.pb.h"

#include <QSignalSpy>
#include <QtTest>

using namespace Libp2p;

class TestLibp2pLengthPrefixed : public QObject
{
    Q_OBJECT

private slots:
    void readerCutsAStreamIntoMessages()
    {
        LengthPrefixedReader reader(1000);
        const QByteArray stream = LengthPrefixed::frame(QByteArray("one")) + LengthPrefixed::frame(QByteArray())
                                  + LengthPrefixed::frame(QByteArray(300, 'x')) + "rest";
        QByteArray message;
        QList<QByteArray> messages;
        // Fed one byte at a time, the messages come out whole and in order.
        for (const char byte : stream) {
            reader.append(QByteArray(1, byte));
            while (reader.next(&message) == LengthPrefixedReader::Status::Message)
                messages.append(message);
        }
        QCOMPARE(messages.size(), 3);
        QCOMPARE(messages[0], QByteArray("one"));
        QCOMPARE(messages[1], QByteArray());
        QCOMPARE(messages[2], QByteArray(300, 'x'));
        QCOMPARE(reader.next(&message), LengthPrefixedReader::Status::NeedMore);
        // "rest" starts with 'r' (0x72 = 114): it reads as a length with too few bytes after it.
        QCOMPARE(reader.takeBuffered(), QByteArray("rest"));
        QCOMPARE(reader.bufferedBytes(), 0);
    }

    void oversizeAndMalformedPrefixesAreReported()
    {
        LengthPrefixedReader reader(100);
        QByteArray message;
        reader.append(QByteArray::fromHex("65")); // 101
        QCOMPARE(reader.next(&message), LengthPrefixedReader::Status::TooLarge);
        LengthPrefixedReader huge(100);
        huge.append(QByteArray::fromHex("ffffff")); // still incomplete, but already far too large
        QCOMPARE(huge.next(&message), LengthPrefixedReader::Status::TooLarge);
        LengthPrefixedReader overlong(100);
        overlong.append(QByteArray::fromHex("8500")); // 5 written in two bytes
        QCOMPARE(overlong.next(&message), LengthPrefixedReader::Status::Malformed);
        LengthPrefixedReader exact(100);
        exact.append(QByteArray::fromHex("64") + QByteArray(100, 'a'));
        QCOMPARE(exact.next(&message), LengthPrefixedReader::Status::Message);
        QCOMPARE(message.size(), 100);
    }

    void protobufMessagesAreFramedAndParsed()
    {
        Proto::PublicKey key;
        key.set_type(Proto::Ed25519);
        key.set_data(std::string(32, '\x07'));
        const QByteArray framed = LengthPrefixed::frame(key);
        QCOMPARE(framed.left(5), QByteArray::fromHex("2408011220"));
        QCOMPARE(framed.size(), 1 + 36);
        Proto::PublicKey parsed;
        QVERIFY(LengthPrefixed::parse(QByteArrayView(framed).sliced(1), &parsed));
        QCOMPARE(parsed.data(), key.data());
        QVERIFY(!LengthPrefixed::parse(QByteArray::fromHex("0801"), &parsed)); // required Data missing
        Proto::PublicKey incomplete;
        QCOMPARE(LengthPrefixed::frame(incomplete), QByteArray()); // required fields unset
    }

    void streamReaderDeliversMessagesAndHandsOverTheRest()
    {
        FakeEndpoint stream("stream");
        MessageStreamReader reader(&stream, 64);
        QSignalSpy failed(&reader, &MessageStreamReader::failed);
        QList<QByteArray> messages;
        QByteArray rest;
        connect(&reader, &MessageStreamReader::messageReceived, this, [&](const QByteArray &body) {
            messages.append(body);
            if (body == "connect")
                rest = reader.stop(); // what follows belongs to the relayed stream
        });
        reader.start(LengthPrefixed::frame(QByteArray("reserve")).left(3));
        QVERIFY(messages.isEmpty());
        stream.deliver(LengthPrefixed::frame(QByteArray("reserve")).mid(3) + LengthPrefixed::frame(QByteArray("connect"))
                       + "relayed bytes");
        QCOMPARE(messages, (QList<QByteArray>{"reserve", "connect"}));
        QCOMPARE(rest, QByteArray("relayed bytes"));
        QVERIFY(!reader.isActive());
        stream.deliver(LengthPrefixed::frame(QByteArray("ignored")));
        QCOMPARE(messages.size(), 2);
        QVERIFY(failed.isEmpty());
    }

    void streamReaderReportsOversizeMessagesAndTruncatedEnds()
    {
        {
            FakeEndpoint stream("stream");
            MessageStreamReader reader(&stream, 8);
            QSignalSpy failed(&reader, &MessageStreamReader::failed);
            reader.start();
            stream.deliver(QByteArray::fromHex("09"));
            QCOMPARE(failed.size(), 1);
            QVERIFY(failed.first().at(0).toString().contains(QLatin1String("larger than 8")));
        }
        {
            FakeEndpoint stream("stream");
            MessageStreamReader reader(&stream, 8);
            QSignalSpy failed(&reader, &MessageStreamReader::failed);
            QSignalSpy ended(&reader, &MessageStreamReader::streamEnded);
            reader.start();
            stream.deliver(QByteArray::fromHex("0561"));
            stream.peerFinishes();
            QCOMPARE(failed.size(), 1);
            QVERIFY(ended.isEmpty());
        }
        {
            FakeEndpoint stream("stream");
            MessageStreamReader reader(&stream, 8);
            QSignalSpy failed(&reader, &MessageStreamReader::failed);
            QSignalSpy ended(&reader, &MessageStreamReader::streamEnded);
            QSignalSpy messages(&reader, &MessageStreamReader::messageReceived);
            reader.start();
            stream.deliver(QByteArray::fromHex("0161"));
            stream.peerCloses(1000, QString());
            QCOMPARE(messages.size(), 1);
            QCOMPARE(ended.size(), 1);
            QVERIFY(failed.isEmpty());
        }
    }
};

QTEST_GUILESS_MAIN(TestLibp2pLengthPrefixed)
#include "tst_libp2p_lengthprefixed.moc"

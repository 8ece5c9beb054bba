// Unit tests for the yamux frame header codec: encoding against byte vectors built by hand from
// the spec's layout, and every validation rule of decodeHeader().
#include "libp2p/yamux/yamuxframe.h"

#include <QtTest>

using namespace Yamux;

Q_DECLARE_METATYPE(Yamux::HeaderError)

class TestYamuxFrame : public QObject
{
    Q_OBJECT

    static QByteArray hex(const char *text) { return QByteArray::fromHex(QByteArray(text).replace(' ', "")); }

private slots:
    void encodesHeaders_data()
    {
        QTest::addColumn<int>("type");
        QTest::addColumn<int>("flags");
        QTest::addColumn<quint32>("streamId");
        QTest::addColumn<quint32>("length");
        QTest::addColumn<QByteArray>("bytes");
        //                                  ver type flags stream-id   length
        QTest::newRow("data SYN") << 0 << 0x1 << 1u << 5u << hex("00 00 0001 00000001 00000005");
        QTest::newRow("window update ACK, 256 KiB")
            << 1 << 0x2 << 2u << 262144u << hex("00 01 0002 00000002 00040000");
        QTest::newRow("ping ACK") << 2 << 0x2 << 0u << 0xDEADBEEFu << hex("00 02 0002 00000000 deadbeef");
        QTest::newRow("go-away protocol error") << 3 << 0 << 0u << 1u << hex("00 03 0000 00000000 00000001");
        QTest::newRow("big endian everywhere")
            << 0 << 0xC << 0x01020304u << 0xA0B0C0D0u << hex("00 00 000c 01020304 a0b0c0d0");
        QTest::newRow("window update RST") << 1 << 0x8 << 7u << 0u << hex("00 01 0008 00000007 00000000");
    }
    void encodesHeaders()
    {
        QFETCH(int, type);
        QFETCH(int, flags);
        QFETCH(quint32, streamId);
        QFETCH(quint32, length);
        QFETCH(QByteArray, bytes);
        const FrameHeader header{FrameType(type), quint16(flags), streamId, length};
        QCOMPARE(encodeHeader(header).toHex(' '), bytes.toHex(' '));

        // And back: a valid header decodes to the same fields.
        FrameHeader decoded;
        QCOMPARE(decodeHeader(bytes.constData(), decoded, 0xFFFFFFFFu), HeaderError::None);
        QVERIFY(decoded == header);
    }

    void appendsAfterExistingBytes()
    {
        QByteArray out("payload-before");
        appendHeader(out, {FrameType::Data, Flag::Fin, 3, 0});
        QCOMPARE(out.size(), 14 + HeaderBytes);
        QCOMPARE(out.mid(14).toHex(' '), hex("00 00 0004 00000003 00000000").toHex(' '));
    }

    void validates_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<Yamux::HeaderError>("error");
        QTest::newRow("version 1") << hex("01 00 0000 00000001 00000000") << HeaderError::BadVersion;
        QTest::newRow("version 255") << hex("ff 02 0001 00000000 00000000") << HeaderError::BadVersion;
        QTest::newRow("type 4") << hex("00 04 0000 00000000 00000000") << HeaderError::UnknownType;
        QTest::newRow("type 255") << hex("00 ff 0000 00000001 00000000") << HeaderError::UnknownType;
        QTest::newRow("unknown flag bit") << hex("00 00 0010 00000001 00000000") << HeaderError::BadFlags;
        QTest::newRow("high flag bit") << hex("00 01 8000 00000001 00000000") << HeaderError::BadFlags;
        QTest::newRow("data on stream 0") << hex("00 00 0000 00000000 00000000") << HeaderError::BadStreamId;
        QTest::newRow("window update on stream 0") << hex("00 01 0002 00000000 00000010") << HeaderError::BadStreamId;
        QTest::newRow("SYN and ACK together") << hex("00 01 0003 00000001 00000000") << HeaderError::BadFlags;
        QTest::newRow("ping on a stream") << hex("00 02 0001 00000001 00000000") << HeaderError::BadStreamId;
        QTest::newRow("ping without flags") << hex("00 02 0000 00000000 00000007") << HeaderError::BadFlags;
        QTest::newRow("ping SYN|FIN") << hex("00 02 0005 00000000 00000007") << HeaderError::BadFlags;
        QTest::newRow("go-away with flags") << hex("00 03 0001 00000000 00000000") << HeaderError::BadFlags;
        QTest::newRow("go-away on a stream") << hex("00 03 0000 00000003 00000000") << HeaderError::BadStreamId;
        QTest::newRow("data one byte too long") << hex("00 00 0000 00000001 00040001") << HeaderError::TooLong;
        QTest::newRow("data 4 GiB") << hex("00 00 0000 00000001 ffffffff") << HeaderError::TooLong;
        // Allowed: the exact limit, every stream flag combination but SYN|ACK, any window delta.
        QTest::newRow("data at the limit") << hex("00 00 0000 00000001 00040000") << HeaderError::None;
        QTest::newRow("data SYN|FIN|RST") << hex("00 00 000d 00000001 00000000") << HeaderError::None;
        QTest::newRow("window update ACK|FIN") << hex("00 01 0006 00000002 00000000") << HeaderError::None;
        QTest::newRow("huge window delta") << hex("00 01 0000 00000002 ffffffff") << HeaderError::None;
        QTest::newRow("ping SYN") << hex("00 02 0001 00000000 ffffffff") << HeaderError::None;
        QTest::newRow("go-away unknown code") << hex("00 03 0000 00000000 00000009") << HeaderError::None;
    }
    void validates()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(Yamux::HeaderError, error);
        QCOMPARE(bytes.size(), HeaderBytes);
        FrameHeader header;
        const HeaderError got = decodeHeader(bytes.constData(), header, 256 * 1024);
        QVERIFY2(got == error, qPrintable(describe(got) + QStringLiteral(" for ") + describe(header)));
    }

    void decodesFieldsEvenWhenInvalid()
    {
        // The log line for a refused header shows what was read.
        const QByteArray bytes = hex("00 00 0000 00000009 7fffffff");
        FrameHeader header;
        QCOMPARE(decodeHeader(bytes.constData(), header, 1024), HeaderError::TooLong);
        QCOMPARE(header.streamId, 9u);
        QCOMPARE(header.length, 0x7fffffffu);
    }

    void describesHeaders()
    {
        QCOMPARE(describe(FrameHeader{FrameType::Data, quint16(Flag::Syn | Flag::Fin), 3, 5}),
                 QStringLiteral("data stream=3 flags=SYN|FIN length=5"));
        QCOMPARE(describe(FrameHeader{FrameType::GoAway, 0, 0, 1}), QStringLiteral("go-away stream=0 flags=- length=1"));
        QCOMPARE(describe(FrameHeader{FrameType(9), 0x12, 1, 0}), QStringLiteral("type-9 stream=1 flags=ACK|0x10 length=0"));
        QVERIFY(!describe(HeaderError::TooLong).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestYamuxFrame)
#include "tst_yamux_frame.moc"

// Unit tests for WebSocketFrameReader: framing rules, limits, unmasking and reassembly.
#include "net/websocket/websocketframereader.h"

#include <QRandomGenerator>
#include <QtTest>

namespace {

// A client frame as a browser would send it: masked with `key`.
QByteArray frame(int opcode, const QByteArray &payload, bool fin = true, quint32 key = 0x37fa213d,
                 quint8 extraBits = 0)
{
    QByteArray out;
    out += char((fin ? 0x80 : 0) | extraBits | opcode);
    const qsizetype n = payload.size();
    if (n < 126) {
        out += char(0x80 | n);
    } else if (n <= 0xffff) {
        out += char(0x80 | 126);
        out += char(n >> 8);
        out += char(n & 0xff);
    } else {
        out += char(0x80 | 127);
        for (int i = 7; i >= 0; --i)
            out += char((quint64(n) >> (8 * i)) & 0xff);
    }
    const quint8 mask[4] = {quint8(key >> 24), quint8(key >> 16), quint8(key >> 8), quint8(key)};
    out.append(reinterpret_cast<const char *>(mask), 4);
    for (qsizetype i = 0; i < n; ++i)
        out += char(quint8(payload[i]) ^ mask[i % 4]);
    return out;
}

struct Collector
{
    QList<QPair<QByteArray, bool>> messages;
    QList<QPair<int, QByteArray>> controls;
    WebSocketFrameReader reader;
    explicit Collector(qint64 max = 1 << 20)
        : reader(
              max, [this](QByteArray &&m, bool text) { messages.append({m, text}); },
              [this](int op, const QByteArray &p) { controls.append({op, p}); })
    {
    }
    bool feed(const QByteArray &bytes) { return reader.feed(bytes.constData(), bytes.size()); }
};

QByteArray randomBytes(qsizetype n)
{
    QByteArray b(n, Qt::Uninitialized);
    for (qsizetype i = 0; i < n; ++i)
        b[i] = char(QRandomGenerator::global()->bounded(256));
    return b;
}

} // namespace

class TestWebSocketFrameReader : public QObject
{
    Q_OBJECT
private slots:
    void textAndBinaryMessagesKeepTheirType()
    {
        Collector c;
        QVERIFY(c.feed(frame(WebSocketOpcode::Text, "hello") + frame(WebSocketOpcode::Binary, QByteArray("\x00\x01\x02", 3))));
        QCOMPARE(c.messages.size(), 2);
        QCOMPARE(c.messages[0].first, QByteArray("hello"));
        QVERIFY(c.messages[0].second);
        QCOMPARE(c.messages[1].first, QByteArray("\x00\x01\x02", 3));
        QVERIFY(!c.messages[1].second);
    }

    void lengthEncodingsOf125_126_65535_65536()
    {
        for (qsizetype n : {qsizetype(0), qsizetype(125), qsizetype(126), qsizetype(65535), qsizetype(65536), qsizetype(200000)}) {
            Collector c;
            const QByteArray payload = randomBytes(n);
            QVERIFY(c.feed(frame(WebSocketOpcode::Binary, payload)));
            QCOMPARE(c.messages.size(), 1);
            QCOMPARE(c.messages[0].first, payload);
        }
    }

    void byteByByteFeedingGivesTheSameResult()
    {
        Collector c;
        const QByteArray payload = randomBytes(1000);
        const QByteArray wire = frame(WebSocketOpcode::Binary, payload, true, 0x01020304) + frame(WebSocketOpcode::Ping, "p");
        for (char byte : wire)
            QVERIFY(c.reader.feed(&byte, 1));
        QCOMPARE(c.messages.size(), 1);
        QCOMPARE(c.messages[0].first, payload);
        QCOMPARE(c.controls.size(), 1);
    }

    void unmaskMatchesTheNaiveDefinitionAtEveryOffset()
    {
        const QByteArray in = randomBytes(301);
        const quint8 key[4] = {0xde, 0xad, 0xbe, 0xef};
        for (quint64 offset = 0; offset < 8; ++offset) {
            for (qsizetype start : {0, 1, 3, 7}) {
                QByteArray out(in.size() - start, Qt::Uninitialized);
                WebSocketFrameReader::unmask(out.data(), in.constData() + start, out.size(), key, offset);
                for (qsizetype i = 0; i < out.size(); ++i)
                    QCOMPARE(quint8(out[i]), quint8(quint8(in[start + i]) ^ key[(offset + quint64(i)) % 4]));
            }
        }
    }

    void fragmentedMessageIsReassembledAroundAPing()
    {
        Collector c;
        QVERIFY(c.feed(frame(WebSocketOpcode::Text, "he", false) + frame(WebSocketOpcode::Ping, "x")
                       + frame(WebSocketOpcode::Continuation, "ll", false) + frame(WebSocketOpcode::Continuation, "o")));
        QCOMPARE(c.controls.size(), 1);
        QCOMPARE(c.controls[0].first, WebSocketOpcode::Ping);
        QCOMPARE(c.messages.size(), 1);
        QCOMPARE(c.messages[0].first, QByteArray("hello"));
        QVERIFY(c.messages[0].second);
    }

    void controlFramesArriveWithTheirPayload()
    {
        Collector c;
        QVERIFY(c.feed(frame(WebSocketOpcode::Pong, "abc") + frame(WebSocketOpcode::Close, QByteArray("\x03\xe8", 2) + "bye")));
        QCOMPARE(c.controls.size(), 2);
        QCOMPARE(c.controls[0], qMakePair(WebSocketOpcode::Pong, QByteArray("abc")));
        QCOMPARE(c.controls[1].second, QByteArray("\x03\xe8" "bye", 5));
    }

    void protocolViolations_data()
    {
        QTest::addColumn<QByteArray>("wire");
        QTest::addColumn<int>("code");
        QByteArray unmasked = frame(WebSocketOpcode::Text, "hi");
        unmasked[1] = char(quint8(unmasked[1]) & 0x7f);
        QTest::newRow("unmasked") << unmasked << 1002;
        QTest::newRow("reserved bit") << frame(WebSocketOpcode::Text, "hi", true, 1, 0x40) << 1002;
        QTest::newRow("unknown opcode") << frame(0x3, "hi") << 1002;
        QTest::newRow("long control") << frame(WebSocketOpcode::Ping, QByteArray(126, 'x')) << 1002;
        QTest::newRow("fragmented control") << frame(WebSocketOpcode::Ping, "x", false) << 1002;
        QTest::newRow("orphan continuation") << frame(WebSocketOpcode::Continuation, "x") << 1002;
        QTest::newRow("message inside message") << frame(WebSocketOpcode::Text, "a", false) + frame(WebSocketOpcode::Text, "b") << 1002;
        QByteArray topBit = QByteArray("\x82\xff", 2) + QByteArray("\x80\x00\x00\x00\x00\x00\x00\x01", 8) + QByteArray(4, '\0');
        QTest::newRow("length top bit") << topBit << 1002;
    }

    void protocolViolations()
    {
        QFETCH(QByteArray, wire);
        QFETCH(int, code);
        Collector c;
        QVERIFY(!c.feed(wire));
        QCOMPARE(int(c.reader.errorCode()), code);
        QVERIFY(!c.reader.errorText().isEmpty());
        QVERIFY(c.messages.isEmpty());
        // Nothing more is consumed after an error.
        QVERIFY(!c.feed(frame(WebSocketOpcode::Text, "later")));
        QVERIFY(c.messages.isEmpty());
    }

    void oversizeMessageIsRefusedFromTheHeaderAlone()
    {
        Collector c(1000);
        // Only the header of a 2 GiB frame: refused before any payload is buffered.
        QByteArray header("\x82\xff", 2);
        for (int i = 7; i >= 0; --i)
            header += char((quint64(2) << 30 >> (8 * i)) & 0xff);
        header += QByteArray(4, '\x11');
        QVERIFY(!c.feed(header));
        QCOMPARE(c.reader.errorCode(), quint16(1009));
        QVERIFY(c.reader.errorText().contains("1000"));
    }

    void oversizeAcrossFragmentsIsRefused()
    {
        Collector c(1000);
        QVERIFY(c.feed(frame(WebSocketOpcode::Binary, QByteArray(600, 'a'), false)));
        QVERIFY(!c.feed(frame(WebSocketOpcode::Continuation, QByteArray(401, 'b'))));
        QCOMPARE(c.reader.errorCode(), quint16(1009));
    }

    void messageExactlyAtTheLimitPasses()
    {
        Collector c(1000);
        QVERIFY(c.feed(frame(WebSocketOpcode::Binary, QByteArray(1000, 'a'))));
        QCOMPARE(c.messages.size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestWebSocketFrameReader)
#include "tst_websocketframereader.moc"

// Unit tests for YamuxFrameReader: frames cut at any point, several frames per chunk, and a too
// long data frame refused from its header alone.
#include "libp2p/yamux/yamuxframereader.h"

#include <QtTest>

using namespace Yamux;

class TestYamuxFrameReader : public QObject
{
    Q_OBJECT

    static QByteArray frame(FrameType type, quint16 flags, quint32 id, const QByteArray &payload, quint32 length = 0)
    {
        QByteArray out = encodeHeader({type, flags, id, type == FrameType::Data ? quint32(payload.size()) : length});
        return out + payload;
    }

private slots:
    void readsFramesFedByteByByte()
    {
        const QByteArray stream = frame(FrameType::Data, Flag::Syn, 1, "hello")
                                  + frame(FrameType::WindowUpdate, Flag::Ack, 2, {}, 4096)
                                  + frame(FrameType::Data, 0, 1, {}) // empty data frame
                                  + frame(FrameType::Ping, Flag::Syn, 0, {}, 77);
        YamuxFrameReader reader(1024);
        QList<FrameHeader> headers;
        QList<QByteArray> payloads;
        for (char c : stream) {
            reader.append(QByteArray(1, c));
            FrameHeader h;
            QByteArray p;
            YamuxFrameReader::Result r;
            while ((r = reader.next(h, p)) == YamuxFrameReader::Result::Frame) {
                headers.append(h);
                payloads.append(p);
            }
            QCOMPARE(r, YamuxFrameReader::Result::NeedMore);
        }
        QCOMPARE(headers.size(), 4);
        QVERIFY(headers[0] == (FrameHeader{FrameType::Data, Flag::Syn, 1, 5}));
        QCOMPARE(payloads[0], QByteArray("hello"));
        QVERIFY(headers[1] == (FrameHeader{FrameType::WindowUpdate, Flag::Ack, 2, 4096}));
        QVERIFY(payloads[1].isEmpty());
        QVERIFY(headers[2] == (FrameHeader{FrameType::Data, 0, 1, 0}));
        QVERIFY(headers[3] == (FrameHeader{FrameType::Ping, Flag::Syn, 0, 77}));
        QCOMPARE(reader.bufferedBytes(), 0);
    }

    void readsManyFramesFromOneChunk()
    {
        QByteArray stream;
        for (int i = 0; i < 100; ++i)
            stream += frame(FrameType::Data, 0, 3, QByteArray(i, char('a' + i % 26)));
        stream += QByteArray("\x00\x00", 2); // the start of one more header
        YamuxFrameReader reader(1024);
        reader.append(stream);
        FrameHeader h;
        QByteArray p;
        for (int i = 0; i < 100; ++i) {
            QCOMPARE(reader.next(h, p), YamuxFrameReader::Result::Frame);
            QCOMPARE(p, QByteArray(i, char('a' + i % 26)));
        }
        QCOMPARE(reader.next(h, p), YamuxFrameReader::Result::NeedMore);
        QCOMPARE(reader.bufferedBytes(), 2);
    }

    void refusesLongDataFrameFromItsHeader()
    {
        YamuxFrameReader reader(256 * 1024);
        // Only the header: the 256 KiB + 1 payload is never waited for.
        reader.append(encodeHeader({FrameType::Data, 0, 1, 256 * 1024 + 1}));
        FrameHeader h;
        QByteArray p;
        QCOMPARE(reader.next(h, p), YamuxFrameReader::Result::Error);
        QCOMPARE(reader.error(), HeaderError::TooLong);
        QCOMPARE(reader.errorHeader().length, 256u * 1024 + 1);
        QCOMPARE(reader.bufferedBytes(), 0);
        // Nothing is read after an error.
        reader.append(frame(FrameType::Ping, Flag::Syn, 0, {}, 1));
        QCOMPARE(reader.next(h, p), YamuxFrameReader::Result::Error);
        QCOMPARE(reader.bufferedBytes(), 0);
    }

    void reportsBadVersionAfterGoodFrames()
    {
        YamuxFrameReader reader(1024);
        QByteArray bad = encodeHeader({FrameType::Ping, Flag::Syn, 0, 1});
        bad[0] = 1;
        reader.append(frame(FrameType::Data, 0, 1, "ok") + bad);
        FrameHeader h;
        QByteArray p;
        QCOMPARE(reader.next(h, p), YamuxFrameReader::Result::Frame);
        QCOMPARE(p, QByteArray("ok"));
        QCOMPARE(reader.next(h, p), YamuxFrameReader::Result::Error);
        QCOMPARE(reader.error(), HeaderError::BadVersion);
    }

    void holdsAtMostOnePartialFrame()
    {
        // A 200 KiB frame arriving in 1 KiB pieces: the buffer never holds more than the frame.
        const QByteArray big = frame(FrameType::Data, 0, 1, QByteArray(200 * 1024, 'x'));
        YamuxFrameReader reader(256 * 1024);
        FrameHeader h;
        QByteArray p;
        qsizetype most = 0;
        int frames = 0;
        for (qsizetype at = 0; at < big.size(); at += 1024) {
            reader.append(big.mid(at, 1024));
            most = std::max(most, reader.bufferedBytes());
            while (reader.next(h, p) == YamuxFrameReader::Result::Frame)
                ++frames;
        }
        QCOMPARE(frames, 1);
        QCOMPARE(p.size(), 200 * 1024);
        QVERIFY(most <= big.size());
    }
};

QTEST_GUILESS_MAIN(TestYamuxFrameReader)
#include "tst_yamux_framereader.moc"

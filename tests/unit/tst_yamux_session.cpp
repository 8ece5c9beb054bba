// Unit tests for YamuxSession: stream ids per role, pings, go-away both ways, the stream caps,
// protocol errors (each answered with go-away ProtocolError and a closed connection), late
// frames, and a peer that does not read. Most tests put a raw peer on the other end of a
// MemoryPipe, writing hand-made frames and reading the session's answers.
#include "libp2p/yamux/yamuxsession.h"
#include "libp2p/yamux/yamuxstream.h"
#include "memorypipe.h"
#include "yamuxwiretap.h"

#include <QSignalSpy>
#include <QtTest>

using namespace Yamux;

namespace {
QByteArray frame(FrameType type, quint16 flags, quint32 id, quint32 length, const QByteArray &payload = {})
{
    return encodeHeader({type, flags, id, length}) + payload;
}
QByteArray data(quint16 flags, quint32 id, const QByteArray &payload)
{
    return frame(FrameType::Data, flags, id, quint32(payload.size()), payload);
}
}

// A session on side a of a MemoryPipe, and the test as a raw yamux peer on side b.
struct RawPeer
{
    MemoryPipe pipe;
    YamuxSession session;
    TapParser parser;
    QList<TappedFrame> received; // frames the session sent
    QList<QPointer<YamuxStream>> streams;

    explicit RawPeer(YamuxSession::Role role = YamuxSession::Role::Server, const YamuxSession::Options &options = {})
        : session(&pipe.a, role, options)
    {
        QObject::connect(&pipe.b, &PipeEndpoint::received, [this](const QByteArray &bytes, bool) {
            received += parser.feed(bytes);
        });
        QObject::connect(&session, &YamuxSession::newStream, [this](YamuxStream *s) { streams.append(s); });
        session.start();
    }
    void write(const QByteArray &bytes) { pipe.b.send(bytes, false); }
    bool settle() { return pipe.settle(); }
    QList<TappedFrame> framesOfType(int type) const
    {
        QList<TappedFrame> out;
        for (const auto &f : received)
            if (f.type == type)
                out.append(f);
        return out;
    }
};

class TestYamuxSession : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { qRegisterMetaType<YamuxStream *>(); }

    void clientOpensOddIdsServerEven()
    {
        MemoryPipe pipe;
        YamuxSession client(&pipe.a, YamuxSession::Role::Client);
        YamuxSession server(&pipe.b, YamuxSession::Role::Server);
        QList<QPointer<YamuxStream>> atServer, atClient;
        connect(&server, &YamuxSession::newStream, [&](YamuxStream *s) { atServer.append(s); });
        connect(&client, &YamuxSession::newStream, [&](YamuxStream *s) { atClient.append(s); });
        client.start();
        server.start();

        YamuxStream *c1 = client.openStream();
        YamuxStream *c2 = client.openStream();
        YamuxStream *s1 = server.openStream();
        YamuxStream *s2 = server.openStream();
        QVERIFY(c1 && c2 && s1 && s2);
        QCOMPARE(c1->id(), 1u);
        QCOMPARE(c2->id(), 3u);
        QCOMPARE(s1->id(), 2u);
        QCOMPARE(s2->id(), 4u);
        QVERIFY(!c1->isInbound());
        QVERIFY(pipe.settle());
        QCOMPARE(atServer.size(), 2);
        QCOMPARE(atServer[0]->id(), 1u);
        QCOMPARE(atServer[1]->id(), 3u);
        QVERIFY(atServer[0]->isInbound());
        QCOMPARE(atClient.size(), 2);
        QCOMPARE(atClient[0]->id(), 2u);
        QCOMPARE(atClient[1]->id(), 4u);
        QCOMPARE(server.inboundStreamCount(), 2);
        QCOMPARE(server.outboundStreamCount(), 2);
    }

    void opensWithSynOnWindowUpdate()
    {
        RawPeer peer(YamuxSession::Role::Server);
        YamuxStream *s = peer.session.openStream();
        QVERIFY(s);
        QVERIFY(peer.settle());
        QCOMPARE(peer.received.size(), 1);
        QCOMPARE(peer.received[0].type, quint8(FrameType::WindowUpdate));
        QCOMPARE(peer.received[0].flags, Flag::Syn);
        QCOMPARE(peer.received[0].streamId, 2u);
        QCOMPARE(peer.received[0].length, 0u); // the spec's 256 KiB, nothing added
    }

    void answersPingWithSameValueAndAck()
    {
        RawPeer peer;
        peer.write(frame(FrameType::Ping, Flag::Syn, 0, 0xDEADBEEF));
        QTRY_COMPARE(peer.received.size(), 1);
        const TappedFrame &pong = peer.received[0];
        QCOMPARE(pong.version, quint8(0));
        QCOMPARE(pong.type, quint8(FrameType::Ping));
        QCOMPARE(pong.flags, Flag::Ack);
        QCOMPARE(pong.streamId, 0u);
        QCOMPARE(pong.length, 0xDEADBEEFu);
        QVERIFY(peer.session.isOpen());

        // Several at once, each answered in order.
        peer.write(frame(FrameType::Ping, Flag::Syn, 0, 1) + frame(FrameType::Ping, Flag::Syn, 0, 2));
        QTRY_COMPARE(peer.received.size(), 3);
        QCOMPARE(peer.received[1].length, 1u);
        QCOMPARE(peer.received[2].length, 2u);
    }

    void pingsBetweenSessions()
    {
        MemoryPipe pipe;
        YamuxSession client(&pipe.a, YamuxSession::Role::Client);
        YamuxSession server(&pipe.b, YamuxSession::Role::Server);
        client.start();
        server.start();
        QSignalSpy pongs(&client, &YamuxSession::pongReceived);
        const quint32 id = client.ping();
        QTRY_COMPARE(pongs.size(), 1);
        QCOMPARE(pongs[0][0].toUInt(), id);
        // An answer nobody asked for is ignored, not fatal.
        pipe.b.send(frame(FrameType::Ping, Flag::Ack, 0, 999), false);
        QVERIFY(pipe.settle());
        QCOMPARE(pongs.size(), 1);
        QVERIFY(client.isOpen());
    }

    void closeSendsGoAwayAndEndsEverything()
    {
        RawPeer peer;
        peer.write(frame(FrameType::WindowUpdate, Flag::Syn, 1, 0));
        QTRY_COMPARE(peer.streams.size(), 1);
        QSignalSpy streamClosed(peer.streams[0].data(), &PipeEndpoint::closed);
        QSignalSpy sessionClosed(&peer.session, &YamuxSession::closed);
        peer.session.close(QStringLiteral("shutting down"));
        QCOMPARE(sessionClosed.size(), 1);
        QCOMPARE(sessionClosed[0][0].toInt(), 1000);
        QCOMPARE(streamClosed.size(), 1);
        QCOMPARE(streamClosed[0][1].toString(), QStringLiteral("shutting down"));
        QVERIFY(!peer.pipe.a.isOpen());
        QVERIFY(peer.settle());
        const auto goAways = peer.framesOfType(int(FrameType::GoAway));
        QCOMPARE(goAways.size(), 1);
        QCOMPARE(goAways[0].length, quint32(GoAwayCode::Normal));
        QVERIFY(peer.pipe.b.closedByPeer);
        QVERIFY(!peer.session.openStream());
        QTRY_VERIFY(peer.streams[0].isNull()); // deleted after its closed signal
    }

    void peerGoAwayNormalStopsNewStreamsOnly()
    {
        RawPeer peer;
        peer.write(frame(FrameType::WindowUpdate, Flag::Syn, 1, 0));
        QTRY_COMPARE(peer.streams.size(), 1);
        QSignalSpy wentAway(&peer.session, &YamuxSession::peerWentAway);
        peer.write(frame(FrameType::GoAway, 0, 0, 0));
        QTRY_COMPARE(wentAway.size(), 1);
        QCOMPARE(wentAway[0][0].toUInt(), 0u);
        QVERIFY(peer.session.isOpen());
        QVERIFY(peer.session.isGoAwayReceived());
        QVERIFY(!peer.session.openStream());
        // The open stream still works.
        QSignalSpy got(peer.streams[0].data(), &PipeEndpoint::received);
        peer.write(data(0, 1, "still here"));
        QTRY_COMPARE(got.size(), 1);
        QCOMPARE(got[0][0].toByteArray(), QByteArray("still here"));
    }

    void peerGoAwayWithErrorClosesSession()
    {
        RawPeer peer;
        peer.write(frame(FrameType::WindowUpdate, Flag::Syn, 1, 0));
        QTRY_COMPARE(peer.streams.size(), 1);
        QSignalSpy streamClosed(peer.streams[0].data(), &PipeEndpoint::closed);
        QSignalSpy sessionClosed(&peer.session, &YamuxSession::closed);
        peer.write(frame(FrameType::GoAway, 0, 0, quint32(GoAwayCode::InternalError)));
        QTRY_COMPARE(sessionClosed.size(), 1);
        QCOMPARE(sessionClosed[0][0].toInt(), 1006);
        QCOMPARE(streamClosed.size(), 1);
        QCOMPARE(streamClosed[0][0].toInt(), 1006);
        QVERIFY(!peer.pipe.a.isOpen());
        // It does not answer a go-away with one of its own.
        QVERIFY(peer.settle());
        QVERIFY(peer.framesOfType(int(FrameType::GoAway)).isEmpty());
    }

    void goAwayRefusesNewInboundStreams()
    {
        RawPeer peer;
        peer.write(frame(FrameType::WindowUpdate, Flag::Syn, 1, 0));
        QTRY_COMPARE(peer.streams.size(), 1);
        peer.session.goAway();
        QVERIFY(!peer.session.openStream());
        peer.write(frame(FrameType::WindowUpdate, Flag::Syn, 3, 0));
        QVERIFY(peer.settle());
        QCOMPARE(peer.streams.size(), 1);
        QCOMPARE(peer.received.size(), 2);
        QCOMPARE(peer.received[0].type, quint8(FrameType::GoAway));
        QCOMPARE(peer.received[0].length, 0u);
        QCOMPARE(peer.received[1].type, quint8(FrameType::WindowUpdate));
        QCOMPARE(peer.received[1].flags, Flag::Rst);
        QCOMPARE(peer.received[1].streamId, 3u);
        QVERIFY(peer.session.isOpen());
        QVERIFY(peer.streams[0]->isOpen());
    }

    void refusesStreamsBeyondTheCap()
    {
        YamuxSession::Options options;
        options.maxInboundStreams = 3;
        RawPeer peer(YamuxSession::Role::Server, options);
        for (quint32 id : {1u, 3u, 5u, 7u, 9u})
            peer.write(frame(FrameType::WindowUpdate, Flag::Syn, id, 0));
        QVERIFY(peer.settle());
        QCOMPARE(peer.streams.size(), 3);
        QCOMPARE(peer.session.inboundStreamCount(), 3);
        QCOMPARE(peer.received.size(), 2);
        for (int i = 0; i < 2; ++i) {
            QCOMPARE(peer.received[i].flags, Flag::Rst);
            QCOMPARE(peer.received[i].streamId, quint32(7 + 2 * i));
        }
        // Data for a refused stream that crossed the RST is dropped quietly.
        peer.write(data(0, 7, "late"));
        QVERIFY(peer.settle());
        QVERIFY(peer.session.isOpen());

        // Once a stream ends, there is room again.
        peer.write(frame(FrameType::WindowUpdate, Flag::Rst, 1, 0));
        peer.write(frame(FrameType::WindowUpdate, Flag::Syn, 11, 0));
        QVERIFY(peer.settle());
        QCOMPARE(peer.streams.size(), 4);
        QCOMPARE(peer.streams[3]->id(), 11u);
        QCOMPARE(peer.session.inboundStreamCount(), 3);
    }

    void capsOutboundStreams()
    {
        YamuxSession::Options options;
        options.maxOutboundStreams = 2;
        RawPeer peer(YamuxSession::Role::Client, options);
        QPointer<YamuxStream> first = peer.session.openStream();
        QVERIFY(first);
        QVERIFY(peer.session.openStream());
        QVERIFY(!peer.session.openStream());
        first->close(1000, QString()); // RST: not finished
        QVERIFY(peer.session.openStream());
    }

    void refusesStreamsNobodyAnswers()
    {
        YamuxSession::Options options;
        options.maxUnacknowledgedInbound = 2;
        RawPeer peer(YamuxSession::Role::Server, options);
        for (quint32 id : {1u, 3u, 5u})
            peer.write(frame(FrameType::WindowUpdate, Flag::Syn, id, 0));
        QVERIFY(peer.settle());
        QCOMPARE(peer.streams.size(), 2);
        QCOMPARE(peer.received.size(), 1);
        QCOMPARE(peer.received[0].flags, Flag::Rst);
        QCOMPARE(peer.received[0].streamId, 5u);

        // A stream answers: its first frame carries the ACK, and there is room for one more.
        QVERIFY(peer.streams[0]);
        peer.streams[0]->send("hi", false);
        peer.write(frame(FrameType::WindowUpdate, Flag::Syn, 7, 0));
        QVERIFY(peer.settle());
        QCOMPARE(peer.received.size(), 2);
        QCOMPARE(peer.received[1].type, quint8(FrameType::Data));
        QCOMPARE(peer.received[1].flags, Flag::Ack);
        QCOMPARE(peer.received[1].streamId, 1u);
        QCOMPARE(peer.received[1].payload, QByteArray("hi"));
        QCOMPARE(peer.streams.size(), 3);

        // acknowledge() sends a bare ACK, once.
        QVERIFY(peer.streams[1]);
        peer.streams[1]->acknowledge();
        peer.streams[1]->acknowledge();
        QVERIFY(peer.settle());
        QCOMPARE(peer.received.size(), 3);
        QCOMPARE(peer.received[2].type, quint8(FrameType::WindowUpdate));
        QCOMPARE(peer.received[2].flags, Flag::Ack);
        QCOMPARE(peer.received[2].streamId, 3u);
        QCOMPARE(peer.received[2].length, 0u);
        // Only the first frame of a stream carries the ACK.
        QVERIFY(peer.streams[1]);
        peer.streams[1]->send("x", false);
        QVERIFY(peer.settle());
        QCOMPARE(peer.received.size(), 4);
        QCOMPARE(peer.received[3].flags, quint16(0));
    }

    void deliversDataRidingOnTheSynAfterAnnouncing()
    {
        RawPeer peer;
        QByteArray got;
        connect(&peer.session, &YamuxSession::newStream, [&](YamuxStream *s) {
            connect(s, &PipeEndpoint::received, [&](const QByteArray &d, bool) { got += d; });
        });
        peer.write(data(Flag::Syn, 1, "first bytes"));
        QTRY_COMPARE(got, QByteArray("first bytes"));
    }

    void handlerMayRefuseAStream()
    {
        RawPeer peer;
        connect(&peer.session, &YamuxSession::newStream, [](YamuxStream *s) { s->close(1000, QStringLiteral("no")); });
        peer.write(data(Flag::Syn, 1, "ignored"));
        QVERIFY(peer.settle());
        QCOMPARE(peer.received.size(), 1);
        QCOMPARE(peer.received[0].flags, Flag::Rst);
        QCOMPARE(peer.session.inboundStreamCount(), 0);
        QVERIFY(peer.session.isOpen());
    }

    void holdsDataAndFinWhilePaused()
    {
        RawPeer peer;
        QStringList events;
        connect(&peer.session, &YamuxSession::newStream, [&](YamuxStream *s) {
            s->pauseReading();
            connect(s, &PipeEndpoint::received, [&](const QByteArray &d, bool) { events << QString::fromLatin1(d); });
            connect(s, &PipeEndpoint::readFinished, [&] { events << QStringLiteral("FIN"); });
        });
        peer.write(data(Flag::Syn, 1, "one") + data(0, 1, "two") + frame(FrameType::WindowUpdate, Flag::Fin, 1, 0));
        QVERIFY(peer.settle());
        QVERIFY(events.isEmpty());
        QVERIFY(peer.streams[0]);
        QCOMPARE(peer.streams[0]->bufferedBytes(), 6);
        peer.streams[0]->resumeReading();
        QVERIFY(events.isEmpty()); // delivered from the event loop, not inside resumeReading()
        QTRY_COMPARE(events, (QStringList{"one", "two", "FIN"}));
    }

    void handlerMayCloseTheSessionMidChunk()
    {
        RawPeer peer;
        int delivered = 0;
        connect(&peer.session, &YamuxSession::newStream, [&](YamuxStream *s) {
            connect(s, &PipeEndpoint::received, [&](const QByteArray &, bool) {
                ++delivered;
                peer.session.close(QStringLiteral("enough"));
            });
        });
        QSignalSpy closed(&peer.session, &YamuxSession::closed);
        // Everything after the first data frame in this chunk must be ignored.
        peer.write(data(Flag::Syn, 1, "a") + data(0, 1, "b") + frame(FrameType::Ping, Flag::Syn, 0, 5));
        QTRY_COMPARE(closed.size(), 1);
        QVERIFY(peer.settle());
        QCOMPARE(delivered, 1);
        QVERIFY(peer.framesOfType(int(FrameType::Ping)).isEmpty());
        QCOMPARE(peer.framesOfType(int(FrameType::GoAway)).size(), 1);
    }

    void processesBytesReceivedBeforeStart()
    {
        MemoryPipe pipe;
        YamuxSession session(&pipe.a, YamuxSession::Role::Server);
        QSignalSpy streams(&session, &YamuxSession::newStream);
        session.start(frame(FrameType::WindowUpdate, Flag::Syn, 1, 0));
        QCOMPARE(streams.size(), 1);
    }

    void protocolErrorsEndTheSession_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("reason");
        QByteArray badVersion = frame(FrameType::Ping, Flag::Syn, 0, 1);
        badVersion[0] = 1;
        QTest::newRow("bad version") << badVersion << "unsupported version";
        QByteArray unknownType = frame(FrameType::Ping, Flag::Syn, 0, 1);
        unknownType[1] = 7;
        QTest::newRow("unknown type") << unknownType << "unknown frame type";
        QTest::newRow("oversize data frame")
            << frame(FrameType::WindowUpdate, Flag::Syn, 1, 0) + encodeHeader({FrameType::Data, 0, 1, 256 * 1024 + 1})
            << "longer than allowed";
        // 100 KiB consumed is less than half the window: no update was sent, 156 KiB are left.
        QTest::newRow("window overrun")
            << data(Flag::Syn, 1, QByteArray(100 * 1024, 'a')) + data(0, 1, QByteArray(156 * 1024 + 1, 'b'))
            << "window";
        QTest::newRow("frame for a stream never opened") << data(0, 5, "x") << "never opened";
        QTest::newRow("our id never opened") << frame(FrameType::WindowUpdate, 0, 2, 10) << "never opened";
        QTest::newRow("peer uses our parity") << frame(FrameType::WindowUpdate, Flag::Syn, 2, 0) << "parity";
        QTest::newRow("SYN for an open stream")
            << frame(FrameType::WindowUpdate, Flag::Syn, 1, 0) + frame(FrameType::WindowUpdate, Flag::Syn, 1, 0)
            << "already open";
        QTest::newRow("ping on a stream") << frame(FrameType::Ping, Flag::Syn, 1, 0) << "stream id";
        QTest::newRow("unknown flag") << frame(FrameType::WindowUpdate, 0x20, 1, 0) << "flags";
    }
    void protocolErrorsEndTheSession()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, reason);
        RawPeer peer;
        QSignalSpy sessionClosed(&peer.session, &YamuxSession::closed);
        QList<int> streamCodes;
        connect(&peer.session, &YamuxSession::newStream, [&](YamuxStream *s) {
            connect(s, &PipeEndpoint::closed, [&](quint16 code, const QString &) { streamCodes.append(code); });
        });
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("protocol error")));
        peer.write(bytes);
        QTRY_COMPARE(sessionClosed.size(), 1);
        QCOMPARE(sessionClosed[0][0].toInt(), 1002);
        QVERIFY2(sessionClosed[0][1].toString().contains(reason), qPrintable(sessionClosed[0][1].toString()));
        QVERIFY(!peer.pipe.a.isOpen());
        QCOMPARE(peer.pipe.a.closeCode, quint16(1002));
        for (int code : std::as_const(streamCodes))
            QCOMPARE(code, 1002);
        QCOMPARE(streamCodes.size(), peer.streams.size());
        QVERIFY(peer.settle());
        // The last thing the peer hears is go-away ProtocolError, then the connection closes.
        QVERIFY(!peer.received.isEmpty());
        QCOMPARE(peer.received.last().type, quint8(FrameType::GoAway));
        QCOMPARE(peer.received.last().length, quint32(GoAwayCode::ProtocolError));
        QVERIFY(peer.pipe.b.closedByPeer);
    }

    void windowOverrunCountsHeldData()
    {
        // A paused stream holds what arrives; the window still bounds it.
        RawPeer peer;
        connect(&peer.session, &YamuxSession::newStream, [](YamuxStream *s) { s->pauseReading(); });
        peer.write(data(Flag::Syn, 1, QByteArray(256 * 1024, 'a')));
        QVERIFY(peer.settle());
        QVERIFY(peer.session.isOpen());
        QCOMPARE(peer.streams[0]->bufferedBytes(), 256 * 1024);
        QCOMPARE(peer.streams[0]->receiveWindowAvailable(), 0u);
        QSignalSpy closed(&peer.session, &YamuxSession::closed);
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("window")));
        peer.write(data(0, 1, "1"));
        QTRY_COMPARE(closed.size(), 1);
        QCOMPARE(closed[0][0].toInt(), 1002);
    }

    void lateFramesForEndedStreamsAreDropped()
    {
        RawPeer peer;
        peer.write(frame(FrameType::WindowUpdate, Flag::Syn, 1, 0));
        QTRY_COMPARE(peer.streams.size(), 1);
        QVERIFY(peer.streams[0]);
        peer.streams[0]->close(1000, QString()); // RST
        peer.write(data(0, 1, "crossed the RST") + frame(FrameType::WindowUpdate, Flag::Fin, 1, 0));
        QVERIFY(peer.settle());
        QVERIFY(peer.session.isOpen());
        QCOMPARE(peer.received.size(), 1);
        QCOMPARE(peer.received[0].flags, Flag::Rst);
    }

    void connectionLossEndsStreams()
    {
        RawPeer peer;
        peer.write(frame(FrameType::WindowUpdate, Flag::Syn, 1, 0));
        QTRY_COMPARE(peer.streams.size(), 1);
        QSignalSpy streamClosed(peer.streams[0].data(), &PipeEndpoint::closed);
        QSignalSpy sessionClosed(&peer.session, &YamuxSession::closed);
        peer.pipe.b.close(1000, QString());
        QTRY_COMPARE(sessionClosed.size(), 1);
        QCOMPARE(sessionClosed[0][0].toInt(), 1006);
        QCOMPARE(streamClosed.size(), 1);
        QCOMPARE(streamClosed[0][0].toInt(), 1006);
        QVERIFY(!peer.session.openStream());
    }

    void destroyingTheSessionEndsStreams()
    {
        MemoryPipe pipe;
        auto *session = new YamuxSession(&pipe.a, YamuxSession::Role::Client);
        session->start();
        YamuxStream *stream = session->openStream();
        QSignalSpy closed(stream, &PipeEndpoint::closed);
        delete session;
        QCOMPARE(closed.size(), 1);
    }

    void stopsReadingAPeerThatDoesNotRead()
    {
        YamuxSession::Options options;
        options.writeHighWaterBytes = 1024;
        options.maxDataFrameBytes = 1024;
        options.readPauseBytes = 0; // raised to the minimum: 1024 + 1024 + 64 KiB
        RawPeer peer(YamuxSession::Role::Server, options);
        peer.pipe.b.pauseReading(); // the peer reads nothing we send
        constexpr int pings = 10000; // 120 KB of answers
        QByteArray flood;
        for (int i = 0; i < pings; ++i)
            flood += frame(FrameType::Ping, Flag::Syn, 0, quint32(i));
        peer.write(flood);
        QTRY_VERIFY(peer.pipe.a.isPaused());
        QVERIFY(peer.settle());
        // Reading stopped with the backlog just past the limit, not after all 10000 answers.
        QVERIFY(peer.pipe.a.pendingBytes() > 1024 + 1024 + 64 * 1024);
        QVERIFY(peer.pipe.a.pendingBytes() < pings * 12);
        QVERIFY(peer.pipe.b.pendingBytes() > 0); // pings still waiting to be read

        peer.pipe.b.resumeReading();
        QTRY_COMPARE(peer.received.size(), pings);
        QVERIFY(!peer.pipe.a.isPaused());
        for (int i = 0; i < pings; ++i)
            QCOMPARE(peer.received[i].length, quint32(i));
    }
};

QTEST_GUILESS_MAIN(TestYamuxSession)
#include "tst_yamux_session.moc"

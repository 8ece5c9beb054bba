// Unit tests for YamuxStream, with two YamuxSessions talking over a MemoryPipe: byte-exact
// transfers under flow control (checked frame by frame by YamuxWiretap), a paused reader stalling
// its sender at the window, half-close both ways, resets, closing with data still queued, the
// connection's backlog, fairness between streams, and a relayed circuit bridged by the Pipe.
#include "libp2p/yamux/yamuxsession.h"
#include "libp2p/yamux/yamuxstream.h"
#include "memorypipe.h"
#include "net/pipe/pipe.h"
#include "sessions/inmemorysessionregistry.h"
#include "yamuxwiretap.h"

#include <QLoggingCategory>
#include <QSignalSpy>
#include <QtTest>

Q_LOGGING_CATEGORY(lcTestYamux, "switchboard.test.yamux")

using namespace Yamux;

namespace {
constexpr qint64 Window = 256 * 1024;

// Deterministic bytes that differ at every offset (a shifted or lost chunk cannot go unnoticed).
QByteArray pattern(qsizetype size, quint32 seed)
{
    QByteArray out(size, Qt::Uninitialized);
    quint32 x = seed;
    for (qsizetype i = 0; i < size; ++i) {
        x = x * 1664525u + 1013904223u;
        out[i] = char(x >> 24);
    }
    return out;
}

// What one side of a stream observed.
struct Observer
{
    QByteArray data;
    int receivedSignals = 0;
    bool readFinished = false;
    qsizetype bytesAtReadFinished = -1;
    int closedSignals = 0;
    int closeCode = -1;
    QString closeReason;
    int wrote = 0;
    // The connections' context: an Observer on the stack goes before the streams it watched,
    // which may still signal (closed) as their session ends; its connections must go with it.
    QObject context;

    void watch(YamuxStream *s)
    {
        QObject::connect(s, &PipeEndpoint::received, &context, [this](const QByteArray &d, bool) {
            data += d;
            ++receivedSignals;
        });
        QObject::connect(s, &PipeEndpoint::readFinished, &context, [this] {
            readFinished = true;
            bytesAtReadFinished = data.size();
        });
        QObject::connect(s, &PipeEndpoint::closed, &context, [this](quint16 code, const QString &reason) {
            ++closedSignals;
            closeCode = code;
            closeReason = reason;
        });
        QObject::connect(s, &PipeEndpoint::wrote, &context, [this] { ++wrote; });
    }
};

int countFlag(const QList<TappedFrame> &frames, quint32 id, quint16 flag)
{
    int n = 0;
    for (const auto &f : frames)
        if (f.streamId == id && (f.flags & flag))
            ++n;
    return n;
}
}

// A client session on side a and a server session on side b, with a wiretap on the connection.
struct Sessions
{
    MemoryPipe pipe;
    YamuxWiretap tap{pipe};
    YamuxSession client;
    YamuxSession server;
    QList<QPointer<YamuxStream>> accepted; // streams the server was offered
    std::function<void(YamuxStream *)> onAccept;

    explicit Sessions(const YamuxSession::Options &clientOptions = {}, const YamuxSession::Options &serverOptions = {})
        : client(&pipe.a, YamuxSession::Role::Client, clientOptions), server(&pipe.b, YamuxSession::Role::Server, serverOptions)
    {
        QObject::connect(&server, &YamuxSession::newStream, [this](YamuxStream *s) {
            accepted.append(s);
            if (onAccept)
                onAccept(s);
        });
        client.start();
        server.start();
    }
    bool settle() { return pipe.settle(); }
};

class TestYamuxStream : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { qRegisterMetaType<YamuxStream *>(); }

    void transfersFourMiBEachWayWithinTheWindow()
    {
        Sessions s;
        s.pipe.a.chunkBytes = 7919; // frames cut at odd places
        s.pipe.b.chunkBytes = 5003;
        const QByteArray up = pattern(4 * 1024 * 1024, 1);
        const QByteArray down = pattern(4 * 1024 * 1024, 2);
        Observer atClient, atServer;
        s.onAccept = [&](YamuxStream *st) {
            atServer.watch(st);
            st->send(down);
            st->finishWriting();
        };
        QPointer<YamuxStream> c = s.client.openStream();
        atClient.watch(c);
        for (qsizetype at = 0; at < up.size(); at += 10000)
            c->send(up.mid(at, 10000));
        c->finishWriting();

        QTRY_VERIFY_WITH_TIMEOUT(atClient.closedSignals == 1 && atServer.closedSignals == 1, 30000);
        QVERIFY(atServer.data == up);
        QVERIFY(atClient.data == down);
        QVERIFY(atServer.readFinished && atClient.readFinished);
        QCOMPARE(atServer.bytesAtReadFinished, up.size()); // FIN after all the data
        QCOMPARE(atClient.closeCode, 1000);
        QCOMPARE(atServer.closeCode, 1000);
        QVERIFY2(s.tap.violations() == 0, qPrintable(s.tap.firstViolation()));
        // The window, not something else, was what held each sender back.
        QCOMPARE(s.tap.a.maxOutstanding, Window);
        QCOMPARE(s.tap.b.maxOutstanding, Window);
        // Window updates gave the window back half at a time, not after every frame.
        int serverUpdates = 0;
        for (const auto &f : s.tap.b.sent)
            if (f.type == quint8(FrameType::WindowUpdate) && f.streamId == 1 && f.length > 0) {
                ++serverUpdates;
                QVERIFY(f.length >= Window / 2);
            }
        QVERIFY(serverUpdates >= 4 * 1024 * 1024 / Window);
        QCOMPARE(s.client.outboundStreamCount(), 0);
        QCOMPARE(s.server.inboundStreamCount(), 0);
        QVERIFY(s.client.isOpen() && s.server.isOpen());
    }

    void pausedReaderStallsTheSenderAtTheWindow()
    {
        Sessions s;
        Observer atServer;
        s.onAccept = [&](YamuxStream *st) {
            atServer.watch(st);
            st->pauseReading();
        };
        QPointer<YamuxStream> c = s.client.openStream();
        Observer atClient;
        atClient.watch(c);
        const QByteArray payload = pattern(1024 * 1024, 3);
        c->send(payload);
        QVERIFY(s.settle());
        QVERIFY(c);

        // Exactly one window went out; the rest waits in the stream, where pendingBytes shows it.
        QCOMPARE(s.tap.a.dataSent.value(1), Window);
        QCOMPARE(c->pendingBytes(), payload.size() - Window);
        QCOMPARE(c->sendWindow(), 0);
        QCOMPARE(atServer.receivedSignals, 0);
        QVERIFY(s.accepted.size() == 1 && s.accepted[0]);
        YamuxStream *st = s.accepted[0];
        QCOMPARE(st->bufferedBytes(), Window);
        QCOMPARE(st->receiveWindowAvailable(), 0u);
        // No window update went back while paused.
        QCOMPARE(s.tap.b.windowReceived.value(1), 0);
        QVERIFY(s.tap.a.windowReceived.value(1) == 0);

        st->resumeReading();
        QTRY_COMPARE(atServer.data.size(), payload.size());
        QVERIFY(c);
        QVERIFY(atServer.data == payload);
        QVERIFY(s.settle());
        QVERIFY(c);
        QCOMPARE(c->pendingBytes(), 0);
        QVERIFY(atClient.wrote > 0); // the Pipe would have been told the backlog went down
        QVERIFY2(s.tap.violations() == 0, qPrintable(s.tap.firstViolation()));
    }

    void pauseInsideTheHandlerWithholdsTheWindowUpdate()
    {
        // What the Pipe does: pause while handling `received`, resume later. Here the handler
        // pauses after every 200 KiB it takes in.
        Sessions s;
        QPointer<YamuxStream> st;
        QByteArray got;
        qsizetype pauseAt = 200 * 1024;
        int updatesAtPause = -1;
        auto serverUpdates = [&] {
            int n = 0;
            for (const auto &f : s.tap.b.sent)
                n += f.type == quint8(FrameType::WindowUpdate) && f.streamId == 1 && f.length > 0;
            return n;
        };
        s.onAccept = [&](YamuxStream *x) {
            st = x;
            connect(x, &PipeEndpoint::received, [&](const QByteArray &d, bool) {
                got += d;
                if (got.size() >= pauseAt) {
                    pauseAt += 200 * 1024;
                    st->pauseReading();
                    updatesAtPause = serverUpdates();
                }
            });
        };
        QPointer<YamuxStream> c = s.client.openStream();
        const QByteArray payload = pattern(2 * 1024 * 1024, 4);
        c->send(payload);
        int pauses = 0;
        while (got.size() < payload.size() && pauses < 100) {
            QVERIFY(s.settle());
            QVERIFY(c);
            QVERIFY(st);
            if (got.size() == payload.size())
                break;
            // Stalled, and not one window update since the pause: what the handler consumed
            // just before pausing is withheld too, so the sender has exactly one window out.
            QCOMPARE(serverUpdates(), updatesAtPause);
            if (c->pendingBytes() > 0)
                QCOMPARE(s.tap.a.outstanding(1), Window);
            const qsizetype before = got.size();
            ++pauses;
            st->resumeReading();
            QVERIFY(s.settle());
            QVERIFY(got.size() > before);
        }
        QVERIFY(pauses >= 5);
        QVERIFY(got == payload);
        QVERIFY2(s.tap.violations() == 0, qPrintable(s.tap.firstViolation()));
    }

    void halfClosesBothWays()
    {
        Sessions s;
        Observer atServer, atClient;
        s.onAccept = [&](YamuxStream *st) { atServer.watch(st); };
        QPointer<YamuxStream> c = s.client.openStream();
        atClient.watch(c);
        c->send("hello");
        c->finishWriting();
        QTRY_VERIFY(atServer.readFinished);
        QVERIFY(c);
        QCOMPARE(atServer.data, QByteArray("hello"));
        QVERIFY(c->isWriteFinished());
        c->send("ignored: after FIN");
        // The server can still write, the client still read.
        QVERIFY(s.accepted.size() == 1 && s.accepted[0]);
        YamuxStream *st = s.accepted[0];
        QVERIFY(st->isOpen());
        st->send("world");
        QTRY_COMPARE(atClient.data, QByteArray("world"));
        QCOMPARE(atClient.closedSignals, 0);
        QCOMPARE(atServer.closedSignals, 0);
        st->finishWriting();
        QTRY_VERIFY(atClient.closedSignals == 1 && atServer.closedSignals == 1);
        QVERIFY(atClient.readFinished);
        QCOMPARE(atClient.closeCode, 1000);
        QCOMPARE(atServer.closeCode, 1000);
        QCOMPARE(atServer.data, QByteArray("hello")); // nothing after the FIN
        QVERIFY(s.settle());
        // Clean: no RST either way, one FIN each, and the client's FIN after its data.
        QCOMPARE(countFlag(s.tap.a.sent, 1, Flag::Rst) + countFlag(s.tap.b.sent, 1, Flag::Rst), 0);
        QCOMPARE(countFlag(s.tap.a.sent, 1, Flag::Fin), 1);
        QCOMPARE(countFlag(s.tap.b.sent, 1, Flag::Fin), 1);
        const auto clientFrames = YamuxWiretap::framesOfStream(s.tap.a.sent, 1);
        QVERIFY(clientFrames.size() >= 2);
        QCOMPARE(clientFrames.last().flags, Flag::Fin);
        QCOMPARE(clientFrames[clientFrames.size() - 2].payload, QByteArray("hello"));
    }

    void finWaitsForQueuedData()
    {
        Sessions s;
        Observer atServer;
        s.onAccept = [&](YamuxStream *st) {
            atServer.watch(st);
            st->pauseReading();
        };
        QPointer<YamuxStream> c = s.client.openStream();
        const QByteArray payload = pattern(1024 * 1024, 5);
        c->send(payload);
        c->finishWriting();
        QVERIFY(s.settle());
        QVERIFY(c);
        QVERIFY(c->isWriteFinished());
        QVERIFY(!c->isFinSent()); // still behind 768 KiB of queued data
        QCOMPARE(countFlag(s.tap.a.sent, 1, Flag::Fin), 0);
        QVERIFY(s.accepted.size() == 1 && s.accepted[0]);
        s.accepted[0]->resumeReading();
        QTRY_VERIFY(atServer.readFinished);
        QCOMPARE(atServer.bytesAtReadFinished, payload.size());
        QVERIFY(atServer.data == payload);
    }

    void closeResetsAnUnfinishedStream()
    {
        Sessions s;
        Observer atServer[2];
        s.onAccept = [&](YamuxStream *st) { atServer[s.accepted.size() - 1].watch(st); };
        QPointer<YamuxStream> c = s.client.openStream();
        QPointer<YamuxStream> other = s.client.openStream();
        Observer atClient;
        atClient.watch(c);
        c->send("some data");
        QTRY_COMPARE(atServer[0].data, QByteArray("some data"));
        QVERIFY(c && other);
        c->close(1001, QStringLiteral("going"));
        // Closed at once, with the code given; nothing more is sent.
        QCOMPARE(atClient.closedSignals, 1);
        QCOMPARE(atClient.closeCode, 1001);
        QCOMPARE(atClient.closeReason, QStringLiteral("going"));
        QVERIFY(!c->isOpen());
        c->send("after close");
        QTRY_COMPARE(atServer[0].closedSignals, 1);
        QVERIFY(other);
        QCOMPARE(atServer[0].closeCode, 1006);
        QCOMPARE(atServer[0].closeReason, QStringLiteral("reset by peer"));
        QCOMPARE(atServer[0].data, QByteArray("some data"));
        QCOMPARE(countFlag(s.tap.a.sent, 1, Flag::Rst), 1);
        // The session and the other stream carry on.
        other->send("fine");
        QTRY_COMPARE(atServer[1].data, QByteArray("fine"));
        QVERIFY(s.client.isOpen() && s.server.isOpen());
        QCOMPARE(atClient.closedSignals, 1);
    }

    void closeAfterBothFinishedLetsQueuedDataGo()
    {
        Sessions s;
        Observer atServer;
        s.onAccept = [&](YamuxStream *st) {
            atServer.watch(st);
            st->finishWriting(); // the server has nothing to say
            st->pauseReading();  // and reads slowly
        };
        QPointer<YamuxStream> c = s.client.openStream();
        Observer atClient;
        atClient.watch(c);
        QTRY_VERIFY(atClient.readFinished);
        QVERIFY(c);
        const QByteArray payload = pattern(600 * 1024, 6);
        c->send(payload);
        c->finishWriting();
        QVERIFY(s.settle());
        QVERIFY(c);
        QVERIFY(c->pendingBytes() > 0);
        // Both directions are finished: close() lets the queued bytes and the FIN go out.
        c->close(1000, QStringLiteral("done"));
        QVERIFY(!c->isOpen());
        QCOMPARE(atClient.closedSignals, 0);
        QVERIFY(s.accepted.size() == 1 && s.accepted[0]);
        s.accepted[0]->resumeReading();
        QTRY_COMPARE(atClient.closedSignals, 1);
        QCOMPARE(atClient.closeCode, 1000);
        QCOMPARE(atClient.closeReason, QStringLiteral("done"));
        QTRY_VERIFY(atServer.readFinished);
        QVERIFY(atServer.data == payload);
        QCOMPARE(countFlag(s.tap.a.sent, 1, Flag::Rst), 0);
    }

    void lingerGivesUpOnAWindowThatNeverOpens()
    {
        YamuxSession::Options clientOptions;
        clientOptions.closeLingerMs = 50;
        Sessions s(clientOptions);
        Observer atServer;
        s.onAccept = [&](YamuxStream *st) {
            atServer.watch(st);
            st->finishWriting();
            st->pauseReading(); // and never resumes
        };
        QPointer<YamuxStream> c = s.client.openStream();
        Observer atClient;
        atClient.watch(c);
        c->send("x");
        QTRY_VERIFY(atClient.readFinished);
        QVERIFY(c);
        c->send(pattern(600 * 1024, 7));
        c->finishWriting();
        c->close(1000, QStringLiteral("done"));
        QTRY_COMPARE(atClient.closedSignals, 1);
        QTRY_COMPARE(atServer.closedSignals, 1);
        QCOMPARE(atServer.closeReason, QStringLiteral("reset by peer"));
        QCOMPARE(countFlag(s.tap.a.sent, 1, Flag::Rst), 1);
    }

    void connectionBacklogKeepsDataInTheStream()
    {
        Sessions s;
        s.pipe.b.pauseReading(); // the server's connection reads nothing
        QPointer<YamuxStream> c = s.client.openStream();
        // Two streams, so the window is not what limits: 400 KiB > the 256 KiB high-water mark.
        QPointer<YamuxStream> c2 = s.client.openStream();
        c->send(pattern(200 * 1024, 8));
        c2->send(pattern(200 * 1024, 9));
        QVERIFY(s.settle());
        QVERIFY(c && c2);
        const qint64 onConnection = s.pipe.a.pendingBytes();
        QVERIFY(onConnection >= 256 * 1024);
        QVERIFY(onConnection < 256 * 1024 + 64 * 1024 + 64); // high-water mark plus one frame
        // Every byte is either on the connection or still queued in its stream; the second
        // stream's data waits although its window is open: the connection is what is full.
        QCOMPARE(s.tap.a.dataSent.value(1) + s.tap.a.dataSent.value(3) + c->pendingBytes() + c2->pendingBytes(),
                 400 * 1024);
        QVERIFY(c2->pendingBytes() > 0);
        QVERIFY(c2->sendWindow() > 0);
        s.pipe.b.resumeReading();
        QTRY_COMPARE(c->pendingBytes() + c2->pendingBytes(), 0);
    }

    void streamsTakeTurns()
    {
        YamuxSession::Options clientOptions;
        clientOptions.writeHighWaterBytes = 64 * 1024;
        clientOptions.maxDataFrameBytes = 16 * 1024;
        Sessions s(clientOptions);
        Observer atServer[2];
        s.onAccept = [&](YamuxStream *st) { atServer[s.accepted.size() - 1].watch(st); };
        // With the connection full, both streams queue up; then they share it frame by frame.
        s.pipe.b.pauseReading();
        QPointer<YamuxStream> c1 = s.client.openStream();
        QPointer<YamuxStream> c2 = s.client.openStream();
        const QByteArray one = pattern(1024 * 1024, 10);
        const QByteArray two = pattern(1024 * 1024, 11);
        c1->send(one);
        c2->send(two);
        QVERIFY(s.settle());
        const qsizetype before = s.tap.a.sent.size();
        s.pipe.b.resumeReading();
        QTRY_VERIFY(atServer[0].data.size() == one.size() && atServer[1].data.size() == two.size());
        QVERIFY(atServer[0].data == one);
        QVERIFY(atServer[1].data == two);
        QList<quint32> order;
        for (qsizetype i = before; i < s.tap.a.sent.size() && order.size() < 8; ++i)
            if (s.tap.a.sent[i].type == quint8(FrameType::Data))
                order.append(s.tap.a.sent[i].streamId);
        QCOMPARE(order, (QList<quint32>{3, 1, 3, 1, 3, 1, 3, 1}));
        QVERIFY2(s.tap.violations() == 0, qPrintable(s.tap.firstViolation()));
    }

    void largerReceiveWindowIsAnnouncedAndUsed()
    {
        YamuxSession::Options serverOptions;
        serverOptions.receiveWindowBytes = 1024 * 1024;
        Sessions s({}, serverOptions);
        Observer atServer;
        s.onAccept = [&](YamuxStream *st) {
            atServer.watch(st);
            st->pauseReading();
        };
        QPointer<YamuxStream> c = s.client.openStream();
        const QByteArray payload = pattern(3 * 1024 * 1024, 13);
        c->send(payload);
        QVERIFY(s.settle());
        // The ACK carried the extra 768 KiB, so a whole MiB went out before the stall.
        QCOMPARE(s.tap.a.dataSent.value(1), 1024 * 1024);
        QCOMPARE(s.tap.a.windowReceived.value(1), 768 * 1024);
        QVERIFY(s.accepted.size() == 1 && s.accepted[0]);
        s.accepted[0]->resumeReading();
        QTRY_COMPARE(atServer.data.size(), payload.size());
        QVERIFY(atServer.data == payload);
        QVERIFY2(s.tap.violations() == 0, qPrintable(s.tap.firstViolation()));

        // And the other way: a stream the server opens announces it with the SYN.
        QPointer<YamuxStream> fromServer = s.server.openStream();
        const auto syn = s.tap.b.sent.last();
        QCOMPARE(syn.flags, Flag::Syn);
        QCOMPARE(syn.length, quint32(768 * 1024));
        QVERIFY(fromServer);
    }

    void deletingAStreamResetsIt()
    {
        Sessions s;
        Observer atServer;
        s.onAccept = [&](YamuxStream *st) { atServer.watch(st); };
        QPointer<YamuxStream> c = s.client.openStream();
        c->send("x");
        QTRY_COMPARE(atServer.data, QByteArray("x"));
        delete c;
        QTRY_COMPARE(atServer.closedSignals, 1);
        QCOMPARE(atServer.closeCode, 1006);
        QCOMPARE(s.client.outboundStreamCount(), 0);
    }

    void bridgesACircuitThroughThePipe()
    {
        // alice <-> relay1 ... Pipe ... relay2 <-> bob: the relay accepts alice's stream and
        // opens one to bob, as circuit relay v2 does with its hop and stop streams.
        MemoryPipe aliceLink, bobLink;
        YamuxWiretap aliceTap(aliceLink), bobTap(bobLink);
        YamuxSession alice(&aliceLink.a, YamuxSession::Role::Client);
        YamuxSession relay1(&aliceLink.b, YamuxSession::Role::Server);
        YamuxSession relay2(&bobLink.a, YamuxSession::Role::Server);
        YamuxSession bob(&bobLink.b, YamuxSession::Role::Client);
        InMemorySessionRegistry registry;
        Session circuit;
        circuit.service = QStringLiteral("libp2p");
        circuit.id = QStringLiteral("circuit");
        registry.begin(circuit);
        Pipe::Options pipeOptions;
        pipeOptions.highWaterBytes = 64 * 1024;
        pipeOptions.lowWaterBytes = 16 * 1024;

        QPointer<Pipe> pipe;
        QPointer<YamuxStream> relayIn, relayOut, bobStream;
        QSignalSpy *finished = nullptr;
        connect(&relay1, &YamuxSession::newStream, [&](YamuxStream *in) {
            relayIn = in;
            relayOut = relay2.openStream();
            pipe = new Pipe(in, relayOut, &registry, QStringLiteral("libp2p/circuit"), lcTestYamux(), pipeOptions);
            finished = new QSignalSpy(pipe.data(), &Pipe::finished);
            pipe->start();
        });
        Observer atBob;
        connect(&bob, &YamuxSession::newStream, [&](YamuxStream *st) {
            bobStream = st;
            atBob.watch(st);
            st->pauseReading(); // bob is slow
        });
        for (YamuxSession *x : {&alice, &relay1, &relay2, &bob})
            x->start();

        QPointer<YamuxStream> a = alice.openStream();
        Observer atAlice;
        atAlice.watch(a);
        const QByteArray payload = pattern(4 * 1024 * 1024, 12);
        a->send(payload);
        a->finishWriting();
        QVERIFY(settlePipes({&aliceLink, &bobLink}));
        QVERIFY(a);

        // Bob reads nothing: alice is held back, and the relay holds a bounded amount.
        QVERIFY(relayIn && relayOut && bobStream && pipe);
        const qint64 relayHolds = relayIn->bufferedBytes() + relayOut->pendingBytes();
        QVERIFY2(relayHolds <= Window + pipeOptions.highWaterBytes + Window, qPrintable(QString::number(relayHolds)));
        QVERIFY(aliceTap.a.dataSent.value(1) < payload.size() / 2);
        QVERIFY(a->pendingBytes() > payload.size() / 2);

        bobStream->resumeReading();
        QTRY_VERIFY_WITH_TIMEOUT(atBob.readFinished, 30000);
        QVERIFY(atBob.data == payload);
        QCOMPARE(atBob.bytesAtReadFinished, payload.size());

        // Bob answers and finishes; the FIN crosses the relay too, and everything ends cleanly.
        QVERIFY(bobStream);
        bobStream->send("thanks");
        bobStream->finishWriting();
        QTRY_VERIFY(atAlice.closedSignals == 1 && atBob.closedSignals == 1);
        QCOMPARE(atAlice.data, QByteArray("thanks"));
        QVERIFY(atAlice.readFinished);
        QCOMPARE(atAlice.closeCode, 1000);
        QCOMPARE(atBob.closeCode, 1000);
        QTRY_VERIFY(finished && finished->size() == 1);
        QVERIFY2(aliceTap.violations() == 0, qPrintable(aliceTap.firstViolation()));
        QVERIFY2(bobTap.violations() == 0, qPrintable(bobTap.firstViolation()));
        QCOMPARE(countFlag(aliceTap.a.sent, 1, Flag::Rst) + countFlag(aliceTap.b.sent, 1, Flag::Rst), 0);
        QCOMPARE(countFlag(bobTap.a.sent, 2, Flag::Rst) + countFlag(bobTap.b.sent, 2, Flag::Rst), 0);
        const auto counted = registry.find(QStringLiteral("libp2p/circuit"));
        QVERIFY(counted);
        QCOMPARE(counted->bytesIn, quint64(payload.size() + 6));
        delete finished;
    }
};

QTEST_GUILESS_MAIN(TestYamuxStream)
#include "tst_yamux_stream.moc"

// Unit tests for Pipe, WaitingPeer and Rendezvous with endpoints the test controls.
#include "fakeendpoint.h"
#include "net/pipe/pipe.h"
#include "net/pipe/pipehost.h"
#include "net/pipe/pipethreads.h"
#include "net/pipe/rendezvous.h"
#include "net/pipe/waitingpeer.h"
#include "sessions/inmemorysessionregistry.h"

#include <QLoggingCategory>
#include <QPointer>
#include <QSignalSpy>
#include <QThread>
#include <QtTest>

Q_LOGGING_CATEGORY(lcTestPipe, "switchboard.test.pipe")

class TestPipe : public QObject
{
    Q_OBJECT

    Pipe::Options smallBuffers()
    {
        Pipe::Options o;
        o.highWaterBytes = 100;
        o.lowWaterBytes = 20;
        return o;
    }

    Session session(const QString &id)
    {
        Session s;
        s.service = QStringLiteral("pairing");
        s.id = id;
        return s;
    }

private slots:
    void forwardsBothWaysKeepingTypeAndOrder()
    {
        InMemorySessionRegistry registry;
        registry.begin(session("s"));
        FakeEndpoint a("a"), b("b");
        auto *pipe = new Pipe(&a, &b, &registry, "pairing/s", lcTestPipe(), smallBuffers());
        pipe->start();
        a.deliver("one", true);
        a.deliver(QByteArray("\x00\x02", 2), false);
        b.deliver("back", true);
        QCOMPARE(b.sent.size(), 2);
        QCOMPARE(b.sent[0], qMakePair(QByteArray("one"), true));
        QCOMPARE(b.sent[1], qMakePair(QByteArray("\x00\x02", 2), false));
        QCOMPARE(a.sent.size(), 1);
        QCOMPARE(a.sent[0], qMakePair(QByteArray("back"), true));
        const auto s = registry.find("pairing/s");
        QVERIFY(s);
        QCOMPARE(s->bytesIn, quint64(3 + 2 + 4));
        QCOMPARE(s->bytesOut, quint64(3 + 2 + 4));
        delete pipe;
    }

    void earlyMessagesGoFirstInOrder()
    {
        InMemorySessionRegistry registry;
        FakeEndpoint a("a"), b("b");
        auto *pipe = new Pipe(&a, &b, &registry, "pairing/s", lcTestPipe(), smallBuffers());
        pipe->start({{"e1", true}, {"e2", false}}, {{"r1", true}});
        a.deliver("live", true);
        QCOMPARE(b.sent.size(), 3);
        QCOMPARE(b.sent[0].first, QByteArray("e1"));
        QCOMPARE(b.sent[1].first, QByteArray("e2"));
        QVERIFY(!b.sent[1].second);
        QCOMPARE(b.sent[2].first, QByteArray("live"));
        QCOMPARE(a.sent.size(), 1);
        QCOMPARE(a.sent[0].first, QByteArray("r1"));
        delete pipe;
    }

    void slowReceiverPausesTheSenderUntilItDrains()
    {
        InMemorySessionRegistry registry;
        FakeEndpoint a("a"), b("b");
        auto *pipe = new Pipe(&a, &b, &registry, "pairing/s", lcTestPipe(), smallBuffers());
        pipe->start();
        const int resumesAtStart = a.resumeCalls;
        a.deliver(QByteArray(60, 'x'));
        QVERIFY(!a.paused);
        a.deliver(QByteArray(60, 'x')); // 120 pending > 100
        QVERIFY(a.paused);
        QCOMPARE(a.pauseCalls, 1);
        b.drain(90); // 30 pending, still above 20
        QVERIFY(a.paused);
        b.drain(15); // 15 pending
        QVERIFY(!a.paused);
        QCOMPARE(a.resumeCalls, resumesAtStart + 1);
        // The other direction was never touched.
        QCOMPARE(b.pauseCalls, 0);
        delete pipe;
    }

    void oneSideClosingClosesTheOtherWith1000AndEnds()
    {
        InMemorySessionRegistry registry;
        FakeEndpoint a("a"), b("b");
        auto *pipe = new Pipe(&a, &b, &registry, "pairing/s", lcTestPipe(), smallBuffers());
        QSignalSpy finished(pipe, &Pipe::finished);
        pipe->start();
        a.peerCloses(1001, "bye");
        QVERIFY(!b.open);
        QCOMPARE(b.closeCode, quint16(1000));
        QCOMPARE(finished.count(), 1);
        QTRY_VERIFY(finished.count() == 1); // and the pipe deletes itself later
    }

    void halfCloseIsPassedOnAndTheOtherDirectionKeepsFlowing()
    {
        InMemorySessionRegistry registry;
        FakeEndpoint a("a"), b("b");
        auto *pipe = new Pipe(&a, &b, &registry, "pairing/s", lcTestPipe(), smallBuffers());
        pipe->start();
        a.peerFinishes();
        QVERIFY(b.finishedWriting);
        QVERIFY(!a.finishedWriting);
        QVERIFY(b.open);
        b.deliver("still flowing");
        QCOMPARE(a.sent.size(), 1);
        delete pipe;
    }

    void pipeStartedWithAClosedSideEndsAtOnce()
    {
        InMemorySessionRegistry registry;
        FakeEndpoint a("a"), b("b");
        a.open = false;
        auto *pipe = new Pipe(&a, &b, &registry, "pairing/s", lcTestPipe(), smallBuffers());
        QSignalSpy finished(pipe, &Pipe::finished);
        pipe->start();
        QVERIFY(!b.open);
        QCOMPARE(finished.count(), 1);
    }

    void pipeStartedAfterASideWasDeletedClosesTheOtherAndEnds()
    {
        InMemorySessionRegistry registry;
        auto *a = new FakeEndpoint("a");
        FakeEndpoint b("b");
        auto *pipe = new Pipe(a, &b, &registry, "pairing/s", lcTestPipe(), smallBuffers());
        QSignalSpy finished(pipe, &Pipe::finished);
        delete a; // it left while the pipe was on its way to its thread
        pipe->start({{"early", false}});
        QVERIFY(!b.open);
        QCOMPARE(b.closeCode, quint16(1000));
        QCOMPARE(finished.count(), 1);
    }

    void oneThreadRunsEveryPipeOnTheRelaysOwn()
    {
        InMemorySessionRegistry registry;
        PipeThreads threads(1);
        FakeEndpoint a("a"), b("b");
        a.movable = b.movable = true;
        auto *pipe = new Pipe(&a, &b, &registry, "pairing/s", lcTestPipe(), smallBuffers());
        threads.start(pipe, &a, &b, {});
        QCOMPARE(threads.loads(), QList<int>({1}));
        QCOMPARE(pipe->thread(), QThread::currentThread());
        a.deliver("x");
        QCOMPARE(b.sent.size(), 1);
        b.peerCloses(1000, "done");
        QTRY_COMPARE(threads.loads(), QList<int>({0}));
    }

    void byDefaultWorkersAreUsedOnlyWhenTheRelaysThreadIsBusyAndACoreIsIdle()
    {
        QVERIFY(!PipeThreads::loadCallsForWorkers({0.1, 1.5})); // the relay's thread has room
        QVERIFY(!PipeThreads::loadCallsForWorkers({0.9, 0.2})); // no core to run a worker on
        QVERIFY(PipeThreads::loadCallsForWorkers({0.6, 0.8}));
        QVERIFY(PipeThreads::loadCallsForWorkers({1.0, 1.0}));
    }

    void aNewPipeGoesToTheLeastBusyThreadTheRelaysOwnCountingHalfAPipeMore()
    {
        const PipeThreads::Load idle{0.1, 1.5};
        const PipeThreads::Load busy{0.9, 0.9};
        // By default: the relay's own thread unless the load calls for workers.
        QCOMPARE(PipeThreads::threadFor({0, 0}, false, idle), 0);
        QCOMPARE(PipeThreads::threadFor({3, 0}, false, idle), 0);
        QCOMPARE(PipeThreads::threadFor({1, 0}, false, busy), 1);
        QCOMPARE(PipeThreads::threadFor({1, 2, 0}, false, busy), 2);
        // Spread always, whatever the load: a worker first, then the relay's own every other time.
        QCOMPARE(PipeThreads::threadFor({0, 0}, true, idle), 1);
        QCOMPARE(PipeThreads::threadFor({0, 1}, true, idle), 0);
        QCOMPARE(PipeThreads::threadFor({1, 1}, true, idle), 1);
        QCOMPARE(PipeThreads::threadFor({1, 2}, true, idle), 0);
        // No worker: always the relay's own.
        QCOMPARE(PipeThreads::threadFor({5}, true, busy), 0);
    }

    void byDefaultAnIdleRelayKeepsPipesOnItsOwnThread()
    {
        InMemorySessionRegistry registry;
        PipeThreads threads(0); // one per core; this test process keeps its thread idle
        FakeEndpoint a("a"), b("b");
        a.movable = b.movable = true;
        auto *pipe = new Pipe(&a, &b, &registry, "pairing/s", lcTestPipe(), smallBuffers());
        threads.start(pipe, &a, &b, {});
        QCOMPARE(threads.loads().size(), PipeThreads::resolvedThreadCount(0));
        QCOMPARE(threads.loads().first(), 1);
        QCOMPARE(pipe->thread(), QThread::currentThread());
        b.peerCloses(1000, "done");
    }

    void aPipeOfMovableEndpointsRunsOnAWorkerAndItsBytesAreCountedHere()
    {
        InMemorySessionRegistry registry;
        registry.begin(session("s"));
        PipeThreads threads(2);
        auto *a = new FakeEndpoint("a");
        auto *b = new FakeEndpoint("b");
        a->movable = b->movable = true;
        auto *pipe = new Pipe(a, b, &registry, "pairing/s", lcTestPipe(), smallBuffers());
        PipeHost *host = threads.start(pipe, a, b, {{"early", true}});
        // Everything on the worker is looked at from there.
        const auto onWorker = [host](const std::function<void()> &look) {
            QMetaObject::invokeMethod(host, look, Qt::BlockingQueuedConnection);
        };
        // Placed on the worker at once; moved there once this thread's event loop has run.
        QCOMPARE(threads.loads(), QList<int>({0, 1}));
        QTRY_VERIFY(a->thread() != QThread::currentThread());
        QCOMPARE(b->thread(), a->thread());
        QCOMPARE(host->thread(), a->thread());
        qsizetype sent = 0;
        QTRY_COMPARE((onWorker([&] { sent = b->sent.size(); }), sent), qsizetype(1));

        // Bytes forwarded there are counted into the registry here, in a batch.
        onWorker([a] { a->deliver(QByteArray(40, 'x')); });
        QTRY_COMPARE(registry.find("pairing/s")->bytesIn, quint64(5 + 40));

        // The owner's disconnect reaches it through its host.
        QMetaObject::invokeMethod(host, [host] { host->closeSession("pairing/s", 1000, "disconnected"); });
        QTRY_COMPARE(threads.loads(), QList<int>({0, 0}));
        bool bothClosed = false;
        QString reason;
        onWorker([&] {
            bothClosed = !a->open && !b->open;
            reason = a->closeReason;
        });
        QVERIFY(bothClosed);
        QCOMPARE(reason, QStringLiteral("disconnected"));
        // In the relay the gateway deletes connections after they close; here the test does.
        onWorker([a, b] {
            delete a;
            delete b;
        });
    }

    void endingThreadsDeleteThePipesStillOnThemAndTheirMovedEndpoints()
    {
        InMemorySessionRegistry registry;
        QPointer<FakeEndpoint> a = new FakeEndpoint("a");
        QPointer<FakeEndpoint> b = new FakeEndpoint("b");
        a->movable = b->movable = true;
        QPointer<Pipe> pipe = new Pipe(a, b, &registry, "pairing/s", lcTestPipe(), smallBuffers());
        {
            PipeThreads threads(2);
            threads.start(pipe, a, b, {});
            QTRY_VERIFY(a->thread() != QThread::currentThread());
        }
        QVERIFY(!pipe);
        QVERIFY(!a);
        QVERIFY(!b);
    }

    void waitingPeerBuffersThenStopsReadingAtTheBound()
    {
        FakeEndpoint a("a");
        WaitingPeer waiting(&a, 10, 60);
        a.deliver("12345");
        QVERIFY(!a.paused);
        a.deliver("67890");
        QVERIFY(a.paused);
        const Pipe::Messages early = waiting.release();
        QCOMPARE(early.size(), 2);
        QCOMPARE(early[1].first, QByteArray("67890"));
    }

    void waitingPeerIsClosedAtTheWaitLimitNamingIt()
    {
        FakeEndpoint a("a");
        WaitingPeer waiting(&a, 10, 1);
        QSignalSpy left(&waiting, &WaitingPeer::left);
        QVERIFY(left.wait(3000));
        QVERIFY(!a.open);
        QVERIFY(a.closeReason.contains("peer wait limit"));
        QVERIFY(a.closeReason.contains("1 s"));
    }

    void rendezvousKeepsTheSessionFromParkToEnd()
    {
        InMemorySessionRegistry registry;
        Rendezvous::Options options;
        options.pipe = smallBuffers();
        Rendezvous rendezvous("localfirst", &registry, lcTestPipe(), options);
        FakeEndpoint a("1111"), b("2222");
        rendezvous.park("k", "doc", &a, "alice");
        QVERIFY(rendezvous.isWaiting("k"));
        QCOMPARE(registry.totals("localfirst").active, 1);
        a.deliver("early", true);
        rendezvous.meet("k", &b, "bob");
        QVERIFY(!rendezvous.isWaiting("k"));
        QCOMPARE(b.sent.size(), 1);
        QCOMPARE(b.sent[0].first, QByteArray("early"));
        const auto s = registry.find("localfirst/doc");
        QVERIFY(s);
        QCOMPARE(s->peers, QStringList({"alice", "bob"}));
        QCOMPARE(s->remoteAddresses, QStringList({"127.0.0.1:1111", "127.0.0.1:2222"}));
        b.peerCloses(1000, "done");
        QCOMPARE(registry.totals("localfirst").active, 0);
        QCOMPARE(registry.totals("localfirst").started, quint64(1));
    }

    void rendezvousForgetsAPeerThatLeavesWhileWaiting()
    {
        InMemorySessionRegistry registry;
        Rendezvous rendezvous("pairing", &registry, lcTestPipe(), {});
        FakeEndpoint a("a");
        rendezvous.park("k", "s", &a, "sender");
        a.peerCloses(1001, "gone");
        QVERIFY(!rendezvous.isWaiting("k"));
        QCOMPARE(registry.totals("pairing").active, 0);
    }

    void aFullRendezvousNamesItsBoundInTheReason()
    {
        InMemorySessionRegistry registry;
        Rendezvous::Options options;
        options.maxWaiting = 2;
        Rendezvous rendezvous("pairing", &registry, lcTestPipe(), options);
        FakeEndpoint a("a"), b("b");
        rendezvous.park("k1", "s1", &a, "sender");
        QVERIFY(!rendezvous.isFull());
        rendezvous.park("k2", "s2", &b, "sender");
        QVERIFY(rendezvous.isFull());
        QCOMPARE(rendezvous.fullReason("Relay busy"), QStringLiteral("Relay busy (2 waiting, the limit); try again later"));
    }

    void dismissClosesTheWaitingPeer()
    {
        InMemorySessionRegistry registry;
        Rendezvous rendezvous("pairing", &registry, lcTestPipe(), {});
        FakeEndpoint a("a");
        rendezvous.park("k", "s", &a, "sender");
        rendezvous.dismiss("k", 1013, "Duplicate role for code");
        QVERIFY(!a.open);
        QCOMPARE(a.closeCode, quint16(1013));
        QVERIFY(!rendezvous.isWaiting("k"));
    }
};

QTEST_GUILESS_MAIN(TestPipe)
#include "tst_pipe.moc"

// Unit tests for SessionEventBatcher: registry events re-emitted as lists, once per interval.
#include "sessions/inmemorysessionregistry.h"
#include "sessions/sessioneventbatcher.h"

#include <QSignalSpy>
#include <QtTest>

#include <memory>

namespace {

// Long enough that the batcher's own timer never fires during a test that calls flush() itself.
constexpr int kNeverMs = 24 * 60 * 60 * 1000;

Session makeSession(const QString &service, const QString &id)
{
    Session s;
    s.service = service;
    s.id = id;
    return s;
}

QList<Session> listFrom(const QSignalSpy &spy, int index = 0)
{
    return spy.at(index).at(0).value<QList<Session>>();
}

QStringList sortedKeys(const QList<Session> &sessions)
{
    QStringList keys;
    for (const Session &s : sessions)
        keys << s.key();
    keys.sort();
    return keys;
}

// A registry, a batcher on it and spies on the three list signals.
struct Fixture
{
    explicit Fixture(int intervalMs = kNeverMs)
        : batcher(&registry, intervalMs),
          began(&batcher, &SessionEventBatcher::sessionsBegan),
          changed(&batcher, &SessionEventBatcher::sessionsChanged),
          ended(&batcher, &SessionEventBatcher::sessionsEnded)
    {
    }
    void clearSpies()
    {
        began.clear();
        changed.clear();
        ended.clear();
    }
    int emissions() const { return int(began.count() + changed.count() + ended.count()); }

    InMemorySessionRegistry registry;
    SessionEventBatcher batcher;
    QSignalSpy began;
    QSignalSpy changed;
    QSignalSpy ended;
};

} // namespace

class tst_SessionEventBatcher : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void nothingHappenedEmitsNothing();
    void nothingEmittedBeforeFlush();
    void manyEventsEmitOneListEach();
    void listsAreEmittedInOrderBeganChangedEnded();
    void beganThenChangedAppearsOnlyInBeganWithLatestState();
    void beganChangedAndEndedInOneIntervalReportsLatestState();
    void beganSessionReportsBytesAtFlushTime();
    void byteOnlyChangesAppearInChangedAfterFlush();
    void changedSessionAppearsOnceWithLatestState();
    void changedThenEndedAppearsOnlyInEnded();
    void endedSessionCarriesItsFinalState();
    void endedAndBegunAgainInOneIntervalIsAChange();
    void endedAndBegunAgainAfterBeginningInOneIntervalIsABeginning();
    void secondFlushEmitsNothingNew();
    void timerFlushesWithoutBeingAsked();
};

void tst_SessionEventBatcher::initTestCase()
{
    qRegisterMetaType<Session>();
    qRegisterMetaType<QList<Session>>();
}

void tst_SessionEventBatcher::nothingHappenedEmitsNothing()
{
    Fixture f;
    f.batcher.flush();
    QCOMPARE(f.emissions(), 0);
}

void tst_SessionEventBatcher::nothingEmittedBeforeFlush()
{
    Fixture f;
    f.registry.begin(makeSession("tunnel", "a"));
    f.registry.setPeers("tunnel/a", {"desktop"}, {});
    f.registry.end("tunnel/a");
    QCOMPARE(f.emissions(), 0);
}

void tst_SessionEventBatcher::manyEventsEmitOneListEach()
{
    Fixture f;
    f.registry.begin(makeSession("tunnel", "old1"));
    f.registry.begin(makeSession("tunnel", "old2"));
    f.registry.begin(makeSession("mesh", "old3"));
    f.batcher.flush();
    f.clearSpies();

    for (int i = 0; i < 20; ++i)
        f.registry.begin(makeSession("pairing", QString::number(i)));
    f.registry.setPeers("tunnel/old1", {"a"}, {});
    f.registry.setPeers("mesh/old3", {"b"}, {});
    f.registry.end("tunnel/old2");
    f.batcher.flush();

    QCOMPARE(f.began.count(), 1);
    QCOMPARE(f.changed.count(), 1);
    QCOMPARE(f.ended.count(), 1);
    QCOMPARE(listFrom(f.began).size(), 20);
    QCOMPARE(sortedKeys(listFrom(f.changed)), (QStringList{"mesh/old3", "tunnel/old1"}));
    QCOMPARE(sortedKeys(listFrom(f.ended)), QStringList{"tunnel/old2"});
}

void tst_SessionEventBatcher::listsAreEmittedInOrderBeganChangedEnded()
{
    Fixture f;
    f.registry.begin(makeSession("tunnel", "changes"));
    f.registry.begin(makeSession("tunnel", "ends"));
    f.batcher.flush();

    QStringList order;
    connect(&f.batcher, &SessionEventBatcher::sessionsBegan, &f.batcher, [&] { order << "began"; });
    connect(&f.batcher, &SessionEventBatcher::sessionsChanged, &f.batcher, [&] { order << "changed"; });
    connect(&f.batcher, &SessionEventBatcher::sessionsEnded, &f.batcher, [&] { order << "ended"; });
    // Happen in the opposite order within the interval.
    f.registry.end("tunnel/ends");
    f.registry.setPeers("tunnel/changes", {"x"}, {});
    f.registry.begin(makeSession("tunnel", "begins"));
    f.batcher.flush();
    QCOMPARE(order, (QStringList{"began", "changed", "ended"}));
}

void tst_SessionEventBatcher::beganThenChangedAppearsOnlyInBeganWithLatestState()
{
    Fixture f;
    f.registry.begin(makeSession("localfirst", "pipe"));
    f.registry.setPeers("localfirst/pipe", {"alice"}, {"192.0.2.1"});
    f.registry.setPeers("localfirst/pipe", {"alice", "bob"}, {"192.0.2.1", "192.0.2.2"});
    f.batcher.flush();

    QCOMPARE(f.began.count(), 1);
    QCOMPARE(f.changed.count(), 0);
    QCOMPARE(f.ended.count(), 0);
    const QList<Session> began = listFrom(f.began);
    QCOMPARE(began.size(), 1);
    QCOMPARE(began.first().key(), QStringLiteral("localfirst/pipe"));
    QCOMPARE(began.first().peers, (QStringList{"alice", "bob"}));
    QCOMPARE(began.first().remoteAddresses, (QStringList{"192.0.2.1", "192.0.2.2"}));
}

void tst_SessionEventBatcher::beganChangedAndEndedInOneIntervalReportsLatestState()
{
    // Gone from the registry by the flush, the session can only be reported as last seen.
    Fixture f;
    f.registry.begin(makeSession("pairing", "short"));
    f.registry.setPeers("pairing/short", {"sender", "receiver"}, {});
    f.registry.end("pairing/short");
    f.batcher.flush();
    QCOMPARE(f.changed.count(), 0);
    QCOMPARE(f.began.count(), 1);
    QCOMPARE(f.ended.count(), 1);
    QCOMPARE(listFrom(f.began).size(), 1);
    QCOMPARE(listFrom(f.began).first().peers, (QStringList{"sender", "receiver"}));
    QCOMPARE(listFrom(f.ended).first().peers, (QStringList{"sender", "receiver"}));
}

void tst_SessionEventBatcher::beganSessionReportsBytesAtFlushTime()
{
    Fixture f;
    f.registry.begin(makeSession("tunnel", "a"));
    f.registry.addBytes("tunnel/a", 11, 22);
    f.batcher.flush();
    QCOMPARE(f.changed.count(), 0);
    const QList<Session> began = listFrom(f.began);
    QCOMPARE(began.size(), 1);
    QCOMPARE(began.first().bytesIn, quint64(11));
    QCOMPARE(began.first().bytesOut, quint64(22));
}

void tst_SessionEventBatcher::byteOnlyChangesAppearInChangedAfterFlush()
{
    Fixture f;
    f.registry.begin(makeSession("tunnel", "a"));
    f.registry.begin(makeSession("tunnel", "b"));
    f.batcher.flush();
    f.clearSpies();

    f.registry.addBytes("tunnel/a", 10, 20);
    f.registry.addBytes("tunnel/a", 5, 0);
    QCOMPARE(f.emissions(), 0); // bytes alone raise no signal until the flush
    f.batcher.flush();
    QCOMPARE(f.began.count(), 0);
    QCOMPARE(f.ended.count(), 0);
    QCOMPARE(f.changed.count(), 1);
    const QList<Session> changed = listFrom(f.changed);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().key(), QStringLiteral("tunnel/a"));
    QCOMPARE(changed.first().bytesIn, quint64(15));
    QCOMPARE(changed.first().bytesOut, quint64(20));
}

void tst_SessionEventBatcher::changedSessionAppearsOnceWithLatestState()
{
    Fixture f;
    f.registry.begin(makeSession("mesh", "m"));
    f.batcher.flush();
    f.clearSpies();

    f.registry.setPeers("mesh/m", {"p1"}, {});
    f.registry.addBytes("mesh/m", 1, 1);
    f.registry.setPeers("mesh/m", {"p1", "p2"}, {});
    f.batcher.flush();
    QCOMPARE(f.changed.count(), 1);
    const QList<Session> changed = listFrom(f.changed);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().peers, (QStringList{"p1", "p2"}));
    QCOMPARE(changed.first().bytesIn, quint64(1));
}

void tst_SessionEventBatcher::changedThenEndedAppearsOnlyInEnded()
{
    Fixture f;
    f.registry.begin(makeSession("tunnel", "a"));
    f.batcher.flush();
    f.clearSpies();

    f.registry.setPeers("tunnel/a", {"desktop"}, {});
    f.registry.addBytes("tunnel/a", 1, 1);
    f.registry.end("tunnel/a");
    f.batcher.flush();
    QCOMPARE(f.began.count(), 0);
    QCOMPARE(f.changed.count(), 0);
    QCOMPARE(f.ended.count(), 1);
    QCOMPARE(sortedKeys(listFrom(f.ended)), QStringList{"tunnel/a"});
}

void tst_SessionEventBatcher::endedSessionCarriesItsFinalState()
{
    Fixture f;
    f.registry.begin(makeSession("pairing", "p"));
    f.batcher.flush();
    f.registry.addBytes("pairing/p", 7, 9);
    f.registry.end("pairing/p");
    f.batcher.flush();
    QCOMPARE(f.ended.count(), 1);
    const QList<Session> ended = listFrom(f.ended);
    QCOMPARE(ended.size(), 1);
    QCOMPARE(ended.first().bytesIn, quint64(7));
    QCOMPARE(ended.first().bytesOut, quint64(9));
}

void tst_SessionEventBatcher::endedAndBegunAgainInOneIntervalIsAChange()
{
    // A listener that already shows the session must still show it after the flush; with
    // `began` delivered before `ended` it would otherwise add the new one and then drop it.
    Fixture f;
    f.registry.begin(makeSession("tunnel", "a"));
    f.batcher.flush();
    f.clearSpies();

    f.registry.end("tunnel/a");
    Session again = makeSession("tunnel", "a");
    again.peers = QStringList{"desktop-2"};
    f.registry.begin(again);
    f.batcher.flush();

    QCOMPARE(f.began.count(), 0);
    QCOMPARE(f.ended.count(), 0);
    QCOMPARE(f.changed.count(), 1);
    const QList<Session> changed = listFrom(f.changed);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().peers, QStringList{"desktop-2"});
}

void tst_SessionEventBatcher::endedAndBegunAgainAfterBeginningInOneIntervalIsABeginning()
{
    // No listener has heard of the first incarnation: only the live one is announced.
    Fixture f;
    f.registry.begin(makeSession("tunnel", "a"));
    f.registry.end("tunnel/a");
    Session again = makeSession("tunnel", "a");
    again.peers = QStringList{"desktop-2"};
    f.registry.begin(again);
    f.batcher.flush();

    QCOMPARE(f.changed.count(), 0);
    QCOMPARE(f.ended.count(), 0);
    QCOMPARE(f.began.count(), 1);
    const QList<Session> began = listFrom(f.began);
    QCOMPARE(began.size(), 1);
    QCOMPARE(began.first().peers, QStringList{"desktop-2"});
}

void tst_SessionEventBatcher::secondFlushEmitsNothingNew()
{
    Fixture f;
    f.registry.begin(makeSession("tunnel", "a"));
    f.registry.begin(makeSession("tunnel", "b"));
    f.registry.addBytes("tunnel/a", 1, 1);
    f.batcher.flush();
    f.registry.setPeers("tunnel/b", {"x"}, {});
    f.registry.end("tunnel/a");
    f.batcher.flush();
    QCOMPARE(f.emissions(), 3);
    f.batcher.flush();
    QCOMPARE(f.emissions(), 3);
}

void tst_SessionEventBatcher::timerFlushesWithoutBeingAsked()
{
    Fixture f(20);
    f.registry.begin(makeSession("tunnel", "a"));
    f.registry.begin(makeSession("tunnel", "b"));
    QVERIFY(f.began.wait(5000));
    QCOMPARE(f.began.count(), 1);
    QCOMPARE(sortedKeys(listFrom(f.began)), (QStringList{"tunnel/a", "tunnel/b"}));

    // Bytes raise no signal of their own; the timer finds them.
    f.registry.addBytes("tunnel/a", 3, 4);
    QTRY_COMPARE_WITH_TIMEOUT(f.changed.count(), 1, 5000);
    QCOMPARE(listFrom(f.changed).first().bytesIn, quint64(3));
}

QTEST_GUILESS_MAIN(tst_SessionEventBatcher)
#include "tst_sessioneventbatcher.moc"

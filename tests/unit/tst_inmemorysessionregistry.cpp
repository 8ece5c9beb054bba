// Unit tests for InMemorySessionRegistry: sessions, their signals, and per-service totals.
#include "sessions/inmemorysessionregistry.h"

#include <QSignalSpy>
#include <QtTest>

namespace {

Session makeSession(const QString &service, const QString &id, quint64 bytesIn = 0, quint64 bytesOut = 0)
{
    Session s;
    s.service = service;
    s.id = id;
    s.bytesIn = bytesIn;
    s.bytesOut = bytesOut;
    return s;
}

Session sessionFrom(const QSignalSpy &spy, int index)
{
    return spy.at(index).at(0).value<Session>();
}

QStringList sortedKeys(const QList<Session> &sessions)
{
    QStringList keys;
    for (const Session &s : sessions)
        keys << s.key();
    keys.sort();
    return keys;
}

} // namespace

class tst_InMemorySessionRegistry : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void keyJoinsServiceAndId();
    void beginEmitsSessionBegan();
    void beginFillsInStartAndActivityTimes();
    void beginKeepsGivenStartTime();
    void beginCountsActiveAndStarted();
    void beginOfExistingKeyDoesNotDoubleCount();
    void setPeersUpdatesAndEmitsChanged();
    void setPeersOfUnknownKeyIsIgnored();
    void addBytesUpdatesSessionAndTotalsWithoutSignal();
    void addBytesOfUnknownKeyIsIgnored();
    void endEmitsEndedWithFinalStateAndForgetsSession();
    void endOfUnknownKeyIsIgnored();
    void totalsAreKeptPerService();
    void bytesSurviveTheSessionsEnd();
    void totalsOfUnknownServiceAreZero();
    void takeTouchedKeysReturnsKeysWithNewBytes();
    void takeTouchedKeysEmptiesTheSet();
    void endedSessionIsNoLongerTouched();
    void findAndSessions();
};

void tst_InMemorySessionRegistry::initTestCase()
{
    qRegisterMetaType<Session>();
}

void tst_InMemorySessionRegistry::keyJoinsServiceAndId()
{
    QCOMPARE(makeSession("tunnel", "abc").key(), QStringLiteral("tunnel/abc"));
    QCOMPARE(Session::keyFor("mesh", "m1"), QStringLiteral("mesh/m1"));
}

void tst_InMemorySessionRegistry::beginEmitsSessionBegan()
{
    InMemorySessionRegistry registry;
    QSignalSpy began(&registry, &SessionRegistry::sessionBegan);
    QSignalSpy changed(&registry, &SessionRegistry::sessionChanged);
    registry.begin(makeSession("tunnel", "s1"));
    QCOMPARE(began.count(), 1);
    QCOMPARE(changed.count(), 0);
    QCOMPARE(sessionFrom(began, 0).key(), QStringLiteral("tunnel/s1"));
}

void tst_InMemorySessionRegistry::beginFillsInStartAndActivityTimes()
{
    InMemorySessionRegistry registry;
    const QDateTime before = QDateTime::currentDateTimeUtc();
    registry.begin(makeSession("tunnel", "s1"));
    const QDateTime after = QDateTime::currentDateTimeUtc();
    const auto found = registry.find("tunnel/s1");
    QVERIFY(found.has_value());
    QVERIFY(found->startedAt.isValid());
    QVERIFY(found->startedAt >= before);
    QVERIFY(found->startedAt <= after);
    QCOMPARE(found->lastActivity, found->startedAt);
}

void tst_InMemorySessionRegistry::beginKeepsGivenStartTime()
{
    InMemorySessionRegistry registry;
    Session s = makeSession("pairing", "code");
    s.startedAt = QDateTime(QDate(2024, 5, 1), QTime(12, 0), Qt::UTC);
    registry.begin(s);
    const auto found = registry.find("pairing/code");
    QVERIFY(found.has_value());
    QCOMPARE(found->startedAt, s.startedAt);
    QCOMPARE(found->lastActivity, s.startedAt);
}

void tst_InMemorySessionRegistry::beginCountsActiveAndStarted()
{
    InMemorySessionRegistry registry;
    registry.begin(makeSession("tunnel", "a", 5, 7));
    registry.begin(makeSession("tunnel", "b"));
    const ServiceTotals t = registry.totals("tunnel");
    QCOMPARE(t.active, 2);
    QCOMPARE(t.started, quint64(2));
    QCOMPARE(t.bytesIn, quint64(5));
    QCOMPARE(t.bytesOut, quint64(7));
}

void tst_InMemorySessionRegistry::beginOfExistingKeyDoesNotDoubleCount()
{
    InMemorySessionRegistry registry;
    QSignalSpy began(&registry, &SessionRegistry::sessionBegan);
    QSignalSpy changed(&registry, &SessionRegistry::sessionChanged);
    registry.begin(makeSession("mesh", "m1"));
    Session again = makeSession("mesh", "m1");
    again.peers = QStringList{"p1", "p2"};
    registry.begin(again);

    QCOMPARE(began.count(), 1);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(sessionFrom(changed, 0).peers, (QStringList{"p1", "p2"}));
    QCOMPARE(registry.totals("mesh").active, 1);
    QCOMPARE(registry.totals("mesh").started, quint64(1));
    QCOMPARE(registry.sessions().size(), 1);
    QCOMPARE(registry.find("mesh/m1")->peers, (QStringList{"p1", "p2"}));
}

void tst_InMemorySessionRegistry::setPeersUpdatesAndEmitsChanged()
{
    InMemorySessionRegistry registry;
    Session s = makeSession("localfirst", "pipe");
    s.startedAt = QDateTime::currentDateTimeUtc().addSecs(-60);
    registry.begin(s);
    QSignalSpy changed(&registry, &SessionRegistry::sessionChanged);
    registry.setPeers("localfirst/pipe", {"alice", "bob"}, {"192.0.2.1", "192.0.2.2"});
    QCOMPARE(changed.count(), 1);
    const Session emitted = sessionFrom(changed, 0);
    QCOMPARE(emitted.peers, (QStringList{"alice", "bob"}));
    QCOMPARE(emitted.remoteAddresses, (QStringList{"192.0.2.1", "192.0.2.2"}));
    QVERIFY(emitted.lastActivity > s.startedAt);
    const auto found = registry.find("localfirst/pipe");
    QVERIFY(found.has_value());
    QCOMPARE(found->peers, (QStringList{"alice", "bob"}));
    QCOMPARE(found->remoteAddresses, (QStringList{"192.0.2.1", "192.0.2.2"}));
}

void tst_InMemorySessionRegistry::setPeersOfUnknownKeyIsIgnored()
{
    InMemorySessionRegistry registry;
    QSignalSpy changed(&registry, &SessionRegistry::sessionChanged);
    registry.setPeers("tunnel/nobody", {"x"}, {});
    QCOMPARE(changed.count(), 0);
    QVERIFY(!registry.find("tunnel/nobody").has_value());
}

void tst_InMemorySessionRegistry::addBytesUpdatesSessionAndTotalsWithoutSignal()
{
    InMemorySessionRegistry registry;
    registry.begin(makeSession("libp2p", "c1"));
    QSignalSpy began(&registry, &SessionRegistry::sessionBegan);
    QSignalSpy changed(&registry, &SessionRegistry::sessionChanged);
    QSignalSpy ended(&registry, &SessionRegistry::sessionEnded);
    registry.addBytes("libp2p/c1", 100, 40);
    registry.addBytes("libp2p/c1", 1, 2);
    QCOMPARE(began.count() + changed.count() + ended.count(), 0);
    const auto found = registry.find("libp2p/c1");
    QVERIFY(found.has_value());
    QCOMPARE(found->bytesIn, quint64(101));
    QCOMPARE(found->bytesOut, quint64(42));
    QCOMPARE(registry.totals("libp2p").bytesIn, quint64(101));
    QCOMPARE(registry.totals("libp2p").bytesOut, quint64(42));
}

void tst_InMemorySessionRegistry::addBytesOfUnknownKeyIsIgnored()
{
    InMemorySessionRegistry registry;
    registry.addBytes("tunnel/ghost", 10, 10);
    QCOMPARE(registry.totals("tunnel").bytesIn, quint64(0));
    QVERIFY(registry.takeTouchedKeys().isEmpty());
}

void tst_InMemorySessionRegistry::endEmitsEndedWithFinalStateAndForgetsSession()
{
    InMemorySessionRegistry registry;
    registry.begin(makeSession("tunnel", "s1"));
    registry.addBytes("tunnel/s1", 3, 4);
    QSignalSpy ended(&registry, &SessionRegistry::sessionEnded);
    registry.end("tunnel/s1");
    QCOMPARE(ended.count(), 1);
    const Session last = sessionFrom(ended, 0);
    QCOMPARE(last.key(), QStringLiteral("tunnel/s1"));
    QCOMPARE(last.bytesIn, quint64(3));
    QCOMPARE(last.bytesOut, quint64(4));
    QVERIFY(!registry.find("tunnel/s1").has_value());
    QVERIFY(registry.sessions().isEmpty());
    QCOMPARE(registry.totals("tunnel").active, 0);
    QCOMPARE(registry.totals("tunnel").started, quint64(1));
}

void tst_InMemorySessionRegistry::endOfUnknownKeyIsIgnored()
{
    InMemorySessionRegistry registry;
    registry.begin(makeSession("tunnel", "s1"));
    QSignalSpy ended(&registry, &SessionRegistry::sessionEnded);
    registry.end("tunnel/other");
    registry.end("tunnel/s1");
    registry.end("tunnel/s1"); // a second end of the same session counts nothing
    QCOMPARE(ended.count(), 1);
    QCOMPARE(registry.totals("tunnel").active, 0);
}

void tst_InMemorySessionRegistry::totalsAreKeptPerService()
{
    InMemorySessionRegistry registry;
    registry.begin(makeSession("tunnel", "t1"));
    registry.begin(makeSession("tunnel", "t2"));
    registry.begin(makeSession("mesh", "m1"));
    registry.addBytes("tunnel/t1", 10, 0);
    registry.addBytes("mesh/m1", 0, 7);
    registry.end("tunnel/t2");

    const ServiceTotals tunnel = registry.totals("tunnel");
    QCOMPARE(tunnel.active, 1);
    QCOMPARE(tunnel.started, quint64(2));
    QCOMPARE(tunnel.bytesIn, quint64(10));
    QCOMPARE(tunnel.bytesOut, quint64(0));
    const ServiceTotals mesh = registry.totals("mesh");
    QCOMPARE(mesh.active, 1);
    QCOMPARE(mesh.started, quint64(1));
    QCOMPARE(mesh.bytesIn, quint64(0));
    QCOMPARE(mesh.bytesOut, quint64(7));
}

void tst_InMemorySessionRegistry::bytesSurviveTheSessionsEnd()
{
    InMemorySessionRegistry registry;
    registry.begin(makeSession("pairing", "p1"));
    registry.addBytes("pairing/p1", 1000, 2000);
    registry.end("pairing/p1");
    registry.begin(makeSession("pairing", "p2"));
    registry.addBytes("pairing/p2", 1, 1);
    const ServiceTotals t = registry.totals("pairing");
    QCOMPARE(t.bytesIn, quint64(1001));
    QCOMPARE(t.bytesOut, quint64(2001));
    QCOMPARE(t.active, 1);
    QCOMPARE(t.started, quint64(2));
}

void tst_InMemorySessionRegistry::totalsOfUnknownServiceAreZero()
{
    InMemorySessionRegistry registry;
    registry.begin(makeSession("tunnel", "t1"));
    const ServiceTotals t = registry.totals("localfirst");
    QCOMPARE(t.active, 0);
    QCOMPARE(t.started, quint64(0));
    QCOMPARE(t.bytesIn, quint64(0));
    QCOMPARE(t.bytesOut, quint64(0));
}

void tst_InMemorySessionRegistry::takeTouchedKeysReturnsKeysWithNewBytes()
{
    InMemorySessionRegistry registry;
    registry.begin(makeSession("tunnel", "a"));
    registry.begin(makeSession("tunnel", "b"));
    registry.begin(makeSession("mesh", "c"));
    registry.addBytes("tunnel/a", 1, 0);
    registry.addBytes("tunnel/a", 1, 0);
    registry.addBytes("mesh/c", 0, 1);
    QCOMPARE(registry.takeTouchedKeys(), (QSet<QString>{"tunnel/a", "mesh/c"}));
}

void tst_InMemorySessionRegistry::takeTouchedKeysEmptiesTheSet()
{
    InMemorySessionRegistry registry;
    registry.begin(makeSession("tunnel", "a"));
    registry.addBytes("tunnel/a", 1, 1);
    QCOMPARE(registry.takeTouchedKeys().size(), 1);
    QVERIFY(registry.takeTouchedKeys().isEmpty());
    registry.addBytes("tunnel/a", 1, 1);
    QCOMPARE(registry.takeTouchedKeys(), QSet<QString>{"tunnel/a"});
}

void tst_InMemorySessionRegistry::endedSessionIsNoLongerTouched()
{
    InMemorySessionRegistry registry;
    registry.begin(makeSession("tunnel", "a"));
    registry.begin(makeSession("tunnel", "b"));
    registry.addBytes("tunnel/a", 1, 1);
    registry.addBytes("tunnel/b", 1, 1);
    registry.end("tunnel/a");
    QCOMPARE(registry.takeTouchedKeys(), QSet<QString>{"tunnel/b"});
}

void tst_InMemorySessionRegistry::findAndSessions()
{
    InMemorySessionRegistry registry;
    QVERIFY(registry.sessions().isEmpty());
    registry.begin(makeSession("tunnel", "a"));
    registry.begin(makeSession("mesh", "a"));
    registry.begin(makeSession("libp2p", "z"));
    QCOMPARE(sortedKeys(registry.sessions()),
             (QStringList{"libp2p/z", "mesh/a", "tunnel/a"}));
    const auto mesh = registry.find("mesh/a");
    QVERIFY(mesh.has_value());
    QCOMPARE(mesh->service, QStringLiteral("mesh"));
    QCOMPARE(mesh->id, QStringLiteral("a"));
    QVERIFY(!registry.find("mesh/b").has_value());
    QVERIFY(!registry.find("a").has_value());
}

QTEST_GUILESS_MAIN(tst_InMemorySessionRegistry)
#include "tst_inmemorysessionregistry.moc"

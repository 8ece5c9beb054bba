// The pubsub seen cache: an id is remembered for the TTL and no longer, and beyond the size bound
// the oldest ids are forgotten first (so a flood of fresh ids cannot grow memory).
#include "libp2p/pubsub/seencache.h"

#include <QTest>

using Libp2p::Pubsub::SeenCache;

class TstLibp2pSeenCache : public QObject
{
    Q_OBJECT
private slots:
    void remembersForTheTtlOnly()
    {
        SeenCache cache(10, 1000);
        QVERIFY(cache.insert("a", 0));
        QVERIFY(!cache.insert("a", 500)); // a duplicate
        QVERIFY(cache.contains("a", 999));
        QVERIFY(!cache.contains("a", 1000));
        QVERIFY(cache.insert("a", 1000)); // expired: new again
        QVERIFY(cache.contains("a", 1500));
        QCOMPARE(cache.size(), 1);
    }

    void forgetsTheOldestBeyondTheBound()
    {
        SeenCache cache(3, 60000);
        for (int i = 0; i < 5; ++i)
            QVERIFY(cache.insert(QByteArray::number(i), i));
        QCOMPARE(cache.size(), 3);
        QVERIFY(!cache.contains("0", 10));
        QVERIFY(!cache.contains("1", 10));
        QVERIFY(cache.contains("2", 10));
        QVERIFY(cache.contains("4", 10));
        QVERIFY(!cache.insert("4", 11));
    }

    void expiresEverythingOldOnInsert()
    {
        SeenCache cache(100, 100);
        for (int i = 0; i < 50; ++i)
            cache.insert(QByteArray::number(i), i);
        QVERIFY(cache.insert("late", 200));
        QCOMPARE(cache.size(), 1);
    }
};

QTEST_GUILESS_MAIN(TstLibp2pSeenCache)
#include "tst_libp2p_seencache.moc"

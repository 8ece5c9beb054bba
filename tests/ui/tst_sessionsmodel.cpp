// The sessions table: a well-behaved model (QAbstractItemModelTester), rows following the
// Relay's batched signals, rates from byte deltas, sorting and filtering through the proxy.
#include "relay.h"
#include "sessions/sessionregistry.h"
#include "sessionsmodel.h"
#include "sessionspage.h"
#include "testenvironment.h"
#include "throughputhistory.h"

#include <QAbstractItemModelTester>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>

namespace {
Session session(const QString &service, const QString &id, quint64 in = 0, quint64 out = 0)
{
    Session s;
    s.service = service;
    s.id = id;
    s.peers = {QStringLiteral("a"), QStringLiteral("b")};
    s.remoteAddresses = {QStringLiteral("192.0.2.1:5000")};
    s.bytesIn = in;
    s.bytesOut = out;
    s.startedAt = QDateTime(QDate(2026, 1, 1), QTime(12, 0), Qt::UTC);
    return s;
}
} // namespace

class TestSessionsModel : public QObject
{
    Q_OBJECT
    QDateTime m_now = QDateTime(QDate(2026, 1, 1), QTime(12, 0), Qt::UTC);

private slots:
    void rowsFollowBatches()
    {
        SessionsModel model;
        model.setClock([this] { return m_now; });
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.columnCount(), int(SessionsModel::ColumnCount));

        model.addSessions({session("tunnel", "t1"), session("pairing", "p1"), session("mesh", "m1")});
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(0, SessionsModel::ServiceColumn).data().toString(), QStringLiteral("Tunnel"));
        QCOMPARE(model.index(1, SessionsModel::IdColumn).data().toString(), QStringLiteral("p1"));
        QCOMPARE(model.index(1, SessionsModel::PeersColumn).data().toString(), QStringLiteral("a, b"));
        QCOMPARE(model.index(2, SessionsModel::AddressColumn).data().toString(), QStringLiteral("192.0.2.1:5000"));

        // A session announced twice (began and then in a snapshot) stays one row.
        model.addSessions({session("tunnel", "t1")});
        QCOMPARE(model.rowCount(), 3);

        model.removeSessions({session("pairing", "p1")});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.rowOf(QStringLiteral("mesh/m1")), 1);
        QCOMPARE(model.rowOf(QStringLiteral("pairing/p1")), -1);
        // An update for a session the model missed adds it rather than being lost.
        model.updateSessions({session("localfirst", "l1", 10, 10)});
        QCOMPARE(model.rowCount(), 3);
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void manyEndAtOnce()
    {
        SessionsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QList<Session> all;
        for (int i = 0; i < 300; ++i)
            all << session("pairing", QString::number(i));
        model.addSessions(all);
        QCOMPARE(model.rowCount(), 300);
        // A handful: row by row; most of them: one reset. Either way the right ones go.
        model.removeSessions({all.at(5), all.at(299), all.at(0)});
        QCOMPARE(model.rowCount(), 297);
        QCOMPARE(model.rowOf(QStringLiteral("pairing/5")), -1);
        QList<Session> most = all.mid(10, 200);
        model.removeSessions(most);
        QCOMPARE(model.rowCount(), 97);
        QCOMPARE(model.rowOf(QStringLiteral("pairing/100")), -1);
        const int row = model.rowOf(QStringLiteral("pairing/250"));
        QVERIFY(row >= 0);
        QCOMPARE(model.session(row).id, QStringLiteral("250"));
    }

    void rateAndDurationFromTheClock()
    {
        SessionsModel model;
        model.setClock([this] { return m_now; });
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy relayed(&model, &SessionsModel::bytesRelayed);
        model.addSessions({session("tunnel", "t1", 100, 0)});
        QCOMPARE(relayed.count(), 1);
        QCOMPARE(relayed.at(0).at(0).toULongLong(), quint64(100));

        m_now = m_now.addMSecs(500);
        model.updateSessions({session("tunnel", "t1", 600, 500)}); // 1000 bytes in 0.5 s
        QCOMPARE(model.rate(0), 2000.0);
        QCOMPARE(relayed.last().at(0).toULongLong(), quint64(1000));
        QCOMPARE(model.index(0, SessionsModel::InColumn).data(SessionsModel::SortRole).toULongLong(), quint64(600));

        // Quiet for longer than the batches come: the rate falls to zero on the next tick.
        m_now = m_now.addSecs(3);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.tick();
        QCOMPARE(model.rate(0), 0.0);
        QVERIFY(changed.count() >= 2); // the rate and the durations
        QCOMPARE(model.index(0, SessionsModel::DurationColumn).data().toString(), QStringLiteral("0:03"));
        m_now = m_now.addSecs(3600);
        QCOMPARE(model.index(0, SessionsModel::DurationColumn).data().toString(), QStringLiteral("1:00:03"));
    }

    void sortsByNumbersAndFilters()
    {
        SessionsModel model;
        model.setClock([this] { return m_now; });
        SessionsPage page(&model);
        model.addSessions({session("tunnel", "small", 9, 0), session("mesh", "big", 1000000, 0),
                           session("pairing", "middle", 100000, 0)});
        QSortFilterProxyModel *proxy = page.proxy();
        QAbstractItemModelTester tester(proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy->sort(SessionsModel::InColumn, Qt::DescendingOrder);
        // By bytes, not by the formatted text ("9 bytes" would sort after "976.6 KB").
        QCOMPARE(proxy->index(0, SessionsModel::IdColumn).data().toString(), QStringLiteral("big"));
        QCOMPARE(proxy->index(1, SessionsModel::IdColumn).data().toString(), QStringLiteral("middle"));
        QCOMPARE(proxy->index(2, SessionsModel::IdColumn).data().toString(), QStringLiteral("small"));

        page.filterBox()->setText(QStringLiteral("MESH"));
        QCOMPARE(proxy->rowCount(), 1);
        QCOMPARE(proxy->index(0, SessionsModel::IdColumn).data().toString(), QStringLiteral("big"));
        page.filterBox()->setText(QStringLiteral("nothing like this"));
        QCOMPARE(proxy->rowCount(), 0);
        page.filterBox()->clear();
        QCOMPARE(proxy->rowCount(), 3);
    }

    void fedByARealRelay()
    {
        QTemporaryDir dir;
        Relay relay(TestEnvironment::settings(dir.path()));
        QString error;
        QVERIFY2(relay.start(&error), qPrintable(error));
        SessionsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        ThroughputHistory history;
        connect(&model, &SessionsModel::bytesRelayed, &history, &ThroughputHistory::addBytes);

        // A session already running when the model attaches is shown at once.
        relay.sessions()->begin(session("mesh", "before"));
        model.setRelay(&relay);
        QCOMPARE(model.rowCount(), 1);

        relay.sessions()->begin(session("tunnel", "live"));
        QTRY_COMPARE(model.rowCount(), 2);
        relay.sessions()->addBytes(QStringLiteral("tunnel/live"), 4000, 1000);
        const int row = model.rowOf(QStringLiteral("tunnel/live"));
        QTRY_COMPARE(model.session(row).bytesIn, quint64(4000));
        history.tick();
        QCOMPARE(history.latest(), 5000.0);
        relay.sessions()->end(QStringLiteral("tunnel/live"));
        QTRY_COMPARE(model.rowCount(), 1);

        model.setRelay(nullptr);
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_MAIN(TestSessionsModel)
#include "tst_sessionsmodel.moc"

// Disconnect from the sessions table: the core's SessionControl reaches the service that holds
// the session (here a pairing Rendezvous, waiting and joined), which closes its connections.
#include "fakeendpoint.h"
#include "log/logcategories.h"
#include "net/pipe/rendezvous.h"
#include "relay.h"
#include "sessions/sessioncontrol.h"
#include "sessions/sessionregistry.h"
#include "sessionsmodel.h"
#include "sessionspage.h"
#include "testenvironment.h"

#include <QAction>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTest>

class TestSessionDisconnect : public QObject
{
    Q_OBJECT
private slots:
    void disconnectClosesWaitingAndJoinedPeers()
    {
        QTemporaryDir dir;
        Relay relay(TestEnvironment::settings(dir.path()));
        QString error;
        QVERIFY2(relay.start(&error), qPrintable(error));
        Rendezvous rendezvous(QStringLiteral("pairing"), relay.sessions(), lcPairing(), Rendezvous::Options());

        SessionsModel model;
        SessionsPage page(&model);
        model.setRelay(&relay);
        page.setRelay(&relay);

        auto *waiting = new FakeEndpoint(QStringLiteral("1"));
        rendezvous.park(QStringLiteral("code-a"), QStringLiteral("a"), waiting, QStringLiteral("sender"));
        auto *sender = new FakeEndpoint(QStringLiteral("2"));
        auto *receiver = new FakeEndpoint(QStringLiteral("3"));
        rendezvous.park(QStringLiteral("code-b"), QStringLiteral("b"), sender, QStringLiteral("sender"));
        rendezvous.meet(QStringLiteral("code-b"), receiver, QStringLiteral("receiver"));
        QTRY_COMPARE(model.rowCount(), 2);

        const auto select = [&](const QString &key) {
            page.view()->selectRow(page.proxy()->mapFromSource(model.index(model.rowOf(key), 0)).row());
        };
        select(QStringLiteral("pairing/b"));
        QVERIFY(page.disconnectAction()->isEnabled());
        page.disconnectAction()->trigger();
        QVERIFY(!sender->isOpen());
        QVERIFY(!receiver->isOpen());
        QCOMPARE(sender->closeCode, quint16(1000));
        QTRY_COMPARE(model.rowCount(), 1);

        select(QStringLiteral("pairing/a"));
        page.disconnectAction()->trigger();
        QVERIFY(!waiting->isOpen());
        QTRY_COMPARE(model.rowCount(), 0);
        QVERIFY(!SessionControl::of(relay.sessions())->disconnectSession(QStringLiteral("pairing"), QStringLiteral("a")));
        delete waiting;
        delete sender;
        delete receiver;
    }

    void servicesWithoutAHandlerCannotBeDisconnected()
    {
        QTemporaryDir dir;
        Settings settings = TestEnvironment::settings(dir.path());
        settings.services = {QStringLiteral("mesh")};
        Relay relay(settings);
        QString error;
        QVERIFY2(relay.start(&error), qPrintable(error));
        SessionsModel model;
        SessionsPage page(&model);
        model.setRelay(&relay);
        page.setRelay(&relay);
        Session s;
        s.service = QStringLiteral("nohandler");
        s.id = QStringLiteral("x");
        relay.sessions()->begin(s);
        QTRY_COMPARE(model.rowCount(), 1);
        page.view()->selectRow(0);
        QVERIFY(page.copyUrlAction()->isEnabled());
        QVERIFY(!page.disconnectAction()->isEnabled());
    }
};

QTEST_MAIN(TestSessionDisconnect)
#include "tst_sessiondisconnect.moc"

// The epoll event dispatcher under the things Qt code expects of any dispatcher: timers (single,
// repeating, zero, killed from their own handler), posted events, socket notifiers over real
// sockets (including one deleted by another's handler in the same batch), wake-ups from another
// thread, and QEventLoop::exec/quit. The whole test runs on it (installed before the application
// object, as switchboard-server does).
#include "platform/epolleventdispatcher.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QSocketNotifier>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>
#include <QtTest>

#include <sys/socket.h>
#include <unistd.h>

class EpollEventDispatcherTest : public QObject
{
    Q_OBJECT
private slots:
    void isTheDispatcherInUse()
    {
        QVERIFY(qobject_cast<EpollEventDispatcher *>(QAbstractEventDispatcher::instance()));
    }

    void singleShotTimerFiresOnceAfterItsInterval()
    {
        QElapsedTimer clock;
        clock.start();
        int fired = 0;
        QTimer::singleShot(50, this, [&] { ++fired; });
        QTRY_COMPARE_WITH_TIMEOUT(fired, 1, 2000);
        QVERIFY(clock.elapsed() >= 50);
        QTest::qWait(100);
        QCOMPARE(fired, 1);
    }

    void repeatingTimerRepeatsAndStops()
    {
        QTimer timer;
        int fired = 0;
        connect(&timer, &QTimer::timeout, this, [&] {
            if (++fired == 3)
                timer.stop(); // killed from its own handler
        });
        timer.start(10);
        QTRY_COMPARE_WITH_TIMEOUT(fired, 3, 2000);
        QTest::qWait(60);
        QCOMPARE(fired, 3);
        QVERIFY(!timer.isActive());
    }

    void zeroTimerFiresOncePerPassWithoutStarvingOthers()
    {
        QTimer zero;
        int zeroFired = 0;
        connect(&zero, &QTimer::timeout, this, [&] { ++zeroFired; });
        zero.start(0);
        bool otherFired = false;
        QTimer::singleShot(20, this, [&] { otherFired = true; });
        QTRY_VERIFY_WITH_TIMEOUT(otherFired, 2000);
        zero.stop();
        QVERIFY(zeroFired > 1);
    }

    void remainingTimeCountsDown()
    {
        QTimer timer;
        timer.start(1000);
        const int remaining = timer.remainingTime();
        QVERIFY(remaining > 900 && remaining <= 1000);
        timer.stop();
        QCOMPARE(timer.remainingTime(), -1);
    }

    void postedEventsAreDelivered()
    {
        bool called = false;
        QMetaObject::invokeMethod(this, [&] { called = true; }, Qt::QueuedConnection);
        QVERIFY(!called);
        QTRY_VERIFY_WITH_TIMEOUT(called, 1000);
    }

    void eventLoopQuitsWhenAsked()
    {
        QEventLoop loop;
        QTimer::singleShot(10, &loop, &QEventLoop::quit);
        QElapsedTimer clock;
        clock.start();
        loop.exec();
        QVERIFY(clock.elapsed() < 1000);
    }

    void anotherThreadWakesAWaitingLoop()
    {
        // No timer is due: only the other thread's posted event can end this wait.
        QEventLoop loop;
        QElapsedTimer clock;
        clock.start();
        std::unique_ptr<QThread> thread(QThread::create([&loop] {
            QThread::msleep(50);
            QMetaObject::invokeMethod(&loop, &QEventLoop::quit, Qt::QueuedConnection);
        }));
        thread->start();
        loop.exec();
        thread->wait();
        QVERIFY(clock.elapsed() >= 50);
        QVERIFY(clock.elapsed() < 2000);
    }

    void socketsTalkThroughIt()
    {
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        QTcpSocket client;
        client.connectToHost(QHostAddress::LocalHost, server.serverPort());
        QTRY_VERIFY_WITH_TIMEOUT(server.hasPendingConnections(), 2000);
        QTcpSocket *accepted = server.nextPendingConnection();
        QTRY_COMPARE_WITH_TIMEOUT(client.state(), QAbstractSocket::ConnectedState, 2000);
        // Enough to fill the kernel's buffers, so Qt's write notifier has to come and go.
        const QByteArray big(8 * 1024 * 1024, 'z');
        client.write(big);
        QByteArray received;
        connect(accepted, &QIODevice::readyRead, this, [&] { received += accepted->readAll(); });
        QTRY_COMPARE_WITH_TIMEOUT(received.size(), big.size(), 10000);
        QCOMPARE(received, big);
        client.disconnectFromHost();
        QTRY_COMPARE_WITH_TIMEOUT(accepted->state(), QAbstractSocket::UnconnectedState, 2000);
    }

    void aNotifierDeletedByAnotherInTheSameBatchIsNotActivated()
    {
        int first[2];
        int second[2];
        QCOMPARE(::socketpair(AF_UNIX, SOCK_STREAM, 0, first), 0);
        QCOMPARE(::socketpair(AF_UNIX, SOCK_STREAM, 0, second), 0);
        auto *a = new QSocketNotifier(first[0], QSocketNotifier::Read);
        auto *b = new QSocketNotifier(second[0], QSocketNotifier::Read);
        int activations = 0;
        // Whichever the kernel reports first deletes the other, which must then stay silent.
        connect(a, &QSocketNotifier::activated, this, [&] { ++activations; delete b; b = nullptr; a->setEnabled(false); });
        connect(b, &QSocketNotifier::activated, this, [&] { ++activations; delete a; a = nullptr; b->setEnabled(false); });
        QCOMPARE(::write(first[1], "x", 1), 1);
        QCOMPARE(::write(second[1], "y", 1), 1);
        QTRY_COMPARE_WITH_TIMEOUT(activations, 1, 2000);
        QTest::qWait(50);
        QCOMPARE(activations, 1);
        delete a;
        delete b;
        for (int fd : {first[0], first[1], second[0], second[1]})
            ::close(fd);
    }

    void aDisabledNotifierStaysQuietWhileItsPeerHangsUp()
    {
        // A paused socket (no read notifier) whose peer has gone must not make every pass wake.
        int fds[2];
        QCOMPARE(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
        QSocketNotifier notifier(fds[0], QSocketNotifier::Read);
        int activations = 0;
        connect(&notifier, &QSocketNotifier::activated, this, [&] { ++activations; });
        notifier.setEnabled(false);
        ::close(fds[1]);
        // With a timer 50 ms away and nothing else to do, a pass waits for the timer: a loop
        // woken by the hang-up would come round thousands of times instead.
        bool timerFired = false;
        QTimer::singleShot(50, this, [&] { timerFired = true; });
        int passes = 0;
        while (!timerFired && passes < 1000) {
            QAbstractEventDispatcher::instance()->processEvents(QEventLoop::WaitForMoreEvents);
            ++passes;
        }
        QVERIFY2(passes < 20, qPrintable(QStringLiteral("%1 passes").arg(passes)));
        QCOMPARE(activations, 0);
        notifier.setEnabled(true);
        QTRY_VERIFY_WITH_TIMEOUT(activations > 0, 2000); // the hang-up, once someone listens
        notifier.setEnabled(false);
        ::close(fds[0]);
    }
};

int main(int argc, char **argv)
{
    QCoreApplication::setEventDispatcher(new EpollEventDispatcher);
    QCoreApplication app(argc, argv);
    EpollEventDispatcherTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_epolleventdispatcher.moc"

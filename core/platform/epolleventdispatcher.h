#pragma once
// An event dispatcher on Linux epoll, for the headless relay. Qt's own dispatchers (GLib's and the
// UNIX one) hand the kernel the list of every socket on every pass of the event loop and walk it
// again afterwards: with 10,000 idle WebSockets held, a pipe through the relay fell from 600 MB/s
// to 18 MB/s (docs/PERFORMANCE.md). epoll keeps the interest list in the kernel, so a pass costs
// what is ready, not what is open.
//
// Qt offers no epoll dispatcher of its own, and QAbstractEventDispatcher is the documented way to
// bring one; it has to do what Qt's do: posted events, socket notifiers (level-triggered, as with
// poll), timers, and wake-ups from other threads.
//
// Timers: every type runs to the millisecond (a coarse timer is allowed to be late, not early, so
// precise is within its contract); a very coarse one rounds its interval to whole seconds, as Qt
// does. A timer that falls behind is not fired several times to catch up.
#include <QAbstractEventDispatcher>
#include <QElapsedTimer>
#include <QHash>

#include <atomic>
#include <set>
#include <utility>

class EpollEventDispatcher : public QAbstractEventDispatcher
{
    Q_OBJECT
public:
    explicit EpollEventDispatcher(QObject *parent = nullptr);
    ~EpollEventDispatcher() override;

    bool processEvents(QEventLoop::ProcessEventsFlags flags) override;

    void registerSocketNotifier(QSocketNotifier *notifier) override;
    void unregisterSocketNotifier(QSocketNotifier *notifier) override;

    void registerTimer(int timerId, qint64 interval, Qt::TimerType timerType, QObject *object) override;
    bool unregisterTimer(int timerId) override;
    bool unregisterTimers(QObject *object) override;
    QList<TimerInfo> registeredTimers(QObject *object) const override;
    int remainingTime(int timerId) override;

    void wakeUp() override;
    void interrupt() override;

private:
    // The notifiers of one descriptor. It is in the epoll set while it has a read or a write
    // notifier; `generation` tells an event for this registration from one for an earlier use of
    // the same descriptor number, closed and reopened within one batch.
    struct Watch
    {
        QSocketNotifier *read = nullptr;
        QSocketNotifier *write = nullptr;
        QSocketNotifier *exception = nullptr;
        quint32 generation = 0;
        bool inEpoll = false;
    };
    struct Timer
    {
        QObject *object;
        qint64 intervalMs;
        Qt::TimerType type;
        qint64 deadlineMs;
    };

    void updateInterest(int fd, Watch &watch);
    bool dispatchSocketEvent(quint64 data, quint32 events);
    bool activateDueTimers();
    int waitTimeoutMs(QEventLoop::ProcessEventsFlags flags) const;
    void drainWakeUps();

    int m_epoll = -1;
    int m_wakeUpFd = -1; // an eventfd: what another thread writes to end a wait
    QHash<int, Watch> m_watches;
    quint32 m_nextGeneration = 1;

    QElapsedTimer m_clock;
    QHash<int, Timer> m_timers;
    std::set<std::pair<qint64, int>> m_deadlines; // (deadline in ms on m_clock, timer id)

    // Set by wakeUp() (posted events, another thread) and interrupt(): the next wait must not
    // block. A wake-up from this dispatcher's own thread needs no system call: it is not waiting.
    std::atomic<bool> m_wakeUpPending{false};
    std::atomic<bool> m_wakeUpSignalled{false}; // the eventfd holds a count to read back
    std::atomic<bool> m_interrupted{false};
};

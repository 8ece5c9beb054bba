#include "epolleventdispatcher.h"

#include <QCoreApplication>
#include <QSocketNotifier>
#include <QThread>
#include <QTimerEvent>
#include <QVarLengthArray>

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>

namespace {

// Events taken from the kernel in one call; more ready sockets wait for the next pass.
constexpr int kEventsPerWait = 512;
// epoll_event.data for the wake-up eventfd; socket events carry (generation << 32 | fd), and
// generations start at 1, so this value is never a socket's.
constexpr quint64 kWakeUpData = 0;

quint64 eventData(int fd, quint32 generation)
{
    return (quint64(generation) << 32) | quint32(fd);
}

bool sendSocketActivation(QSocketNotifier *notifier)
{
    QEvent event(QEvent::SockAct);
    QCoreApplication::sendEvent(notifier, &event);
    return true;
}

qint64 intervalFor(qint64 interval, Qt::TimerType type)
{
    // Qt rounds a very coarse timer to whole seconds (and never to zero for a non-zero one).
    if (type == Qt::VeryCoarseTimer && interval > 0)
        return std::max<qint64>(1000, (interval + 500) / 1000 * 1000);
    return std::max<qint64>(0, interval);
}

} // namespace

EpollEventDispatcher::EpollEventDispatcher(QObject *parent) : QAbstractEventDispatcher(parent)
{
    m_clock.start();
    m_epoll = ::epoll_create1(EPOLL_CLOEXEC);
    m_wakeUpFd = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (m_epoll < 0 || m_wakeUpFd < 0)
        qFatal("EpollEventDispatcher: cannot create epoll or eventfd: %s", std::strerror(errno));
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.u64 = kWakeUpData;
    ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_wakeUpFd, &event);
}

EpollEventDispatcher::~EpollEventDispatcher()
{
    ::close(m_wakeUpFd);
    ::close(m_epoll);
}

void EpollEventDispatcher::registerSocketNotifier(QSocketNotifier *notifier)
{
    const int fd = int(notifier->socket());
    Watch &watch = m_watches[fd];
    if (watch.generation == 0) {
        watch.generation = m_nextGeneration++;
        if (m_nextGeneration == 0) // 0 marks the wake-up eventfd
            m_nextGeneration = 1;
    }
    switch (notifier->type()) {
    case QSocketNotifier::Read:
        watch.read = notifier;
        break;
    case QSocketNotifier::Write:
        watch.write = notifier;
        break;
    case QSocketNotifier::Exception:
        watch.exception = notifier;
        break;
    }
    updateInterest(fd, watch);
}

void EpollEventDispatcher::unregisterSocketNotifier(QSocketNotifier *notifier)
{
    const int fd = int(notifier->socket());
    const auto it = m_watches.find(fd);
    if (it == m_watches.end())
        return;
    Watch &watch = *it;
    if (watch.read == notifier)
        watch.read = nullptr;
    if (watch.write == notifier)
        watch.write = nullptr;
    if (watch.exception == notifier)
        watch.exception = nullptr;
    updateInterest(fd, watch);
    if (!watch.read && !watch.write && !watch.exception)
        m_watches.erase(it);
}

void EpollEventDispatcher::updateInterest(int fd, Watch &watch)
{
    // Only descriptors someone reads or writes are watched: the kernel reports hang-ups and
    // errors even for an empty interest set, and a paused socket (no read notifier) whose peer
    // hung up would then wake every pass with nobody to tell.
    quint32 events = 0;
    if (watch.read)
        events |= EPOLLIN;
    if (watch.write)
        events |= EPOLLOUT;
    if (events && watch.exception)
        events |= EPOLLPRI;
    epoll_event event{};
    event.events = events;
    event.data.u64 = eventData(fd, watch.generation);
    if (events == 0) {
        if (watch.inEpoll)
            ::epoll_ctl(m_epoll, EPOLL_CTL_DEL, fd, &event);
        watch.inEpoll = false;
        return;
    }
    if (::epoll_ctl(m_epoll, watch.inEpoll ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, fd, &event) == 0) {
        watch.inEpoll = true;
        return;
    }
    // The descriptor was closed and reused behind Qt's back (EEXIST/ENOENT): start afresh.
    if (errno == EEXIST && ::epoll_ctl(m_epoll, EPOLL_CTL_MOD, fd, &event) == 0)
        watch.inEpoll = true;
    else if (errno == ENOENT && ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &event) == 0)
        watch.inEpoll = true;
    else
        qWarning("EpollEventDispatcher: cannot watch descriptor %d: %s", fd, std::strerror(errno));
}

bool EpollEventDispatcher::dispatchSocketEvent(quint64 data, quint32 events)
{
    const int fd = int(quint32(data));
    const quint32 generation = quint32(data >> 32);
    // Looked up again before each activation: the previous one may have changed or deleted the
    // notifiers of this descriptor (or of any other in the batch).
    const auto current = [&]() -> Watch * {
        const auto it = m_watches.find(fd);
        return it != m_watches.end() && it->generation == generation ? &*it : nullptr;
    };
    bool activated = false;
    // As poll() reports them to Qt's dispatchers: a hang-up or an error wakes readers and writers,
    // who find out what happened when they try.
    const bool failed = events & (EPOLLHUP | EPOLLERR);
    if (Watch *watch = current(); watch && watch->read && (events & EPOLLIN || failed))
        activated |= sendSocketActivation(watch->read);
    if (Watch *watch = current(); watch && watch->write && (events & EPOLLOUT || failed))
        activated |= sendSocketActivation(watch->write);
    if (Watch *watch = current(); watch && watch->exception && (events & EPOLLPRI))
        activated |= sendSocketActivation(watch->exception);
    return activated;
}

void EpollEventDispatcher::registerTimer(int timerId, qint64 interval, Qt::TimerType timerType, QObject *object)
{
    const qint64 every = intervalFor(interval, timerType);
    const qint64 deadline = m_clock.elapsed() + every;
    m_timers.insert(timerId, Timer{object, every, timerType, deadline});
    m_deadlines.emplace(deadline, timerId);
}

bool EpollEventDispatcher::unregisterTimer(int timerId)
{
    const auto it = m_timers.find(timerId);
    if (it == m_timers.end())
        return false;
    m_deadlines.erase({it->deadlineMs, timerId});
    m_timers.erase(it);
    return true;
}

bool EpollEventDispatcher::unregisterTimers(QObject *object)
{
    bool any = false;
    for (auto it = m_timers.begin(); it != m_timers.end();) {
        if (it->object != object) {
            ++it;
            continue;
        }
        m_deadlines.erase({it->deadlineMs, it.key()});
        it = m_timers.erase(it);
        any = true;
    }
    return any;
}

QList<QAbstractEventDispatcher::TimerInfo> EpollEventDispatcher::registeredTimers(QObject *object) const
{
    QList<TimerInfo> timers;
    for (auto it = m_timers.cbegin(); it != m_timers.cend(); ++it) {
        if (it->object == object)
            timers.append(TimerInfo(it.key(), int(it->intervalMs), it->type));
    }
    return timers;
}

int EpollEventDispatcher::remainingTime(int timerId)
{
    const auto it = m_timers.constFind(timerId);
    if (it == m_timers.cend())
        return -1;
    return int(std::max<qint64>(0, it->deadlineMs - m_clock.elapsed()));
}

bool EpollEventDispatcher::activateDueTimers()
{
    const qint64 now = m_clock.elapsed();
    // Each timer due now fires once in this pass, even a zero-interval one that comes due again
    // at once: the ids are taken first, then fired if they are still registered.
    QVarLengthArray<int, 16> due;
    for (auto it = m_deadlines.cbegin(); it != m_deadlines.cend() && it->first <= now; ++it)
        due.append(it->second);
    bool fired = false;
    for (const int id : due) {
        const auto it = m_timers.find(id);
        if (it == m_timers.end())
            continue; // killed by a timer that fired before it
        // Next deadline first, so the handler sees the timer as Qt's dispatchers show it; one
        // that fell behind starts afresh from now rather than firing to catch up.
        m_deadlines.erase({it->deadlineMs, id});
        qint64 next = it->deadlineMs + it->intervalMs;
        if (next <= now)
            next = now + it->intervalMs;
        it->deadlineMs = next;
        m_deadlines.emplace(next, id);
        QObject *object = it->object;
        QTimerEvent event(id);
        QCoreApplication::sendEvent(object, &event);
        fired = true;
    }
    return fired;
}

int EpollEventDispatcher::waitTimeoutMs(QEventLoop::ProcessEventsFlags flags) const
{
    if (!(flags & QEventLoop::WaitForMoreEvents) || m_wakeUpPending.load() || m_interrupted.load())
        return 0;
    if (m_deadlines.empty())
        return -1;
    const qint64 left = m_deadlines.cbegin()->first - m_clock.elapsed();
    return int(std::clamp<qint64>(left, 0, std::numeric_limits<int>::max()));
}

void EpollEventDispatcher::drainWakeUps()
{
    eventfd_t count = 0;
    ::eventfd_read(m_wakeUpFd, &count);
    m_wakeUpSignalled.store(false);
}

bool EpollEventDispatcher::processEvents(QEventLoop::ProcessEventsFlags flags)
{
    m_interrupted.store(false);
    emit awake();
    // Cleared before the posted events run: an event posted while they do asks for another pass.
    m_wakeUpPending.store(false);
    QCoreApplication::sendPostedEvents();
    bool handled = false;

    const int timeout = waitTimeoutMs(flags);
    if (timeout != 0)
        emit aboutToBlock();
    epoll_event events[kEventsPerWait];
    int ready = ::epoll_wait(m_epoll, events, kEventsPerWait, timeout);
    if (ready < 0)
        ready = 0; // EINTR: a signal; the loop comes round again
    if (timeout != 0)
        emit awake();

    for (int i = 0; i < ready && !m_interrupted.load(); ++i) {
        if (events[i].data.u64 == kWakeUpData) {
            drainWakeUps();
            handled = true;
            continue;
        }
        if (flags & QEventLoop::ExcludeSocketNotifiers)
            continue; // level-triggered: they are reported again next time
        handled |= dispatchSocketEvent(events[i].data.u64, events[i].events);
    }
    if (!m_interrupted.load() && !(flags & QEventLoop::X11ExcludeTimers))
        handled |= activateDueTimers();
    return handled;
}

void EpollEventDispatcher::wakeUp()
{
    m_wakeUpPending.store(true);
    // On this dispatcher's own thread nobody is waiting: the flag is enough.
    if (QThread::currentThread() == thread())
        return;
    if (!m_wakeUpSignalled.exchange(true))
        ::eventfd_write(m_wakeUpFd, 1);
}

void EpollEventDispatcher::interrupt()
{
    m_interrupted.store(true);
    wakeUp();
}

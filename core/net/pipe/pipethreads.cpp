#include "pipethreads.h"

#include "pipehost.h"
#include "log/logcategories.h"
#include "platform/epolleventdispatcher.h"

#include <QFile>
#include <QPointer>
#include <QThread>
#include <QTimer>

#include <ctime>

namespace {
constexpr int kSampleIntervalMs = 500;

qint64 nanoseconds(clockid_t clock)
{
    timespec now{};
    ::clock_gettime(clock, &now);
    return qint64(now.tv_sec) * 1000000000 + now.tv_nsec;
}

// The machine's idle and total CPU time in jiffies, from the first line of /proc/stat
// ("cpu  user nice system idle iowait irq softirq steal ..."); zeros where it cannot be read.
QPair<quint64, quint64> machineJiffies()
{
    QFile stat(QStringLiteral("/proc/stat"));
    if (!stat.open(QIODevice::ReadOnly))
        return {0, 0};
    const QList<QByteArray> fields = stat.readLine().simplified().split(' ');
    quint64 idle = 0, total = 0;
    for (int i = 1; i < fields.size(); ++i) {
        const quint64 value = fields[i].toULongLong();
        total += value;
        if (i == 4 || i == 5) // idle, iowait
            idle += value;
    }
    return {idle, total};
}
} // namespace

bool PipeThreads::loadCallsForWorkers(const Load &load)
{
    return load.relayThreadBusy >= 0.5 && load.idleCores >= 0.5;
}

PipeThreads::PipeThreads(int threadCount, QObject *parent)
    : QObject(parent), m_spreadAlways(threadCount > 1), m_local(new PipeHost(this))
{
    const int workers = resolvedThreadCount(threadCount) - 1;
    for (int i = 0; i < workers; ++i) {
        auto *thread = new QThread(this);
        thread->setObjectName(QStringLiteral("pipes-%1").arg(i + 1));
        // A worker may carry thousands of pipes; epoll keeps each wake-up independent of how many
        // sockets it watches (the same reason the relay's own thread uses it).
        thread->setEventDispatcher(new EpollEventDispatcher);
        auto *host = new PipeHost;
        host->moveToThread(thread);
        connect(thread, &QThread::finished, host, &QObject::deleteLater);
        thread->start();
        m_workers.append(thread);
        m_workerHosts.append(host);
    }
    connect(&m_sampler, &QTimer::timeout, this, &PipeThreads::sampleLoad);
}

void PipeThreads::setPipesPossible(bool possible)
{
    if (m_workerHosts.isEmpty() || m_spreadAlways || possible == m_sampler.isActive())
        return;
    if (!possible) {
        m_sampler.stop();
        m_load = {};
        return;
    }
    // A fresh start: the first figures come one interval from now, from readings taken now.
    m_lastWallNs = 0;
    sampleLoad();
    m_sampler.start(kSampleIntervalMs);
}

void PipeThreads::sampleLoad()
{
    // Runs on the relay's thread, so the thread CPU clock is that thread's.
    const qint64 threadCpu = nanoseconds(CLOCK_THREAD_CPUTIME_ID);
    const qint64 wall = nanoseconds(CLOCK_MONOTONIC);
    const auto [idle, total] = machineJiffies();
    if (m_lastWallNs > 0 && wall > m_lastWallNs) {
        m_load.relayThreadBusy = double(threadCpu - m_lastThreadCpuNs) / double(wall - m_lastWallNs);
        m_load.idleCores = total > m_lastTotalJiffies
            ? double(idle - m_lastIdleJiffies) / double(total - m_lastTotalJiffies) * QThread::idealThreadCount()
            : 0;
    }
    m_lastThreadCpuNs = threadCpu;
    m_lastWallNs = wall;
    m_lastIdleJiffies = idle;
    m_lastTotalJiffies = total;
}

PipeThreads::~PipeThreads()
{
    m_local->discardAll();
    for (int i = 0; i < m_workers.size(); ++i) {
        PipeHost *host = m_workerHosts[i];
        QMetaObject::invokeMethod(host, [host] { host->discardAll(); }, Qt::BlockingQueuedConnection);
        m_workers[i]->quit();
        m_workers[i]->wait();
    }
}

int PipeThreads::resolvedThreadCount(int configured)
{
    return configured > 0 ? configured : std::max(1, QThread::idealThreadCount());
}

QList<int> PipeThreads::loads() const
{
    QList<int> loads{m_local->load()};
    for (const PipeHost *host : m_workerHosts)
        loads.append(host->load());
    return loads;
}

int PipeThreads::threadFor(const QList<int> &loads, bool spreadAlways, const Load &load)
{
    if (loads.size() < 2 || (!spreadAlways && !loadCallsForWorkers(load)))
        return 0;
    // The relay's own thread also does everything that is not a pipe, so it counts half a pipe
    // more: the first pipe goes to a worker, and the relay's thread takes every other one after.
    int best = 0;
    int bestWeight = 2 * loads[0] + 1;
    for (int i = 1; i < loads.size(); ++i) {
        if (2 * loads[i] < bestWeight) {
            best = i;
            bestWeight = 2 * loads[i];
        }
    }
    return best;
}

void PipeThreads::logPlacement(const Pipe *pipe, int thread) const
{
    if (m_workerHosts.isEmpty() || !lcNet().isDebugEnabled())
        return;
    QStringList loadsNow;
    for (int load : loads())
        loadsNow << QString::number(load);
    qCDebug(lcNet).noquote() << pipe->sessionKey() << ": pipe on thread" << thread
                             << QStringLiteral("(relay thread %1% busy, %2 cores idle; pipes by thread before: %3)")
                                    .arg(qRound(m_load.relayThreadBusy * 100))
                                    .arg(m_load.idleCores, 0, 'f', 1)
                                    .arg(loadsNow.join(QLatin1Char(' ')));
}

PipeHost *PipeThreads::start(Pipe *pipe, PipeEndpoint *a, PipeEndpoint *b, const Pipe::Messages &earlyFromA)
{
    const bool movable = a->canChangeThread() && b->canChangeThread();
    const int thread = movable ? threadFor(loads(), m_spreadAlways, m_load) : 0;
    logPlacement(pipe, thread);
    PipeHost *host = thread == 0 ? m_local : m_workerHosts[thread - 1];
    host->addLoad(1);
    if (host == m_local) {
        m_local->run(pipe, earlyFromA, {});
        return host;
    }
    // The arriving endpoint is usually inside its own read loop (its first message is what made
    // the pipe): nothing more is read from either side until both have moved, which happens once
    // that loop has unwound. The pipe resumes them on their new thread.
    a->pauseReading();
    b->pauseReading();
    const QPointer<PipeEndpoint> stillA(a);
    const QPointer<PipeEndpoint> stillB(b);
    QTimer::singleShot(0, this, [this, host, pipe, stillA, stillB, earlyFromA] {
        if (!stillA || !stillB) {
            // One side went while waiting to move; the pipe ends here, where the other still is.
            host->addLoad(-1);
            m_local->addLoad(1);
            m_local->run(pipe, earlyFromA, {});
            return;
        }
        QThread *thread = host->thread();
        for (PipeEndpoint *endpoint : {stillA.data(), stillB.data()}) {
            endpoint->setParent(nullptr); // a QObject moves only without a parent; see canChangeThread
            endpoint->moveToThread(thread);
        }
        pipe->setParent(nullptr);
        pipe->moveToThread(thread);
        QMetaObject::invokeMethod(host, [host, pipe, earlyFromA] { host->run(pipe, earlyFromA, {}); }, Qt::QueuedConnection);
    });
    return host;
}

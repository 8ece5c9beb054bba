#pragma once
// Spreads established pipes over the relay's own thread and worker threads, so that a relay busy
// forwarding bytes uses every core (docs/PERFORMANCE.md, "Both cores").
//
// Everything else stays on the relay's thread: accepting, handshakes, rendezvous, rooms and the
// tunnel's multiplexed sessions are light next to the bytes of a pipe, and keeping them on one
// thread keeps their state free of locks. Only a pipe whose two endpoints can change thread (two
// WebSocket connections: pairing, localfirst /connection) moves, with both its endpoints, to the
// least busy thread, where each worker runs its own epoll dispatcher. Its bytes reach the
// session registry in queued batches; owner and shutdown reach it through its thread's PipeHost.
//
// When a pipe goes to a worker: with a thread count given (--threads N), always (the pipes are
// spread over the N threads). By default (one thread per core), only when the load calls for
// it: when the relay's own thread was at least half busy over the last half second and the
// machine left at least half a core idle. Moving costs: a pipe on another thread wakes another
// core for every message, and with no idle core to run it (measured: clients on the same two
// cores) spreading gave 0.75x the throughput of one thread (docs/PERFORMANCE.md).
#include "pipe.h"

#include <QList>
#include <QTimer>

class PipeHost;
class QThread;

class PipeThreads : public QObject
{
    Q_OBJECT
public:
    // How loaded the relay's thread and the machine were over the last sampling interval.
    struct Load
    {
        double relayThreadBusy = 0; // 0..1: CPU time of the relay's thread over wall time
        double idleCores = 0; // cores the machine left idle
    };
    // Whether, by default, a new pipe should go to a worker under `load`.
    static bool loadCallsForWorkers(const Load &load);
    // Which thread a new pipe goes to (0: the relay's own), given the pipes on each thread now
    // (the relay's own first), whether every pipe is spread (--threads N) and the load.
    static int threadFor(const QList<int> &loads, bool spreadAlways, const Load &load);

    // `threadCount` counts the relay's own thread; 0 means one per core (used as the load calls
    // for it), 1 starts no worker, N > 1 spreads every pipe over N threads.
    explicit PipeThreads(int threadCount, QObject *parent = nullptr);
    // Deletes every pipe still running and its endpoints, then ends the workers.
    ~PipeThreads() override;

    static int resolvedThreadCount(int configured);
    // The load is sampled only while a pipe could form (the relay has two WebSockets open or
    // more), so an idle relay is not woken for it; the default spreads nothing without it.
    void setPipesPossible(bool possible);
    // Pipes on each thread, the relay's own first (for /metrics).
    QList<int> loads() const;

    // Starts `pipe` between `a` and `b` (both must be its endpoints; neither may be reading
    // right now except from inside a `received` handler) on the least busy thread; called on
    // the relay's thread. Returns the host that runs it, for PipeHost::closeSession.
    PipeHost *start(Pipe *pipe, PipeEndpoint *a, PipeEndpoint *b, const Pipe::Messages &earlyFromA);

private:
    void logPlacement(const Pipe *pipe, int thread) const;
    void sampleLoad();

    bool m_spreadAlways = false;
    Load m_load;
    // The previous sample's readings: this thread's CPU time, the machine's idle and total jiffies.
    qint64 m_lastThreadCpuNs = 0;
    qint64 m_lastWallNs = 0;
    quint64 m_lastIdleJiffies = 0;
    quint64 m_lastTotalJiffies = 0;

    PipeHost *m_local;
    QList<QThread *> m_workers;
    QList<PipeHost *> m_workerHosts;
    QTimer m_sampler;
};

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
#include "pipe.h"

#include <QList>

class PipeHost;
class QThread;

class PipeThreads : public QObject
{
    Q_OBJECT
public:
    // `threadCount` counts the relay's own thread; 0 means one per core, 1 starts no worker.
    explicit PipeThreads(int threadCount, QObject *parent = nullptr);
    // Deletes every pipe still running and its endpoints, then ends the workers.
    ~PipeThreads() override;

    static int resolvedThreadCount(int configured);
    int threadCount() const { return int(m_workers.size()) + 1; }
    // Pipes on each thread, the relay's own first (for /metrics).
    QList<int> loads() const;

    // Starts `pipe` between `a` and `b` (both must be its endpoints; neither may be reading
    // right now except from inside a `received` handler) on the least busy thread; called on
    // the relay's thread. Returns the host that runs it, for PipeHost::closeSession.
    PipeHost *start(Pipe *pipe, PipeEndpoint *a, PipeEndpoint *b, const Pipe::Messages &earlyFromA);

private:
    PipeHost *leastBusy() const;

    PipeHost *m_local;
    QList<QThread *> m_workers;
    QList<PipeHost *> m_workerHosts;
};

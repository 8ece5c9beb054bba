#pragma once
// The pipes that run on one thread. Every thread that carries pipes (the relay's own and each
// worker of PipeThreads) has one host, living on that thread, so whatever it does to its pipes
// happens where they live; other threads reach it only through queued calls.
#include "pipe.h"

#include <QSet>
#include <atomic>

class PipeHost : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    // Starts `pipe`, which already lives on this host's thread, with what each side sent before
    // it existed. The host keeps it in view until it finishes.
    void run(Pipe *pipe, const Pipe::Messages &earlyFromA, const Pipe::Messages &earlyFromB);
    // Closes both sides of every pipe counting into `sessionKey` (the owner disconnects it).
    void closeSession(const QString &sessionKey, quint16 code, const QString &reason);
    // The relay is going: every pipe still here is deleted at once, and every endpoint that
    // moved here and still exists (its owner, the gateway, deletes it only through a call
    // queued to the relay's thread, which may never run now).
    void discardAll();

    // Pipes placed here and not finished yet, readable from any thread (PipeThreads compares
    // them to choose where the next pipe goes, and /metrics shows them).
    int load() const { return m_load.load(std::memory_order_relaxed); }
    void addLoad(int delta) { m_load.fetch_add(delta, std::memory_order_relaxed); }

private:
    QSet<Pipe *> m_pipes;
    QSet<PipeEndpoint *> m_movedEndpoints; // endpoints without a parent that live on this thread
    std::atomic<int> m_load{0};
};

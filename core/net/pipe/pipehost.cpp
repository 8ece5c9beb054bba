#include "pipehost.h"

#include <QCoreApplication>

void PipeHost::run(Pipe *pipe, const Pipe::Messages &earlyFromA, const Pipe::Messages &earlyFromB)
{
    m_pipes.insert(pipe);
    // On a worker, the endpoints came without their owner (the gateway, on the relay's thread,
    // which deletes them through a queued call); a host on the relay's thread leaves them to it.
    const bool onWorker = thread() != QCoreApplication::instance()->thread();
    const auto [a, b] = pipe->endpoints();
    for (PipeEndpoint *endpoint : {a, b}) {
        if (!onWorker || !endpoint || endpoint->parent())
            continue;
        m_movedEndpoints.insert(endpoint);
        connect(endpoint, &QObject::destroyed, this, [this, endpoint] { m_movedEndpoints.remove(endpoint); });
    }
    connect(pipe, &QObject::destroyed, this, [this, pipe] {
        m_pipes.remove(pipe);
        addLoad(-1);
    });
    pipe->start(earlyFromA, earlyFromB);
}

void PipeHost::closeSession(const QString &sessionKey, quint16 code, const QString &reason)
{
    const QList<Pipe *> pipes = m_pipes.values();
    for (Pipe *pipe : pipes) {
        if (m_pipes.contains(pipe) && pipe->sessionKey() == sessionKey)
            pipe->closeBoth(code, reason);
    }
}

void PipeHost::discardAll()
{
    const QList<Pipe *> pipes = m_pipes.values();
    for (Pipe *pipe : pipes) {
        if (m_pipes.contains(pipe))
            delete pipe;
    }
    const QList<PipeEndpoint *> endpoints = m_movedEndpoints.values();
    for (PipeEndpoint *endpoint : endpoints) {
        if (m_movedEndpoints.contains(endpoint))
            delete endpoint;
    }
}

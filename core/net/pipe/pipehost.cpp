#include "pipehost.h"

void PipeHost::run(Pipe *pipe, const Pipe::Messages &earlyFromA, const Pipe::Messages &earlyFromB)
{
    m_pipes.insert(pipe);
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
        if (!m_pipes.contains(pipe))
            continue;
        const auto [a, b] = pipe->endpoints();
        delete pipe;
        // An endpoint that moved here left its owner (the gateway) behind; one with an owner
        // still is that owner's to delete.
        if (a && !a->parent())
            delete a;
        if (b && !b->parent())
            delete b;
    }
}

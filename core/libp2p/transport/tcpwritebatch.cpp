#include "tcpwritebatch.h"

#include "tcpchannel.h"

namespace Libp2p {

namespace {
thread_local int depth = 0;
thread_local QList<QPointer<TcpChannel>> *enlisted = nullptr;
} // namespace

TcpWriteBatch::TcpWriteBatch()
{
    ++depth;
}

TcpWriteBatch::~TcpWriteBatch()
{
    if (--depth > 0)
        return;
    // Flushing may make handlers send again (a `wrote` resumes a reader): those writes go out
    // directly, as no batch is active any more; channels enlisted meanwhile are taken in turn.
    while (enlisted && !enlisted->isEmpty()) {
        const QPointer<TcpChannel> channel = enlisted->takeFirst();
        if (channel)
            channel->flushHeld();
    }
}

bool TcpWriteBatch::isActive()
{
    return depth > 0;
}

void TcpWriteBatch::enlist(TcpChannel *channel)
{
    if (!enlisted)
        enlisted = new QList<QPointer<TcpChannel>>; // lives as long as the thread; tiny
    enlisted->append(channel);
}

} // namespace Libp2p

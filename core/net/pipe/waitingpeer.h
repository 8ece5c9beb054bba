#pragma once
// A peer that has arrived before its counterpart. What it sends meanwhile is kept, up to a bound;
// at the bound the peer is simply not read any more (TCP pushes back), so an honest early sender
// loses nothing. A peer that waits longer than the limit is closed, with the limit in the reason.
#include "pipe.h"

#include <QTimer>

class WaitingPeer : public QObject
{
    Q_OBJECT
public:
    WaitingPeer(PipeEndpoint *endpoint, qint64 bufferLimitBytes, int waitLimitSeconds, QObject *parent = nullptr);

    PipeEndpoint *endpoint() const { return m_endpoint; }
    // Stops waiting: returns what arrived, in order, and leaves the endpoint (possibly paused) to
    // the caller, which starts a Pipe with it.
    Pipe::Messages release();
    qint64 bufferedBytes() const { return m_bytes; }

signals:
    // The peer closed, or the wait limit closed it; either way it is no longer waiting.
    void left(quint16 code, const QString &reason);

private:
    QPointer<PipeEndpoint> m_endpoint;
    qint64 m_limit;
    Pipe::Messages m_messages;
    qint64 m_bytes = 0;
    QTimer m_timer;
    bool m_released = false;
};

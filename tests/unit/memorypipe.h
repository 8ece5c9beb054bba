#pragma once
// Two connected in-memory byte-stream endpoints, for running protocol code against itself in
// unit tests. What one side sends reaches the other through the event loop, in chunks of at most
// `chunkBytes` (so frame parsers see frames cut at arbitrary points), and counts as the sender's
// pendingBytes() until it has been delivered, like a socket's unsent data. A side whose reading
// is paused receives nothing, so its peer's backlog grows: TCP's backpressure in miniature.
// finishWriting() and close() reach the peer after the bytes sent before them.
#include "net/pipe/pipeendpoint.h"

#include <QCoreApplication>
#include <QList>
#include <QPointer>
#include <algorithm>
#include <functional>
#include <initializer_list>
#include <memory>

class MemoryEndpoint : public PipeEndpoint
{
public:
    explicit MemoryEndpoint(QString name) : m_name(std::move(name)) {}

    void send(const QByteArray &data, bool) override
    {
        if (!m_open || m_writeFinished || !m_peer || data.isEmpty())
            return;
        if (onSend)
            onSend(data);
        m_inFlight.append(data);
        m_pending += data.size();
        ++sendCalls;
        schedule();
    }
    qint64 pendingBytes() const override { return m_pending; }
    void pauseReading() override { m_paused = true; }
    void resumeReading() override
    {
        m_paused = false;
        if (m_peer)
            m_peer->schedule(); // what the peer sent us may flow again
    }
    void close(quint16 code, const QString &reason) override
    {
        if (!m_open)
            return;
        m_open = false;
        closeCode = code;
        closeReason = reason;
        m_closeAfterFlush = true;
        schedule();
        emit closed(code, reason);
    }
    bool isOpen() const override { return m_open; }
    QString describe() const override { return QStringLiteral("memory ") + m_name; }
    void finishWriting() override
    {
        if (!m_open || m_writeFinished)
            return;
        m_writeFinished = true;
        schedule();
    }

    // Test controls and observations.
    std::function<void(const QByteArray &)> onSend;    // bytes this side was given to send
    std::function<void(const QByteArray &)> onDeliver; // bytes delivered to this side's reader
    qsizetype chunkBytes = 16 * 1024;
    // Nothing will move from this side until something else happens: no delivery is scheduled
    // (bytes may still wait for a paused reader).
    bool idle() const { return !m_scheduled; }
    bool hasInFlight() const { return !m_inFlight.isEmpty(); }
    bool isPaused() const { return m_paused; }
    int sendCalls = 0;
    quint16 closeCode = 0;
    QString closeReason;
    bool closedByPeer = false;

    static void connectPair(MemoryEndpoint &a, MemoryEndpoint &b)
    {
        a.m_peer = &b;
        b.m_peer = &a;
    }

private:
    void schedule()
    {
        if (m_scheduled)
            return;
        m_scheduled = true;
        QMetaObject::invokeMethod(
            this,
            [this] {
                m_scheduled = false;
                deliverStep();
            },
            Qt::QueuedConnection);
    }

    // Moves one chunk of what this side sent to its peer, then comes back for the next.
    void deliverStep()
    {
        QPointer<MemoryEndpoint> peer(m_peer);
        if (!peer)
            return;
        if (!m_inFlight.isEmpty()) {
            if (!peer->m_open) {
                // Nobody reads any more: the bytes are lost, as with a closed socket.
                m_inFlight.clear();
                m_pending = 0;
                return;
            }
            if (peer->m_paused)
                return; // its resumeReading() schedules us again
            QByteArray chunk;
            while (!m_inFlight.isEmpty() && chunk.size() < chunkBytes) {
                QByteArray &head = m_inFlight.first();
                const qsizetype take = std::min(chunkBytes - chunk.size(), head.size());
                chunk.append(head.constData(), take);
                if (take == head.size())
                    m_inFlight.removeFirst();
                else
                    head.remove(0, take);
            }
            m_pending -= chunk.size();
            QPointer<MemoryEndpoint> self(this);
            if (peer->onDeliver)
                peer->onDeliver(chunk);
            emit peer->received(chunk, false);
            if (!self)
                return;
            emit wrote();
            if (self)
                schedule();
            return;
        }
        if (m_writeFinished && !m_finDelivered && peer->m_open) {
            m_finDelivered = true;
            emit peer->readFinished();
        }
        if (m_closeAfterFlush && !m_closeDelivered && peer && peer->m_open) {
            m_closeDelivered = true;
            peer->m_open = false;
            peer->closedByPeer = true;
            emit peer->closed(1006, QStringLiteral("peer closed"));
        }
    }

    QString m_name;
    QPointer<MemoryEndpoint> m_peer;
    QList<QByteArray> m_inFlight;
    qint64 m_pending = 0;
    bool m_open = true;
    bool m_paused = false;
    bool m_scheduled = false;
    bool m_writeFinished = false;
    bool m_finDelivered = false;
    bool m_closeAfterFlush = false;
    bool m_closeDelivered = false;
};

struct MemoryPipe;
bool settlePipes(std::initializer_list<const MemoryPipe *> pipes, int maxRounds = 100000);

// A connected pair, with a way to run the event loop until nothing moves any more.
struct MemoryPipe
{
    MemoryEndpoint a{QStringLiteral("a")};
    MemoryEndpoint b{QStringLiteral("b")};
    MemoryPipe() { MemoryEndpoint::connectPair(a, b); }

    bool idle() const { return a.idle() && b.idle(); }
    // Processes events until both directions have been idle for a few rounds (queued
    // deliveries elsewhere, such as a resumed stream's, run in those rounds too). Returns false
    // if traffic never stopped within `maxRounds`.
    bool settle(int maxRounds = 100000) { return settlePipes({this}, maxRounds); }
};

// The same for several pipes at once (a relay between two connections).
inline bool settlePipes(std::initializer_list<const MemoryPipe *> pipes, int maxRounds)
{
    int quiet = 0;
    for (int i = 0; i < maxRounds; ++i) {
        QCoreApplication::processEvents();
        const bool idle = std::all_of(pipes.begin(), pipes.end(), [](const MemoryPipe *p) { return p->idle(); });
        quiet = idle ? quiet + 1 : 0;
        if (quiet >= 3)
            return true;
    }
    return false;
}

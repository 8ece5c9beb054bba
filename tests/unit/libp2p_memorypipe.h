#pragma once
// Two PipeEndpoints joined back to back in memory (InMemoryPipe), for testing the libp2p layers
// without sockets: what one side sends, the other receives through the event loop (in order,
// optionally cut into pieces of `chunkBytes` to exercise incremental parsers). Everything sent is also
// recorded, and an optional `tamper` function may rewrite bytes in flight.
#include "net/pipe/pipeendpoint.h"

#include <QList>
#include <QPointer>
#include <functional>

class InMemoryEndpoint : public PipeEndpoint
{
    Q_OBJECT
public:
    explicit InMemoryEndpoint(QString name, QObject *parent = nullptr) : PipeEndpoint(parent), m_name(std::move(name)) {}

    void connectTo(InMemoryEndpoint *peer) { m_peer = peer; }

    void send(const QByteArray &data, bool) override
    {
        if (!open || writeFinished)
            return;
        const QByteArray bytes = tamper ? tamper(data) : data;
        sentBytes += bytes;
        ++sendCalls;
        const qsizetype piece = chunkBytes > 0 ? chunkBytes : bytes.size();
        for (qsizetype offset = 0; offset < bytes.size(); offset += piece)
            post([chunk = bytes.mid(offset, piece)](InMemoryEndpoint *peer) { peer->arrive(chunk); });
    }
    qint64 pendingBytes() const override { return 0; }
    void pauseReading() override { paused = true; }
    void resumeReading() override
    {
        if (!paused)
            return;
        paused = false;
        QMetaObject::invokeMethod(this, &InMemoryEndpoint::drainInbox, Qt::QueuedConnection);
    }
    void close(quint16 code, const QString &reason) override
    {
        if (!open)
            return;
        open = false;
        closeCode = code;
        closeReason = reason;
        post([](InMemoryEndpoint *peer) { peer->peerClosed(); });
        emit closed(code, reason);
    }
    bool isOpen() const override { return open; }
    QString describe() const override { return QStringLiteral("memory ") + m_name; }
    void finishWriting() override
    {
        if (!open || writeFinished)
            return;
        writeFinished = true;
        post([](InMemoryEndpoint *peer) { peer->arriveEnd(); });
    }

    // Test controls and observations.
    int queuedItems() const { return int(m_inbox.size()); } // arrived but held back by a pause
    std::function<QByteArray(const QByteArray &)> tamper;
    qsizetype chunkBytes = 0; // 0: deliver each send() whole
    QByteArray sentBytes;
    int sendCalls = 0;
    QByteArray receivedBytes; // everything emitted as `received`
    bool open = true;
    bool paused = false;
    bool writeFinished = false;
    quint16 closeCode = 0;
    QString closeReason;

private:
    struct Item
    {
        QByteArray data;
        bool end = false;
    };

    // Everything travels through the event loop in order, like a socket.
    void post(std::function<void(InMemoryEndpoint *)> action)
    {
        QPointer<InMemoryEndpoint> peer = m_peer;
        QMetaObject::invokeMethod(
            this,
            [peer, action] {
                if (peer)
                    action(peer);
            },
            Qt::QueuedConnection);
    }
    void arrive(const QByteArray &data)
    {
        m_inbox.append({data, false});
        drainInbox();
    }
    void arriveEnd()
    {
        m_inbox.append({{}, true});
        drainInbox();
    }
    void peerClosed()
    {
        if (!open)
            return;
        open = false;
        closeCode = 1000;
        emit closed(1000, QStringLiteral("peer closed"));
    }
    void drainInbox()
    {
        const QPointer<InMemoryEndpoint> self(this);
        while (self && open && !paused && !m_inbox.isEmpty()) {
            const Item item = m_inbox.takeFirst();
            if (item.end) {
                emit readFinished();
            } else {
                receivedBytes += item.data;
                emit received(item.data, false);
            }
        }
    }

    QString m_name;
    QPointer<InMemoryEndpoint> m_peer;
    QList<Item> m_inbox;
};

// A connected pair. Endpoints nobody adopted (setParent) are deleted with the pair.
struct InMemoryPipe
{
    InMemoryEndpoint *left = new InMemoryEndpoint(QStringLiteral("left"));
    InMemoryEndpoint *right = new InMemoryEndpoint(QStringLiteral("right"));
    InMemoryPipe()
    {
        left->connectTo(right);
        right->connectTo(left);
        m_left = left;
        m_right = right;
    }
    ~InMemoryPipe()
    {
        for (InMemoryEndpoint *endpoint : {m_left.data(), m_right.data()}) {
            if (endpoint && !endpoint->parent())
                delete endpoint;
        }
    }
    InMemoryPipe(const InMemoryPipe &) = delete;
    InMemoryPipe &operator=(const InMemoryPipe &) = delete;

private:
    QPointer<InMemoryEndpoint> m_left;
    QPointer<InMemoryEndpoint> m_right;
};

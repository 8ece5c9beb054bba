#pragma once
// Forwards messages between two endpoints both ways, for every byte-forwarding path of the relay.
// Backpressure: when one side has more than `highWaterBytes` waiting to be written, the other side
// stops being read until the backlog drains below `lowWaterBytes`; nothing is dropped and the
// relay's memory stays bounded however fast the sender and however slow the receiver. Every
// forwarded byte is counted into the session registry. When either side ends, the other is
// closed too, and the reason is logged. A half-close (a byte stream's FIN) is passed on as one.
#include "pipeendpoint.h"

#include <QBasicTimer>
#include <QList>
#include <QLoggingCategory>
#include <QPair>
#include <QPointer>

class SessionRegistry;

class Pipe : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        qint64 highWaterBytes = 1024 * 1024;
        qint64 lowWaterBytes = 256 * 1024;
        // Code sent to the survivor when its peer ends.
        quint16 peerClosedCode = 1000;
        // Pass the peer's own close code and reason on instead (a tunnelled WebSocket, where the
        // browser should see what the dev server said).
        bool forwardCloseCode = false;
    };
    using Messages = QList<QPair<QByteArray, bool>>; // payload, is text

    // Neither endpoint is owned. `sessionKey` names the registry session the bytes count into
    // (`registry` may be null: nothing is counted).
    Pipe(PipeEndpoint *a, PipeEndpoint *b, SessionRegistry *registry, QString sessionKey,
         const QLoggingCategory &log, const Options &options, QObject *parent = nullptr);
    // Delivers what each side sent before the pipe existed (in order), then forwards live. An
    // endpoint already gone by now ends the pipe at once (the other side is closed).
    void start(const Messages &earlyFromA = {}, const Messages &earlyFromB = {});

    const QString &sessionKey() const { return m_sessionKey; }
    QPair<PipeEndpoint *, PipeEndpoint *> endpoints() const { return {m_a.endpoint, m_b.endpoint}; }
    // Closes both sides with `code` (the relay's owner disconnects the session).
    void closeBoth(quint16 code, const QString &reason);

signals:
    // Both sides are closed; the pipe deletes itself afterwards.
    void finished();

private:
    struct Side
    {
        QPointer<PipeEndpoint> endpoint;
        bool pausedByUs = false;
        bool closed = false;
        bool readFinished = false; // half-closed by its peer
    };
    void sideFinishedReading(Side &side, Side &other);
    void forward(Side &from, Side &to, const QByteArray &data, bool text);
    void relieve(Side &reader, Side &writer);
    void sideClosed(Side &side, Side &other, quint16 code, const QString &reason);
    void count(qint64 bytes);
    void flushCount();
    void timerEvent(QTimerEvent *event) override;

    Side m_a;
    Side m_b;
    SessionRegistry *m_registry;
    QString m_sessionKey;
    const QLoggingCategory &m_log;
    Options m_options;
    bool m_finished = false;
    // A pipe on a worker thread must not touch the registry, which lives on the relay's thread:
    // it sums its bytes and hands the sum over in one queued call at most every
    // kCountIntervalMs (the session batcher reports changes every 250 ms anyway).
    bool m_countsDirectly = true;
    qint64 m_uncounted = 0;
    QBasicTimer m_countTimer;
    static constexpr int kCountIntervalMs = 100;
};

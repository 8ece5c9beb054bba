#pragma once
// A PipeEndpoint under the test's control: what it is sent is recorded, its backlog is set by
// hand, and it can be made to "receive" or close.
#include "net/pipe/pipeendpoint.h"

#include <QList>
#include <QPair>

class FakeEndpoint : public PipeEndpoint
{
public:
    explicit FakeEndpoint(QString name) : m_name(std::move(name)) {}

    void send(const QByteArray &data, bool text) override
    {
        sent.append({data, text});
        pending += data.size();
    }
    qint64 pendingBytes() const override { return pending; }
    void pauseReading() override { paused = true; ++pauseCalls; }
    void resumeReading() override { paused = false; ++resumeCalls; }
    void close(quint16 code, const QString &reason) override
    {
        if (!open)
            return;
        open = false;
        closeCode = code;
        closeReason = reason;
        emit closed(code, reason);
    }
    bool isOpen() const override { return open; }
    QString describe() const override { return QStringLiteral("fake 127.0.0.1:") + m_name; }
    void finishWriting() override { finishedWriting = true; }
    bool canChangeThread() const override { return movable; }

    // Test controls.
    void deliver(const QByteArray &data, bool text = false) { emit received(data, text); }
    void drain(qint64 bytes)
    {
        pending = std::max<qint64>(0, pending - bytes);
        emit wrote();
    }
    void peerFinishes() { emit readFinished(); }
    void peerCloses(quint16 code, const QString &reason)
    {
        open = false;
        emit closed(code, reason);
    }

    QList<QPair<QByteArray, bool>> sent;
    qint64 pending = 0;
    bool paused = false;
    int pauseCalls = 0;
    int resumeCalls = 0;
    bool open = true;
    bool finishedWriting = false;
    bool movable = false; // stands for a connection of its own (PipeThreads may move it)
    quint16 closeCode = 0;
    QString closeReason;

private:
    QString m_name;
};

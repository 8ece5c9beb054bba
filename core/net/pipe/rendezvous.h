#pragma once
// Where peers wait for their counterpart under a key (a localfirst connection key, a pairing code
// hash) and, once it comes, are joined by a Pipe. It also keeps the registry's session for each
// meeting: begun when the first peer parks, given both peers when they meet, ended when the pipe
// or the wait is over.
#include "pipe.h"
#include "waitingpeer.h"
#include "config/settings.h"

#include <QHash>
#include <QPointer>
#include <functional>

class PipeHost;
class PipeThreads;
class SessionRegistry;

class Rendezvous : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        qint64 waitBufferBytes = 4 * 1024 * 1024;
        int waitSeconds = 600;
        int maxWaiting = 10000; // peers waiting at once, across all keys
        Pipe::Options pipe;
        // The limits the user configured (peer wait time and buffer, pipe buffer).
        static Options from(const Settings &settings);
    };

    Rendezvous(QString service, SessionRegistry *registry, const QLoggingCategory &log,
               const Options &options, QObject *parent = nullptr);

    // Where pipes run once their peers meet: the relay's threads (PipeThreads). Without a call,
    // every pipe runs on the rendezvous' own thread.
    void runPipesOn(PipeThreads *threads) { m_threads = threads; }

    bool isWaiting(const QString &key) const { return m_waiting.contains(key); }
    PipeEndpoint *waitingEndpoint(const QString &key) const;
    int waitingCount() const { return int(m_waiting.size()); }
    bool isFull() const { return waitingCount() >= m_options.maxWaiting; }
    // The close reason for a newcomer while full, naming the bound ("<what> (N waiting, the
    // limit); try again later").
    QString fullReason(const QString &what) const
    {
        return QStringLiteral("%1 (%2 waiting, the limit); try again later").arg(what).arg(m_options.maxWaiting);
    }

    // Parks `endpoint` under `key`; `sessionId` names the session in the registry (both sides of
    // one meeting must use the same id) and `label` the peer in it ("sender", a peer id).
    void park(const QString &key, const QString &sessionId, PipeEndpoint *endpoint, const QString &label);
    // Joins the peer waiting under `key` with `arriving`. `beforeStart` runs first with the waiting
    // endpoint (pairing sends `ready` there before any early data flows).
    void meet(const QString &key, PipeEndpoint *arriving, const QString &label,
              const std::function<void(PipeEndpoint *waiting)> &beforeStart = {});
    // Closes the peer waiting under `key` (a duplicate, a replaced connection).
    void dismiss(const QString &key, quint16 code, const QString &reason);

private:
    struct Waiting
    {
        WaitingPeer *peer;
        QString sessionId;
        QString label;
    };
    void forget(const QString &key);
    // For SessionControl: closes the waiting peer or both piped peers of `sessionId`.
    bool disconnectSession(const QString &sessionId);

    QString m_service;
    SessionRegistry *m_registry;
    const QLoggingCategory &m_log;
    Options m_options;
    QHash<QString, Waiting> m_waiting;
    PipeThreads *m_threads;
    // Sessions whose peers met, by session id, until their pipe finishes: the host of the
    // thread their pipe runs on (the pipe itself may be on another thread).
    QHash<QString, PipeHost *> m_joined;
};

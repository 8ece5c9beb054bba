#pragma once
// One relayed connection: the source's /hop stream and the target's /stop stream, bridged by a
// Pipe (backpressure, FIN passed on both ways) once both sides said OK. In a cluster one of the
// two may be a link to the node that holds the other (a FramedLinkEndpoint). The relay enforces the
// Limit it announced: more than `dataBytes` in either direction, or `durationSeconds` elapsed,
// resets both streams (the spec's limits are per direction). Bytes count into the source peer's
// registry session.
#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

class Pipe;
class PipeEndpoint;
class SessionRegistry;

namespace Libp2p::Circuit {

class CircuitBridge : public QObject
{
    Q_OBJECT
public:
    struct Limits
    {
        quint32 durationSeconds = 0; // 0: none
        quint64 dataBytes = 0; // per direction; 0: none
    };

    // Neither endpoint is owned (yamux sessions own their streams, links delete themselves). `sourceEarly` / `targetEarly` are the
    // bytes each side sent behind its last protobuf; both streams should be paused by the caller
    // until start(), which resumes them.
    CircuitBridge(PipeEndpoint *source, QByteArray sourceEarly, PipeEndpoint *target, QByteArray targetEarly,
                  SessionRegistry *registry, QString sessionKey, const Limits &limits, QObject *parent = nullptr);
    void start();

signals:
    // Both streams are over; the bridge deletes itself afterwards.
    void finished();

private:
    void count(quint64 &counter, qsizetype bytes);
    void reset(const QString &reason);

    QPointer<PipeEndpoint> m_source;
    QPointer<PipeEndpoint> m_target;
    QByteArray m_sourceEarly;
    QByteArray m_targetEarly;
    SessionRegistry *m_registry;
    QString m_sessionKey;
    Limits m_limits;
    quint64 m_fromSource = 0;
    quint64 m_fromTarget = 0;
    QTimer m_duration;
    bool m_resetting = false;
};

} // namespace Libp2p::Circuit

#pragma once
// The relay's half of /libp2p/circuit/relay/0.2.0/stop: opens a stream on the target's
// connection, sends StopMessage CONNECT {source peer, limit} and waits for the target's STATUS.
// Emits exactly one of connected / failed, within `timeoutMs`, then deletes itself.
#include "libp2p/crypto/peerid.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

class YamuxStream;

namespace Libp2p {
class Libp2pConnection;
class MessageStreamReader;
}

namespace Libp2p::Circuit {

class StopDialer : public QObject
{
    Q_OBJECT
public:
    static constexpr char ProtocolId[] = "/libp2p/circuit/relay/0.2.0/stop";
    // A StopMessage is a status and a peer: a few hundred bytes. Anything far larger is abuse.
    static constexpr qsizetype MaxMessageBytes = 4096;

    StopDialer(Libp2pConnection *target, PeerId source, quint32 durationSeconds, quint64 dataBytes, int timeoutMs,
               QObject *parent = nullptr);
    // Deleted before an outcome (the source gave up): the half-open stop stream is reset.
    ~StopDialer() override;
    void start();

signals:
    // The target accepted. `stream` is paused (the bridge resumes it); `leftover` are bytes the
    // target sent behind its STATUS.
    void connected(YamuxStream *stream, const QByteArray &leftover);
    void failed(const QString &reason);

private:
    void onOpened(YamuxStream *stream, const QByteArray &leftover);
    void onMessage(const QByteArray &body);
    void fail(const QString &reason);

    QPointer<Libp2pConnection> m_target;
    PeerId m_source;
    quint32 m_durationSeconds;
    quint64 m_dataBytes;
    QPointer<YamuxStream> m_stream;
    QPointer<MessageStreamReader> m_reader;
    QTimer m_timeout;
    bool m_done = false;
};

} // namespace Libp2p::Circuit

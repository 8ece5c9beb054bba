#include "ping.h"

#include "libp2p/yamux/yamuxsession.h"
#include "libp2p/yamux/yamuxstream.h"

#include <QObject>
#include <QPointer>
#include <QTimer>
#include <memory>

namespace Libp2p::Ping {

namespace {
// Echo backlog above which reading pauses: a peer that sends without reading stalls itself.
constexpr qint64 MaxEchoBacklogBytes = 16 * 1024;
// A ping stream with no payload for this long is closed.
constexpr int IdleTimeoutMs = 60000;
} // namespace

void serve(YamuxStream *stream, const QByteArray &leftover)
{
    auto buffer = std::make_shared<QByteArray>();
    auto *idle = new QTimer(stream);
    idle->setSingleShot(true);
    QObject::connect(idle, &QTimer::timeout, stream, [stream] { stream->close(1000, QStringLiteral("ping idle")); });
    idle->start(IdleTimeoutMs);

    const auto consume = [stream, buffer, idle](const QByteArray &data) {
        buffer->append(data);
        idle->start(IdleTimeoutMs);
        const qsizetype whole = buffer->size() - buffer->size() % PayloadBytes;
        if (whole > 0) {
            stream->send(buffer->left(whole), false);
            buffer->remove(0, whole);
        }
        // At most PayloadBytes - 1 bytes stay buffered.
        if (stream->pendingBytes() > MaxEchoBacklogBytes)
            stream->pauseReading();
    };
    QObject::connect(stream, &PipeEndpoint::received, stream,
                     [consume](const QByteArray &data, bool) { consume(data); });
    QObject::connect(stream, &PipeEndpoint::wrote, stream, [stream] {
        if (stream->pendingBytes() <= MaxEchoBacklogBytes)
            stream->resumeReading();
    });
    QObject::connect(stream, &PipeEndpoint::readFinished, stream, [stream] { stream->finishWriting(); });
    if (!leftover.isEmpty())
        consume(leftover);
}

} // namespace Libp2p::Ping

// A yamux session (core/libp2p/yamux/yamuxsession, yamuxstream) in the server role, as the relay
// runs it over a peer's Noise channel: the peer's bytes from the fuzzer, delivered in pieces
// through a fake endpoint; every stream the peer opens is accepted and echoes what it receives,
// so stream opening, windows, half-closes, resets, pings and go-aways all run. Streams deliver
// through queued calls and the session lingers on timers, so a QCoreApplication exists (created
// once) and posted events are run between pieces.
#include "../unit/fakeendpoint.h"
#include "libp2p/yamux/yamuxsession.h"
#include "libp2p/yamux/yamuxstream.h"

#include <QCoreApplication>
#include <QPointer>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int argc = 1;
    static char name[] = "fuzz_yamux_session";
    static char *argv[] = {name, nullptr};
    static QCoreApplication app(argc, argv);
    if (size < 1)
        return 0;
    const qsizetype chunk = 1 + data[0] * 3;
    const QByteArray input(reinterpret_cast<const char *>(data) + 1, qsizetype(size) - 1);
    {
        FakeEndpoint endpoint(QStringLiteral("fuzz"));
        YamuxSession::Options options;
        options.maxInboundStreams = 8;
        options.maxUnacknowledgedInbound = 4;
        options.receiveWindowBytes = Yamux::InitialWindowBytes;
        QPointer<YamuxSession> session = new YamuxSession(&endpoint, YamuxSession::Role::Server, options);
        QObject::connect(session, &YamuxSession::newStream, session, [](YamuxStream *stream) {
            stream->acknowledge();
            QObject::connect(stream, &PipeEndpoint::received, stream,
                             [stream](const QByteArray &bytes, bool) { stream->send(bytes, false); });
            QObject::connect(stream, &PipeEndpoint::readFinished, stream, [stream] { stream->finishWriting(); });
        });
        session->start(input.left(chunk));
        for (qsizetype at = chunk; at < input.size() && session && endpoint.open; at += chunk) {
            endpoint.deliver(input.mid(at, chunk));
            QCoreApplication::sendPostedEvents();
            endpoint.drain(endpoint.pending); // the peer reads everything we send
        }
        QCoreApplication::sendPostedEvents();
        delete session.data();
    }
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    return 0;
}

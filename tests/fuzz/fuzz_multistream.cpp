// multistream-select (core/libp2p/multistream/multistreamnegotiator), both roles, the peer's bytes
// from the fuzzer delivered in pieces through a fake endpoint. The negotiator arms a QTimer and
// deletes itself with deleteLater(), so a QCoreApplication exists (created once) and deferred
// deletes are run after each input.
#include "../unit/fakeendpoint.h"
#include "libp2p/multistream/multistreamnegotiator.h"

#include <QCoreApplication>
#include <QPointer>

using namespace Libp2p;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int argc = 1;
    static char name[] = "fuzz_multistream";
    static char *argv[] = {name, nullptr};
    static QCoreApplication app(argc, argv);
    if (size < 1)
        return 0;
    const auto role = (data[0] & 1) ? MultistreamNegotiator::Role::Dialer : MultistreamNegotiator::Role::Listener;
    const qsizetype chunk = 1 + (data[0] >> 1);
    const QByteArray input(reinterpret_cast<const char *>(data) + 1, qsizetype(size) - 1);
    {
        FakeEndpoint endpoint(QStringLiteral("fuzz"));
        QPointer<MultistreamNegotiator> negotiator = new MultistreamNegotiator(
            role, &endpoint, {QStringLiteral("/noise"), QStringLiteral("/yamux/1.0.0")});
        // The first piece may arrive with the connection (start's alreadyReceived), as in the front door.
        negotiator->start(input.left(chunk));
        for (qsizetype at = chunk; at < input.size() && negotiator && endpoint.open; at += chunk)
            endpoint.deliver(input.mid(at, chunk));
        delete negotiator.data();
    }
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    return 0;
}

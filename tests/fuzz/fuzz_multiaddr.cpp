// Multiaddrs (core/libp2p/multiaddr) in both forms: binary (identify, circuit relay, peer
// records) and text. What parses must round-trip: toBytes()/toString() parse back to an equal value.
#include "libp2p/multiaddr/multiaddr.h"

using namespace Libp2p;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    QString error;
    if (const auto address = Multiaddr::fromBytes(bytes, &error); address && !address->isEmpty()) {
        if (address->toBytes() != bytes.toByteArray())
            __builtin_trap();
        const QString text = address->toString();
        const auto again = Multiaddr::fromString(text);
        if (!again || *again != *address)
            __builtin_trap();
        (void)address->peerId();
    }
    const QString text = QString::fromUtf8(bytes);
    if (const auto address = Multiaddr::fromString(text, &error)) {
        const auto again = Multiaddr::fromBytes(address->toBytes());
        if (!again || *again != *address)
            __builtin_trap();
        (void)address->toString();
    }
    return 0;
}

// The front door's first-bytes sniffer (core/net/protocolsniffer): every prefix of the input, as
// the listener calls it while the first bytes trickle in.
#include "net/protocolsniffer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));
    for (qsizetype n = 0; n <= input.size() && n <= 64; ++n)
        (void)ProtocolSniffer::name(ProtocolSniffer::classify(input.first(n)));
    (void)ProtocolSniffer::classify(input);
    return 0;
}

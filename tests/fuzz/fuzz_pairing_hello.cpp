// The pairing service's first frame (core/pairing/pairinghello): {"type":"hello",...} as text or binary.
#include "pairing/pairinghello.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray frame(reinterpret_cast<const char *>(data), qsizetype(size));
    for (const bool text : {true, false}) {
        const PairingHello hello = PairingHello::parse(frame, text);
        if (hello.ok && (hello.codeHash.isEmpty() || hello.codeHash.size() > PairingHello::kMaxCodeHashLength))
            __builtin_trap();
        if (!hello.ok && hello.closeReason.isEmpty())
            __builtin_trap();
    }
    return 0;
}

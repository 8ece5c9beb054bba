// The tunnel's http:response events from the desktop (core/tunnel/httpresponseevent, simdjson),
// one parser reused across events as TunnelService reuses it.
#include "tunnel/httpresponseevent.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static HttpResponseEventParser parser;
    const QByteArrayView json(reinterpret_cast<const char *>(data), qsizetype(size));
    if (const auto event = parser.parse(json)) {
        if (event->status < 0 || event->body.size() > json.size())
            __builtin_trap();
    }
    return 0;
}

// The first line of a cluster link (core/net/link/linkpreface): anyone can send "SBLINK/1 " to the
// relay's port, and the line is parsed before its secret is checked.
#include "net/link/linkpreface.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView line(reinterpret_cast<const char *>(data), qsizetype(size));
    const std::optional<LinkPreface> preface = LinkPreface::parse(line);
    if (!preface)
        return 0;
    if (preface->secret.isEmpty() || preface->kind.isEmpty() || preface->clientAddress.isNull())
        __builtin_trap();
    // What was accepted survives a round trip through serialize().
    const std::optional<LinkPreface> again = LinkPreface::parse(preface->serialize());
    if (!again || again->secret != preface->secret || again->kind != preface->kind
        || again->clientAddress != preface->clientAddress || again->clientPort != preface->clientPort
        || again->arguments != preface->arguments)
        __builtin_trap();
    return 0;
}

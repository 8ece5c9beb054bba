// localfirst's client frames (core/localfirst/localfirstmessages): msgpack maps { type, documentIds }.
#include "localfirst/localfirstmessages.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray frame(reinterpret_cast<const char *>(data), qsizetype(size));
    const LocalfirstMessages::ClientMessage message = LocalfirstMessages::decode(frame);
    if (message.documentIds.size() > LocalfirstMessages::kMaxDocumentIds)
        __builtin_trap();
    if (message.kind == LocalfirstMessages::ClientMessage::Kind::Join)
        (void)LocalfirstMessages::encodeIntroduction(QStringLiteral("peer"), message.documentIds);
    return 0;
}

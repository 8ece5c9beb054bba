// The mesh's JSON frames (core/mesh/meshmessages): parse() as text and as binary, then the join
// and register_mesh requests and capability lists with the default limits.
#include "mesh/meshmessages.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    static const MeshLimits limits;
    for (const bool text : {true, false}) {
        const MeshMessages::Frame frame = MeshMessages::parse(bytes, text);
        if (!frame.ok())
            continue;
        const MeshMessages::JoinParse join = MeshMessages::parseJoin(frame, limits);
        if (!join.refusal) {
            if (join.request.nodeId.size() > limits.maxNodeIdChars
                || join.request.capabilities.size() > limits.maxCapabilities)
                __builtin_trap();
            (void)MeshMessages::defaultName(join.request.nodeId);
        }
        QString error;
        (void)MeshMessages::parseCapabilities(frame.object.value(QStringLiteral("capabilities")), limits, &error);
    }
    return 0;
}

#include "circuitlink.h"

#include "libp2p/proto/circuit.pb.h"

namespace Libp2p::Circuit {

QByteArray CircuitLink::statusLine(int status)
{
    return "STATUS " + QByteArray::number(status) + '\n';
}

std::optional<int> CircuitLink::parseStatusLine(QByteArrayView line)
{
    constexpr QByteArrayView prefix("STATUS ");
    if (!line.startsWith(prefix) || !line.endsWith('\n') || line.size() > MaxStatusLineBytes)
        return std::nullopt;
    bool ok = false;
    const int status = line.sliced(prefix.size()).chopped(1).toInt(&ok);
    if (!ok || !Proto::Circuit::Status_IsValid(status))
        return std::nullopt;
    return status;
}

} // namespace Libp2p::Circuit

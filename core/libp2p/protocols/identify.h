#pragma once
// identify (/ipfs/id/1.0.0, libp2p/specs identify/README.md): when a peer opens an identify
// stream, the relay sends one length-prefixed Identify message about itself and finishes the
// stream. /ipfs/id/push/1.0.0 is not served (multistream answers "na").
#include "libp2p/crypto/publickey.h"
#include "libp2p/multiaddr/multiaddr.h"

#include <QByteArray>
#include <QList>
#include <QStringList>
#include <optional>

class YamuxStream;

namespace Libp2p {

class Libp2pConnection;

namespace Identify {

inline constexpr char ProtocolId[] = "/ipfs/id/1.0.0";
inline constexpr char ProtocolVersion[] = "ipfs/0.1.0";

struct Info
{
    PublicKey publicKey;
    QList<Multiaddr> listenAddrs;
    QStringList protocols;
    std::optional<Multiaddr> observedAddr;
    QString protocolVersion = QString::fromLatin1(ProtocolVersion);
    QString agentVersion;
};

// The serialized Identify protobuf (without its length prefix).
QByteArray buildMessage(const Info &info);

// "switchboard/<version>".
QString agentVersion();

// Serves one identify stream: sends `message` (already serialized) framed, then finishes the
// stream. The peer's own half-close ends it.
void serve(YamuxStream *stream, const QByteArray &message);

} // namespace Identify
} // namespace Libp2p

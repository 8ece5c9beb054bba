#pragma once
// ping (/ipfs/ping/1.0.0, libp2p/specs ping/ping.md): the peer sends 32-byte payloads and the
// relay echoes each back, until the peer finishes the stream.
class YamuxStream;
#include <QByteArray>

namespace Libp2p::Ping {

inline constexpr char ProtocolId[] = "/ipfs/ping/1.0.0";
inline constexpr int PayloadBytes = 32;

// Serves one ping stream; `leftover` are bytes that came with the multistream answer.
void serve(YamuxStream *stream, const QByteArray &leftover);

} // namespace Libp2p::Ping

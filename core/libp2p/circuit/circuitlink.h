#pragma once
// Circuits across a cluster: the source peer's /hop stream is on one node, the target's
// reservation (and so its /stop stream) on another. The source's node opens a link to the
// target's node (core/net/link, kind "circuit", arguments: source and target PeerIds); the
// target's node runs the /stop handshake and answers with one line,
//   STATUS <code>\n
// where <code> is a circuit v2 Status (100 is OK). Behind an OK line the link carries the
// circuit's bytes in both directions as a FramedLinkEndpoint stream.
#include <QByteArray>
#include <optional>

namespace Libp2p::Circuit::CircuitLink {

inline constexpr char Kind[] = "circuit";
inline constexpr qsizetype MaxStatusLineBytes = 32;

QByteArray statusLine(int status);
// The code of a complete status line (with its \n), or nothing when it is not one.
std::optional<int> parseStatusLine(QByteArrayView line);

} // namespace Libp2p::Circuit::CircuitLink

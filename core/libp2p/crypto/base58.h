#pragma once
// base58btc (the Bitcoin alphabet), the text form of PeerIds and of /p2p/ multiaddr components.
// Leading zero bytes become leading '1' characters and back, so the encoding is exact for any
// byte string. The conversion is quadratic in the length, so decoding refuses long inputs.
#include <QByteArray>
#include <QByteArrayView>
#include <optional>

namespace Libp2p::Base58 {

// Longest text decode() accepts by default: a PeerId is 46-53 characters; this leaves room for
// any multihash libp2p uses while keeping the work per call small.
constexpr qsizetype DefaultMaxTextLength = 256;

QByteArray encode(QByteArrayView bytes);
// Nothing for characters outside the alphabet (including whitespace), an empty text, or a text
// longer than `maxTextLength`.
std::optional<QByteArray> decode(QByteArrayView text, qsizetype maxTextLength = DefaultMaxTextLength);

} // namespace Libp2p::Base58

#pragma once
// The libp2p handshake payload inside Noise messages 2 and 3 (libp2p/specs noise/README.md):
// the sender's identity public key, its signature over "noise-libp2p-static-key:" followed by
// the sender's Noise static public key (which ties the Noise session to the libp2p identity),
// and extensions, of which libp2p uses stream_muxers (when both sides list muxers, the muxer is
// chosen from them and no multistream round follows the handshake).
#include "libp2p/crypto/identitykey.h"
#include "libp2p/crypto/peerid.h"
#include "libp2p/crypto/publickey.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <optional>

namespace Libp2p::NoiseHandshakePayload {

inline constexpr char SignaturePrefix[] = "noise-libp2p-static-key:";
// Bounds on what a peer may list (js-libp2p sends one or two muxers).
constexpr int MaxStreamMuxers = 16;
constexpr qsizetype MaxStreamMuxerLength = 256;

// The bytes `identity` signs: SignaturePrefix || noiseStaticPublicKey.
QByteArray signedData(QByteArrayView noiseStaticPublicKey);

// The serialized NoiseHandshakePayload for our side.
QByteArray build(const IdentityKey &identity, QByteArrayView noiseStaticPublicKey, const QStringList &streamMuxers);

struct Verified
{
    PublicKey identityKey;
    PeerId peerId;
    QStringList streamMuxers; // empty when the peer sent no extensions
};

// Parses a peer's payload and checks its signature against the Noise static key the peer used in
// this handshake. Nothing (with `error` set) for a malformed payload, an unsupported key type,
// a bad signature, or too many or too long muxer names.
std::optional<Verified> verify(QByteArrayView payload, QByteArrayView noiseStaticPublicKey, QString *error = nullptr);

} // namespace Libp2p::NoiseHandshakePayload

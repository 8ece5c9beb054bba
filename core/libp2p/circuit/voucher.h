#pragma once
// Reservation vouchers (circuit-v2 spec): a ReservationVoucher{relay, peer, expiration} sealed in
// a signed envelope (RFC 0002) with domain "libp2p-relay-rsvp" and payload type 0x0302. js does
// not check vouchers, but other implementations may, so ours are correct and verifiable.
#include "libp2p/crypto/identitykey.h"
#include "libp2p/crypto/peerid.h"
#include "libp2p/crypto/publickey.h"

#include <QByteArray>
#include <optional>

namespace Libp2p::Circuit {

namespace Envelope {
// What the envelope's signature covers: uvarint-prefixed domain, payload type and payload.
QByteArray signedBytes(QByteArrayView domain, QByteArrayView payloadType, QByteArrayView payload);
// A serialized Envelope signed by `signer`; empty if signing fails.
QByteArray seal(const IdentityKey &signer, QByteArrayView domain, QByteArrayView payloadType, QByteArrayView payload);

struct Opened
{
    PublicKey signer;
    QByteArray payloadType;
    QByteArray payload;
};
// Parses `envelope` and checks its signature for `domain`; nothing if malformed or forged.
std::optional<Opened> open(QByteArrayView envelope, QByteArrayView domain);
} // namespace Envelope

namespace Voucher {
inline constexpr char Domain[] = "libp2p-relay-rsvp";
inline const QByteArray PayloadType = QByteArray::fromHex("0302");

struct Contents
{
    PeerId relay;
    PeerId peer;
    quint64 expiration = 0; // unix seconds
};

// The serialized ReservationVoucher payload.
QByteArray encodePayload(const Contents &contents);
// The relay's signed voucher for `peer`'s reservation until `expiration`.
QByteArray make(const IdentityKey &relay, const PeerId &peer, quint64 expiration);
// Opens and checks a voucher: a valid signature by the key of `relay` field, right domain/type.
std::optional<Contents> verify(QByteArrayView voucher);
} // namespace Voucher

} // namespace Libp2p::Circuit

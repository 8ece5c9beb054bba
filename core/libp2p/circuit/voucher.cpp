#include "voucher.h"

#include "libp2p/crypto/uvarint.h"
#include "libp2p/multistream/lengthprefixed.h"
#include "libp2p/proto/circuit.pb.h"
#include "libp2p/proto/envelope.pb.h"

namespace Libp2p::Circuit {

namespace {
std::string toStd(QByteArrayView bytes)
{
    return std::string(bytes.data(), size_t(bytes.size()));
}
QByteArray fromStd(const std::string &bytes)
{
    return QByteArray(bytes.data(), qsizetype(bytes.size()));
}
// Envelopes we open are relay-sized: a key, a short payload, a signature.
constexpr qsizetype MaxEnvelopeBytes = 8192;
} // namespace

QByteArray Envelope::signedBytes(QByteArrayView domain, QByteArrayView payloadType, QByteArrayView payload)
{
    QByteArray out;
    for (QByteArrayView part : {domain, payloadType, payload}) {
        Uvarint::append(out, quint64(part.size()));
        out.append(part);
    }
    return out;
}

QByteArray Envelope::seal(const IdentityKey &signer, QByteArrayView domain, QByteArrayView payloadType,
                          QByteArrayView payload)
{
    const QByteArray signature = signer.sign(signedBytes(domain, payloadType, payload));
    if (signature.isEmpty())
        return {};
    Proto::Envelope envelope;
    envelope.set_public_key(toStd(signer.publicKey().toProtobuf()));
    envelope.set_payload_type(toStd(payloadType));
    envelope.set_payload(toStd(payload));
    envelope.set_signature(toStd(signature));
    return fromStd(envelope.SerializeAsString());
}

std::optional<Envelope::Opened> Envelope::open(QByteArrayView bytes, QByteArrayView domain)
{
    if (bytes.size() > MaxEnvelopeBytes)
        return std::nullopt;
    Proto::Envelope envelope;
    if (!LengthPrefixed::parse(bytes, &envelope))
        return std::nullopt;
    const auto key = PublicKey::fromProtobuf(fromStd(envelope.public_key()));
    if (!key)
        return std::nullopt;
    Opened opened{*key, fromStd(envelope.payload_type()), fromStd(envelope.payload())};
    if (!key->verify(signedBytes(domain, opened.payloadType, opened.payload), fromStd(envelope.signature())))
        return std::nullopt;
    return opened;
}

QByteArray Voucher::encodePayload(const Contents &contents)
{
    Proto::Circuit::ReservationVoucher voucher;
    voucher.set_relay(toStd(contents.relay.toBytes()));
    voucher.set_peer(toStd(contents.peer.toBytes()));
    voucher.set_expiration(contents.expiration);
    return fromStd(voucher.SerializeAsString());
}

QByteArray Voucher::make(const IdentityKey &relay, const PeerId &peer, quint64 expiration)
{
    return Envelope::seal(relay, Domain, PayloadType, encodePayload({relay.peerId(), peer, expiration}));
}

std::optional<Voucher::Contents> Voucher::verify(QByteArrayView bytes)
{
    const auto opened = Envelope::open(bytes, Domain);
    if (!opened || opened->payloadType != PayloadType)
        return std::nullopt;
    Proto::Circuit::ReservationVoucher voucher;
    if (!LengthPrefixed::parse(opened->payload, &voucher) || !voucher.has_relay() || !voucher.has_peer()
        || !voucher.has_expiration())
        return std::nullopt;
    const auto relay = PeerId::fromBytes(fromStd(voucher.relay()));
    const auto peer = PeerId::fromBytes(fromStd(voucher.peer()));
    // The signer must be the relay the voucher names.
    if (!relay || !peer || !relay->matches(opened->signer))
        return std::nullopt;
    return Contents{*relay, *peer, voucher.expiration()};
}

} // namespace Libp2p::Circuit

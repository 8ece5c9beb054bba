// The libp2p protobuf messages a peer can send (core/libp2p/proto), each parsed by the real code
// path with the bounds that path applies. The first byte picks the message:
//   0 HopMessage and 1 StopMessage (circuit relay v2, at most 4096 bytes, CircuitRelay/StopDialer),
//   2 PublicKey (identify, Noise payloads, envelopes: at most PublicKey::MaxProtobufBytes),
//   3 NoiseHandshakePayload (verified against a fixed Noise static key),
//   4 a signed Envelope and the ReservationVoucher inside it (Circuit::Voucher),
//   5 a pubsub RPC (at most 64 KiB): fields split by ProtobufFields, then each SubOpts, each
//     Message (SignedMessage) and each ControlMessage (MeshsubControl, 64 entries), as PubsubRouter does,
//   6 Identify, 7 PrivateKey (identity key files) and 8 PeerId multihashes.
#include "libp2p/circuit/voucher.h"
#include "libp2p/crypto/identitykey.h"
#include "libp2p/crypto/peerid.h"
#include "libp2p/crypto/publickey.h"
#include "libp2p/multistream/lengthprefixed.h"
#include "libp2p/noise/noisehandshakepayload.h"
#include "libp2p/proto/circuit.pb.h"
#include "libp2p/proto/identify.pb.h"
#include "libp2p/proto/pubsub.pb.h"
#include "libp2p/pubsub/meshsubcontrol.h"
#include "libp2p/pubsub/protobuffields.h"
#include "libp2p/pubsub/signedmessage.h"

using namespace Libp2p;

namespace {
void peer(const std::string &id)
{
    (void)PeerId::fromBytes(QByteArrayView(id.data(), qsizetype(id.size())));
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const int kind = data[0] % 9;
    const QByteArray input(reinterpret_cast<const char *>(data) + 1, qsizetype(size) - 1);
    switch (kind) {
    case 0: {
        if (input.size() > 4096)
            return 0;
        Proto::Circuit::HopMessage hop;
        if (LengthPrefixed::parse(input, &hop) && hop.has_type() && hop.has_peer() && hop.peer().has_id())
            peer(hop.peer().id());
        if (hop.has_reservation() && hop.reservation().has_voucher()) {
            const std::string &v = hop.reservation().voucher();
            (void)Circuit::Voucher::verify(QByteArrayView(v.data(), qsizetype(v.size())));
        }
        break;
    }
    case 1: {
        if (input.size() > 4096)
            return 0;
        Proto::Circuit::StopMessage stop;
        if (LengthPrefixed::parse(input, &stop) && stop.has_peer() && stop.peer().has_id())
            peer(stop.peer().id());
        break;
    }
    case 2: {
        QString error;
        if (const auto key = PublicKey::fromProtobuf(input, &error)) {
            (void)PeerId::fromPublicKey(*key);
            (void)key->verify("message", QByteArray(64, 'x'));
            const auto again = PublicKey::fromProtobuf(key->toProtobuf());
            if (!again || *again != *key)
                __builtin_trap();
        }
        break;
    }
    case 3: {
        static const QByteArray noiseStatic(32, '\x42');
        QString error;
        (void)NoiseHandshakePayload::verify(input, noiseStatic, &error);
        break;
    }
    case 4: {
        (void)Circuit::Envelope::open(input, Circuit::Voucher::Domain);
        (void)Circuit::Voucher::verify(input);
        break;
    }
    case 5: {
        if (input.size() > 64 * 1024)
            return 0;
        QList<QByteArray> subscriptions, messages, control;
        if (!Pubsub::ProtobufFields::lengthDelimited(input, 1, &subscriptions)
            || !Pubsub::ProtobufFields::lengthDelimited(input, 2, &messages)
            || !Pubsub::ProtobufFields::lengthDelimited(input, 3, &control))
            break;
        for (const QByteArray &raw : std::as_const(subscriptions)) {
            PubsubProto::SubOpts sub;
            if (LengthPrefixed::parse(raw, &sub) && sub.has_topic())
                (void)QString::fromStdString(sub.topic());
        }
        for (const QByteArray &raw : std::as_const(messages)) {
            if (const auto message = Pubsub::SignedMessage::parse(raw)) {
                (void)message->id();
                (void)message->verify();
            }
            (void)Pubsub::SignedMessage::signedBytes(raw);
            (void)Pubsub::ProtobufFields::without(raw, {5, 6});
        }
        for (const QByteArray &raw : std::as_const(control)) {
            if (const auto received = Pubsub::MeshsubControl::parse(raw, 64)) {
                if (received->grafts.size() + received->prunes.size() > 64)
                    __builtin_trap();
            }
        }
        break;
    }
    case 6: {
        Proto::Identify identify;
        if (LengthPrefixed::parse(input, &identify) && identify.has_publickey()) {
            const std::string &k = identify.publickey();
            (void)PublicKey::fromProtobuf(QByteArrayView(k.data(), qsizetype(k.size())));
        }
        break;
    }
    case 7: {
        QString error;
        (void)IdentityKey::fromPrivateKeyProtobuf(input, &error);
        break;
    }
    case 8: {
        if (const auto id = PeerId::fromBytes(input)) {
            const auto again = PeerId::fromString(id->toString());
            if (!again || !(*again == *id))
                __builtin_trap();
        }
        break;
    }
    }
    return 0;
}

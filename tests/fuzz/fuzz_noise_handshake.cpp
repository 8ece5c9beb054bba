// The Noise XX handshake as libp2p runs it (core/libp2p/noise/noisehandshake, noisexxhandshake,
// noisehandshakepayload). The first byte picks what the fuzzer controls:
//   0: the raw first message a responder reads, then (if accepted) the raw third message;
//   1: the raw second message an initiator reads;
//   2: the plaintext payload of a correctly encrypted third message (initiator's identity
//      protobuf) sent to a real responder: the payload decoding and verification behind the
//      ChaCha20-Poly1305 layer the fuzzer could not otherwise get through;
//   3: the same for the second message's payload, read by a real initiator.
#include "libp2p/noise/noisehandshake.h"
#include "libp2p/noise/noisexxhandshake.h"

using namespace Libp2p;

namespace {
const IdentityKey &identity()
{
    static const IdentityKey key = *IdentityKey::fromSeed(QByteArray(32, '\x07'));
    return key;
}
X25519KeyPair staticKey(char fill)
{
    return *X25519KeyPair::fromPrivateKey(QByteArray(32, fill));
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const int mode = data[0] % 4;
    const QByteArrayView input(reinterpret_cast<const char *>(data) + 1, qsizetype(size) - 1);
    using Role = NoiseXXHandshake::Role;
    switch (mode) {
    case 0: {
        NoiseHandshake responder(Role::Responder, identity(), NoiseHandshake::Options(), staticKey('\x11'));
        const qsizetype split = input.isEmpty() ? 0 : qsizetype(quint8(input[0])) % (input.size() + 1);
        const QByteArrayView body = input.sliced(std::min<qsizetype>(1, input.size()));
        const QByteArrayView first = body.first(std::min(split, body.size()));
        if (!responder.readMessage(first))
            return 0;
        if (!responder.writeMessage())
            return 0;
        (void)responder.readMessage(body.sliced(first.size()));
        break;
    }
    case 1: {
        NoiseHandshake initiator(Role::Initiator, identity(), NoiseHandshake::Options(), staticKey('\x12'));
        if (!initiator.writeMessage())
            __builtin_trap();
        (void)initiator.readMessage(input);
        break;
    }
    case 2: {
        NoiseXXHandshake fake(Role::Initiator, staticKey('\x13'));
        NoiseHandshake responder(Role::Responder, identity(), NoiseHandshake::Options(), staticKey('\x14'));
        const auto m1 = fake.writeMessage({});
        if (!m1 || !responder.readMessage(*m1))
            __builtin_trap();
        const auto m2 = responder.writeMessage();
        if (!m2 || !fake.readMessage(*m2))
            __builtin_trap();
        const auto m3 = fake.writeMessage(input);
        if (m3 && responder.readMessage(*m3)) {
            (void)responder.remotePeerId();
            (void)responder.negotiatedStreamMuxer();
        }
        break;
    }
    case 3: {
        NoiseHandshake initiator(Role::Initiator, identity(), NoiseHandshake::Options(), staticKey('\x15'));
        NoiseXXHandshake fake(Role::Responder, staticKey('\x16'));
        const auto m1 = initiator.writeMessage();
        if (!m1 || !fake.readMessage(*m1))
            __builtin_trap();
        const auto m2 = fake.writeMessage(input);
        if (m2 && initiator.readMessage(*m2) && initiator.isOurTurnToWrite())
            (void)initiator.writeMessage();
        break;
    }
    }
    return 0;
}

// Unit tests for the Noise layers without sockets: NoiseCipherState, NoiseXXHandshake (against
// the cacophony test vector) and NoiseHandshake (the libp2p payload and its signature checks).
#include "libp2p/crypto/identitykey.h"
#include "libp2p/noise/noisecipherstate.h"
#include "libp2p/noise/noisehandshake.h"
#include "libp2p/noise/noisehandshakepayload.h"
#include "libp2p/noise/noisexxhandshake.h"
#include "libp2p/proto/noisepayload.pb.h"

#include <QtTest>

using namespace Libp2p;
using Role = NoiseXXHandshake::Role;

namespace {

X25519KeyPair keyFromHex(const char *hex)
{
    return *X25519KeyPair::fromPrivateKey(QByteArray::fromHex(hex));
}

// Runs a libp2p handshake to the end (or the first failure) between two state machines.
void runHandshake(NoiseHandshake &initiator, NoiseHandshake &responder)
{
    NoiseHandshake *writer = &initiator;
    NoiseHandshake *reader = &responder;
    while (!writer->hasFailed() && !reader->hasFailed() && writer->isOurTurnToWrite()) {
        const auto message = writer->writeMessage();
        if (!message)
            return;
        reader->readMessage(*message);
        std::swap(writer, reader);
    }
}

QByteArray payloadBytes(const Proto::NoiseHandshakePayload &payload)
{
    return QByteArray::fromStdString(payload.SerializeAsString());
}

} // namespace

class TestLibp2pNoiseHandshake : public QObject
{
    Q_OBJECT

private slots:
    void nonceIsFourZeroBytesThenLittleEndianCounter()
    {
        QCOMPARE(NoiseCipherState::nonceBytes(0), QByteArray(12, '\0'));
        QCOMPARE(NoiseCipherState::nonceBytes(1).toHex(), QByteArray("000000000100000000000000"));
        QCOMPARE(NoiseCipherState::nonceBytes(0x0102030405060708).toHex(), QByteArray("000000000807060504030201"));
    }

    void cipherStateCountsMessagesAndRejectsTampering()
    {
        NoiseCipherState sender;
        NoiseCipherState receiver;
        const QByteArray key(32, '\x42');
        sender.initializeKey(key);
        receiver.initializeKey(key);
        QByteArray first;
        QByteArray second;
        QVERIFY(sender.encryptWithAd({}, "first", &first));
        QVERIFY(sender.encryptWithAd({}, "first", &second));
        QCOMPARE(sender.nonce(), quint64(2));
        QCOMPARE(first.size(), 5 + 16);
        QVERIFY(first != second); // same plaintext, different nonce

        QByteArray plain;
        QByteArray tampered = first;
        tampered[2] = char(tampered[2] ^ 1);
        QVERIFY(!receiver.decryptWithAd({}, tampered, &plain));
        QVERIFY(plain.isEmpty());
        QCOMPARE(receiver.nonce(), quint64(0)); // a failed message does not use up a nonce
        QVERIFY(!receiver.decryptWithAd({}, second, &plain)); // out of order: nonce 1 expected later
        QVERIFY(receiver.decryptWithAd({}, first, &plain));
        QVERIFY(receiver.decryptWithAd({}, second, &plain));
        QCOMPARE(plain, QByteArray("firstfirst"));
        QVERIFY(!receiver.decryptWithAd({}, first, &plain)); // a replay fails
        QVERIFY(!receiver.decryptWithAd({}, QByteArray(15, 'x'), &plain)); // shorter than a tag
    }

    void cipherStateStopsBeforeTheReservedNonce()
    {
        NoiseCipherState state;
        state.initializeKey(QByteArray(32, '\x01'));
        state.setNonce(NoiseCipherState::ReservedNonce - 1);
        QByteArray out;
        QVERIFY(state.encryptWithAd({}, "last", &out));
        QCOMPARE(state.nonce(), NoiseCipherState::ReservedNonce);
        const QByteArray before = out;
        QVERIFY(!state.encryptWithAd({}, "one too many", &out));
        QCOMPARE(out, before);
    }

    void cipherStateWithoutKeyPassesThrough()
    {
        NoiseCipherState state;
        QByteArray out;
        QVERIFY(state.encryptWithAd("ad", "plain", &out));
        QCOMPARE(out, QByteArray("plain"));
    }

    // The Noise_XX_25519_ChaChaPoly_SHA256 vector of the cacophony test suite (with a prologue,
    // which libp2p does not use, and arbitrary payloads): every byte of every message, the
    // handshake hash and the first transport messages must match.
    void matchesTheCacophonyVector()
    {
        const QByteArray prologue = QByteArray::fromHex("4a6f686e2047616c74");
        NoiseXXHandshake initiator(Role::Initiator,
                                   keyFromHex("e61ef9919cde45dd5f82166404bd08e38bceb5dfdfded0a34c8df7ed542214d1"), prologue,
                                   keyFromHex("893e28b9dc6ca8d611ab664754b8ceb7bac5117349a4439a6b0569da977c464a"));
        NoiseXXHandshake responder(Role::Responder,
                                   keyFromHex("4a3acbfdb163dec651dfa3194dece676d437029c62a408b4c5ea9114246e4893"), prologue,
                                   keyFromHex("bbdb4cdbd309f1a1f2e1456967fe288cadd6f712d65dc7b7793d5e63da6b375b"));
        struct Step
        {
            const char *payload;
            const char *ciphertext;
        };
        const Step handshake[] = {
            {"4c756477696720766f6e204d69736573",
             "ca35def5ae56cec33dc2036731ab14896bc4c75dbb07a61f879f8e3afa4c79444c756477696720766f6e204d69736573"},
            {"4d757272617920526f746862617264",
             "95ebc60d2b1fa672c1f46a8aa265ef51bfe38e7ccb39ec5be34069f14480884381cbad1f276e038c48378ffce2b65285e08d6b68aaa3"
             "629a5a8639392490e5b9bd5269c2f1e4f488ed8831161f19b7815528f8982ffe09be9b5c412f8a0db50f8814c7194e83f23dbd8d162"
             "c9326ad"},
            {"462e20412e20486179656b",
             "c7195ffacac1307ff99046f219750fc47693e23c3cb08b89c2af808b444850a80ae475b9df0f169ae80a89be0865b57f58c9fea0d4ec8"
             "2a286427402f113e4b6ae769a1d95941d49b25030"},
        };
        NoiseXXHandshake *writer = &initiator;
        NoiseXXHandshake *reader = &responder;
        for (const Step &step : handshake) {
            const auto message = writer->writeMessage(QByteArray::fromHex(step.payload));
            QVERIFY2(message, qPrintable(writer->errorText()));
            QCOMPARE(message->toHex(), QByteArray(step.ciphertext));
            const auto payload = reader->readMessage(*message);
            QVERIFY2(payload, qPrintable(reader->errorText()));
            QCOMPARE(payload->toHex(), QByteArray(step.payload));
            std::swap(writer, reader);
        }
        QVERIFY(initiator.isComplete());
        QVERIFY(responder.isComplete());
        const QByteArray hash("c8e5f64e846193be2a834104c2a009868d6c9f3bd3c186299888b488b2f1f58e");
        QCOMPARE(initiator.handshakeHash().toHex(), hash);
        QCOMPARE(responder.handshakeHash().toHex(), hash);
        QCOMPARE(initiator.remoteStaticKey(), responder.localStaticKey().publicKey());
        QCOMPARE(responder.remoteStaticKey(), initiator.localStaticKey().publicKey());

        // Transport messages keep alternating: the responder sends the fourth message.
        auto initiatorCiphers = initiator.takeTransportCiphers();
        auto responderCiphers = responder.takeTransportCiphers();
        const Step transport[] = {
            {"4361726c204d656e676572", "96763ed773f8e47bb3712f0e29b3060ffc956ffc146cee53d5e1df"},
            {"4a65616e2d426170746973746520536179", "3e40f15f6f3a46ae446b253bf8b1d9ffb6ed9b174d272328ff91a7e2e5c79c07f5"},
            {"457567656e2042f6686d20766f6e2042617765726b",
             "eb3f3515110702e047a6c9da4478b6ead94873c11c0f2d710ddb3f09fce024b3a58502ae3f"},
        };
        NoiseXXHandshake::TransportCiphers *from = &responderCiphers;
        NoiseXXHandshake::TransportCiphers *to = &initiatorCiphers;
        for (const Step &step : transport) {
            QByteArray ciphertext;
            QVERIFY(from->send.encryptWithAd({}, QByteArray::fromHex(step.payload), &ciphertext));
            QCOMPARE(ciphertext.toHex(), QByteArray(step.ciphertext));
            QByteArray plaintext;
            QVERIFY(to->receive.decryptWithAd({}, ciphertext, &plaintext));
            QCOMPARE(plaintext.toHex(), QByteArray(step.payload));
            std::swap(from, to);
        }
    }

    void xxRefusesOutOfTurnAndShortMessages()
    {
        NoiseXXHandshake responder(Role::Responder, X25519KeyPair::generate());
        QVERIFY(!responder.writeMessage({}));
        QVERIFY(responder.hasFailed());

        NoiseXXHandshake initiator(Role::Initiator, X25519KeyPair::generate());
        NoiseXXHandshake other(Role::Responder, X25519KeyPair::generate());
        other.readMessage(*initiator.writeMessage({}));
        const auto second = other.writeMessage({});
        QVERIFY(second);
        QCOMPARE(second->size(), 32 + 48 + 16);
        QVERIFY(!initiator.readMessage(second->left(second->size() - 1)));
        QVERIFY(initiator.hasFailed());
        QVERIFY(!initiator.writeMessage({})); // failure is final
    }

    void aLowOrderEphemeralKeyIsRefused()
    {
        // All zeros is a point of small order: the shared secret would be zero whatever our key,
        // so the handshake must stop rather than derive keys anyone can compute.
        NoiseHandshake relay(Role::Responder, IdentityKey::generate());
        QVERIFY(relay.readMessage(QByteArray(32, '\0')));
        QVERIFY(!relay.writeMessage());
        QVERIFY(relay.hasFailed());
        QVERIFY(relay.errorText().contains(QLatin1String("ephemeral")));
    }

    void libp2pHandshakeAuthenticatesBothSides()
    {
        const IdentityKey client = IdentityKey::generate();
        const IdentityKey relay = IdentityKey::generate();
        NoiseHandshake::Options clientOptions;
        clientOptions.streamMuxers = {QStringLiteral("/yamux/1.0.0"), QStringLiteral("/mplex/6.7.0")};
        clientOptions.expectedRemotePeer = relay.peerId();
        NoiseHandshake initiator(Role::Initiator, client, clientOptions);
        NoiseHandshake responder(Role::Responder, relay);

        const auto first = initiator.writeMessage();
        QVERIFY(first);
        QCOMPARE(first->size(), 32); // e alone: nothing identifying before encryption starts
        QVERIFY(responder.readMessage(*first));
        QVERIFY(!responder.hasRemoteIdentity());
        const auto second = responder.writeMessage();
        QVERIFY(second);
        QVERIFY(initiator.readMessage(*second));
        QCOMPARE(initiator.remotePeerId(), relay.peerId());
        QCOMPARE(initiator.remoteStreamMuxers(), QStringList{QStringLiteral("/yamux/1.0.0")});
        QVERIFY(!initiator.isComplete());
        const auto third = initiator.writeMessage();
        QVERIFY(third);
        QVERIFY(responder.readMessage(*third));

        QVERIFY(initiator.isComplete());
        QVERIFY(responder.isComplete());
        QCOMPARE(responder.remotePeerId(), client.peerId());
        QCOMPARE(responder.remoteIdentityKey(), client.publicKey());
        QCOMPARE(responder.remoteStreamMuxers(), clientOptions.streamMuxers);
        QCOMPARE(initiator.negotiatedStreamMuxer(), QStringLiteral("/yamux/1.0.0"));
        QCOMPARE(responder.negotiatedStreamMuxer(), QStringLiteral("/yamux/1.0.0"));

        auto clientCiphers = initiator.takeTransportCiphers();
        auto relayCiphers = responder.takeTransportCiphers();
        QByteArray wire;
        QByteArray plain;
        QVERIFY(clientCiphers.send.encryptWithAd({}, "ping", &wire));
        QVERIFY(relayCiphers.receive.decryptWithAd({}, wire, &plain));
        QCOMPARE(plain, QByteArray("ping"));
    }

    void aSignatureOverAnotherStaticKeyIsRejected()
    {
        // A man in the middle relaying someone's signed payload over its own Noise key: the
        // signature does not cover the static key used in this handshake.
        const IdentityKey mallory = IdentityKey::generate();
        NoiseXXHandshake attacker(Role::Initiator, X25519KeyPair::generate());
        NoiseHandshake relay(Role::Responder, IdentityKey::generate());
        QVERIFY(relay.readMessage(*attacker.writeMessage({})));
        QVERIFY(attacker.readMessage(*relay.writeMessage()));
        const QByteArray payload = NoiseHandshakePayload::build(mallory, X25519KeyPair::generate().publicKey(), {});
        QVERIFY(!relay.readMessage(*attacker.writeMessage(payload)));
        QVERIFY(relay.hasFailed());
        QVERIFY(relay.errorText().contains(QLatin1String("signature")));
        QVERIFY(!relay.isComplete());
        QVERIFY(!relay.hasRemoteIdentity());
    }

    void aSignatureByAnotherIdentityIsRejected()
    {
        const IdentityKey claimed = IdentityKey::generate();
        const IdentityKey actual = IdentityKey::generate();
        const X25519KeyPair staticKey = X25519KeyPair::generate();
        NoiseXXHandshake attacker(Role::Initiator, staticKey);
        NoiseHandshake relay(Role::Responder, IdentityKey::generate());
        relay.readMessage(*attacker.writeMessage({}));
        attacker.readMessage(*relay.writeMessage());
        Proto::NoiseHandshakePayload payload;
        const QByteArray key = claimed.publicKey().toProtobuf();
        const QByteArray signature = actual.sign(NoiseHandshakePayload::signedData(staticKey.publicKey()));
        payload.set_identity_key(key.toStdString());
        payload.set_identity_sig(signature.toStdString());
        QVERIFY(!relay.readMessage(*attacker.writeMessage(payloadBytes(payload))));
        QVERIFY(relay.errorText().contains(QLatin1String("signature")));
    }

    void aPayloadWithoutSignatureOrWithGarbageIsRejected()
    {
        for (int variant = 0; variant < 3; ++variant) {
            const IdentityKey identity = IdentityKey::generate();
            NoiseXXHandshake attacker(Role::Initiator, X25519KeyPair::generate());
            NoiseHandshake relay(Role::Responder, IdentityKey::generate());
            relay.readMessage(*attacker.writeMessage({}));
            attacker.readMessage(*relay.writeMessage());
            Proto::NoiseHandshakePayload payload;
            payload.set_identity_key(identity.publicKey().toProtobuf().toStdString());
            QByteArray bytes = payloadBytes(payload); // variant 0: no signature
            if (variant == 1)
                bytes = "\xff\xff\xff"; // not a protobuf
            if (variant == 2) {
                payload.set_identity_key("\x08\x01\x12\x01x"); // an Ed25519 key of one byte
                payload.set_identity_sig(std::string(64, 's'));
                bytes = payloadBytes(payload);
            }
            QVERIFY2(!relay.readMessage(*attacker.writeMessage(bytes)), qPrintable(QString::number(variant)));
            QVERIFY(relay.hasFailed());
        }
    }

    void theResponderIsCheckedByTheInitiatorToo()
    {
        NoiseHandshake client(Role::Initiator, IdentityKey::generate());
        NoiseXXHandshake fakeRelay(Role::Responder, X25519KeyPair::generate());
        QVERIFY(fakeRelay.readMessage(*client.writeMessage()));
        const QByteArray payload = NoiseHandshakePayload::build(IdentityKey::generate(), X25519KeyPair::generate().publicKey(),
                                                                {QStringLiteral("/yamux/1.0.0")});
        QVERIFY(!client.readMessage(*fakeRelay.writeMessage(payload)));
        QVERIFY(client.hasFailed());
        QVERIFY(client.remoteStreamMuxers().isEmpty()); // nothing from a bad payload is kept
    }

    void anUnexpectedPeerFailsTheHandshake()
    {
        NoiseHandshake::Options options;
        options.expectedRemotePeer = IdentityKey::generate().peerId();
        NoiseHandshake initiator(Role::Initiator, IdentityKey::generate(), options);
        NoiseHandshake responder(Role::Responder, IdentityKey::generate());
        runHandshake(initiator, responder);
        QVERIFY(initiator.hasFailed());
        QVERIFY(initiator.errorText().contains(QLatin1String("expected peer")));
    }

    void tooManyMuxersAreRefused()
    {
        NoiseHandshake::Options options;
        for (int i = 0; i <= NoiseHandshakePayload::MaxStreamMuxers; ++i)
            options.streamMuxers.append(QStringLiteral("/muxer/%1").arg(i));
        NoiseHandshake initiator(Role::Initiator, IdentityKey::generate(), options);
        NoiseHandshake responder(Role::Responder, IdentityKey::generate());
        runHandshake(initiator, responder);
        QVERIFY(responder.hasFailed());
        QVERIFY(!responder.isComplete());
    }

    void noExtensionsMeansNoMuxers()
    {
        NoiseHandshake::Options options;
        options.streamMuxers.clear();
        NoiseHandshake initiator(Role::Initiator, IdentityKey::generate(), options);
        NoiseHandshake responder(Role::Responder, IdentityKey::generate());
        runHandshake(initiator, responder);
        QVERIFY(responder.isComplete());
        QVERIFY(responder.remoteStreamMuxers().isEmpty());
        QCOMPARE(initiator.remoteStreamMuxers(), QStringList{QString::fromLatin1(NoiseHandshake::Yamux)});
        // Without the initiator's list there is nothing to agree on: multistream-select decides.
        QCOMPARE(responder.negotiatedStreamMuxer(), QString());
        QCOMPARE(initiator.negotiatedStreamMuxer(), QString());
    }

    void theInitiatorsPreferenceChoosesTheMuxer()
    {
        const QStringList initiator{QStringLiteral("/mplex/6.7.0"), QStringLiteral("/yamux/1.0.0")};
        const QStringList responder{QStringLiteral("/yamux/1.0.0"), QStringLiteral("/mplex/6.7.0")};
        QCOMPARE(NoiseHandshake::chooseStreamMuxer(initiator, responder), QStringLiteral("/mplex/6.7.0"));
        QCOMPARE(NoiseHandshake::chooseStreamMuxer(responder, initiator), QStringLiteral("/yamux/1.0.0"));
        QCOMPARE(NoiseHandshake::chooseStreamMuxer(initiator, {QStringLiteral("/other")}), QString());
        QCOMPARE(NoiseHandshake::chooseStreamMuxer({}, responder), QString());
    }
};

QTEST_APPLESS_MAIN(TestLibp2pNoiseHandshake)
#include "tst_libp2p_noisehandshake.moc"

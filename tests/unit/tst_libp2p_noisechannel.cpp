// Unit tests for NoiseUpgrader and NoiseChannel: the libp2p Noise handshake over an in-memory
// pair of endpoints, then encrypted traffic both ways.
#include "fakeendpoint.h"
#include "libp2p/crypto/identitykey.h"
#include "libp2p/noise/noisechannel.h"
#include "libp2p/noise/noisehandshake.h"
#include "libp2p/noise/noiseupgrader.h"
#include "libp2p_memorypipe.h"

#include <QSignalSpy>
#include <QtTest>

#include <memory>

using namespace Libp2p;
using Role = NoiseHandshake::Role;

namespace {

// A secured connection: the client dialed (initiator), the relay accepted (responder).
struct Secured
{
    InMemoryPipe pipe;
    IdentityKey clientIdentity = IdentityKey::generate();
    IdentityKey relayIdentity = IdentityKey::generate();
    std::unique_ptr<NoiseChannel> client;
    std::unique_ptr<NoiseChannel> relay;
    QByteArray clientReceived;
    QByteArray relayReceived;
    qsizetype clientWireAtStart = 0; // bytes the client had sent when the handshake ended
    qsizetype relayWireAtStart = 0;

    bool establish(qsizetype chunkBytes = 0)
    {
        pipe.left->chunkBytes = chunkBytes;
        pipe.right->chunkBytes = chunkBytes;
        auto *dialing = new NoiseUpgrader(Role::Initiator, pipe.left, clientIdentity);
        auto *accepting = new NoiseUpgrader(Role::Responder, pipe.right, relayIdentity);
        QObject::connect(dialing, &NoiseUpgrader::secured, [this](NoiseChannel *channel) { adopt(client, channel, clientReceived); });
        QObject::connect(accepting, &NoiseUpgrader::secured, [this](NoiseChannel *channel) { adopt(relay, channel, relayReceived); });
        accepting->start();
        dialing->start();
        QElapsedTimer deadline;
        deadline.start();
        while ((!client || !relay) && deadline.elapsed() < 5000)
            QTest::qWait(1);
        clientWireAtStart = pipe.left->sentBytes.size();
        relayWireAtStart = pipe.right->sentBytes.size();
        return client && relay;
    }

    static void adopt(std::unique_ptr<NoiseChannel> &slot, NoiseChannel *channel, QByteArray &sink)
    {
        slot.reset(channel);
        QObject::connect(channel, &PipeEndpoint::received, [&sink](const QByteArray &data, bool) { sink += data; });
    }
};

// Splits what went over the wire into Noise frames (lengths only).
QList<qsizetype> frameSizes(const QByteArray &wire)
{
    NoiseFrameReader reader;
    reader.append(wire);
    QList<qsizetype> sizes;
    QByteArrayView frame;
    while (reader.next(&frame))
        sizes.append(frame.size());
    return reader.bufferedBytes() == 0 ? sizes : QList<qsizetype>{-1};
}

} // namespace

class TestLibp2pNoiseChannel : public QObject
{
    Q_OBJECT

private slots:
    void handshakeThenMessagesBothWays()
    {
        Secured s;
        QVERIFY(s.establish());
        QCOMPARE(s.client->remotePeerId(), s.relayIdentity.peerId());
        QCOMPARE(s.relay->remotePeerId(), s.clientIdentity.peerId());
        QCOMPARE(s.relay->remoteIdentityKey(), s.clientIdentity.publicKey());
        QCOMPARE(s.relay->remoteStreamMuxers(), QStringList{QStringLiteral("/yamux/1.0.0")});
        QCOMPARE(s.client->remoteStreamMuxers(), QStringList{QStringLiteral("/yamux/1.0.0")});
        QCOMPARE(s.relay->negotiatedStreamMuxer(), QStringLiteral("/yamux/1.0.0"));
        QCOMPARE(s.client->negotiatedStreamMuxer(), QStringLiteral("/yamux/1.0.0"));
        QVERIFY(s.client->isOpen());
        QVERIFY(s.relay->describe().contains(s.clientIdentity.peerId().toString()));
        // The three handshake messages, framed: 32 bytes; 32 + 48 + payload; 48 + payload.
        const QList<qsizetype> clientFrames = frameSizes(s.pipe.left->sentBytes);
        const QList<qsizetype> relayFrames = frameSizes(s.pipe.right->sentBytes);
        QCOMPARE(clientFrames.size(), 2);
        QCOMPARE(clientFrames[0], 32);
        QCOMPARE(relayFrames.size(), 1);
        QVERIFY(relayFrames[0] > 32 + 48 + 16);

        s.client->send("hello relay", false);
        s.relay->send("hello client", false);
        QTRY_COMPARE_WITH_TIMEOUT(s.relayReceived, QByteArray("hello relay"), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(s.clientReceived, QByteArray("hello client"), 5000);
        // Nothing readable on the wire.
        QVERIFY(!s.pipe.left->sentBytes.contains("hello relay"));
    }

    void aLargeWriteIsSplitIntoFullFrames()
    {
        Secured s;
        QVERIFY(s.establish());
        QByteArray big(200000, Qt::Uninitialized);
        for (qsizetype i = 0; i < big.size(); ++i)
            big[i] = char(i * 7 + (i >> 8));
        const int sendsBefore = s.pipe.left->sendCalls;
        s.client->send(big, false);
        QCOMPARE(s.pipe.left->sendCalls, sendsBefore + 1); // all frames in one raw write
        const QList<qsizetype> frames = frameSizes(s.pipe.left->sentBytes.mid(s.clientWireAtStart));
        QCOMPARE(frames, (QList<qsizetype>{65535, 65535, 65535, 200000 - 3 * 65519 + 16}));
        QCOMPARE(s.client->sendNonce(), quint64(4));
        QTRY_COMPARE_WITH_TIMEOUT(s.relayReceived.size(), big.size(), 5000);
        QCOMPARE(s.relayReceived, big);
        QCOMPARE(s.relay->receiveNonce(), quint64(4));

        // The other way too, in one frame exactly at the limit and one byte over it.
        s.relay->send(QByteArray(NoiseChannel::MaxPlaintextPerFrame, 'a'), false);
        s.relay->send(QByteArray(NoiseChannel::MaxPlaintextPerFrame + 1, 'b'), false);
        QCOMPARE(frameSizes(s.pipe.right->sentBytes.mid(s.relayWireAtStart)), (QList<qsizetype>{65535, 65535, 17}));
        QTRY_COMPARE_WITH_TIMEOUT(s.clientReceived.size(), 2 * NoiseChannel::MaxPlaintextPerFrame + 1, 5000);
    }

    void noncesCountFramesPerDirection()
    {
        Secured s;
        QVERIFY(s.establish());
        QCOMPARE(s.client->sendNonce(), quint64(0));
        QCOMPARE(s.client->receiveNonce(), quint64(0));
        for (int i = 0; i < 3; ++i)
            s.client->send(QByteArray::number(i), false);
        s.relay->send("x", false);
        QCOMPARE(s.client->sendNonce(), quint64(3));
        QCOMPARE(s.relay->sendNonce(), quint64(1));
        QTRY_COMPARE_WITH_TIMEOUT(s.relayReceived, QByteArray("012"), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(s.clientReceived, QByteArray("x"), 5000);
        QCOMPARE(s.relay->receiveNonce(), quint64(3));
        QCOMPARE(s.client->receiveNonce(), quint64(1));
        // Each frame is encrypted under its own nonce: equal plaintexts look different.
        s.client->send("same", false);
        s.client->send("same", false);
        const QByteArray wire = s.pipe.left->sentBytes;
        QCOMPARE(wire.right(22).left(2), QByteArray::fromHex("0014"));
        QVERIFY(wire.right(20) != wire.right(42).left(20));
    }

    void tamperedCiphertextClosesTheConnection()
    {
        Secured s;
        QVERIFY(s.establish());
        QSignalSpy relayClosed(s.relay.get(), &PipeEndpoint::closed);
        s.pipe.left->tamper = [](const QByteArray &data) {
            QByteArray changed = data;
            changed[changed.size() - 1] = char(changed.back() ^ 0x01); // one bit of the tag
            return changed;
        };
        s.client->send("transfer 100 coins", false);
        QVERIFY(relayClosed.wait(5000));
        QCOMPARE(relayClosed.first().at(0).toInt(), int(NoiseChannel::SecurityErrorCode));
        QVERIFY(s.relayReceived.isEmpty());
        QVERIFY(!s.relay->isOpen());
        QVERIFY(!s.pipe.right->isOpen()); // the raw connection was closed too
        QCOMPARE(relayClosed.size(), 1);
    }

    void bytesArrivingOneAtATimeStillWork()
    {
        Secured s;
        QVERIFY(s.establish(1));
        s.client->send(QByteArray(1000, 'z'), false);
        QTRY_COMPARE_WITH_TIMEOUT(s.relayReceived, QByteArray(1000, 'z'), 10000);
    }

    void transportFramesBehindTheLastHandshakeMessageAreDelivered()
    {
        // The client's message 3 and its first transport frame arrive in a single read.
        auto *relayRaw = new FakeEndpoint("relay"); // owned by the channel once secured
        std::unique_ptr<FakeEndpoint> ownedUntilSecured(relayRaw);
        const IdentityKey clientIdentity = IdentityKey::generate();
        NoiseHandshake client(Role::Initiator, clientIdentity);
        auto *upgrader = new NoiseUpgrader(Role::Responder, relayRaw, IdentityKey::generate());
        std::unique_ptr<NoiseChannel> channel;
        connect(upgrader, &NoiseUpgrader::secured, this, [&](NoiseChannel *secured) {
            ownedUntilSecured.release();
            channel.reset(secured);
        });
        upgrader->start();
        QByteArray frame;
        NoiseFrames::append(frame, *client.writeMessage());
        relayRaw->deliver(frame);
        QCOMPARE(relayRaw->sent.size(), 1);
        QVERIFY(client.readMessage(QByteArrayView(relayRaw->sent[0].first).sliced(2)));
        QByteArray last;
        NoiseFrames::append(last, *client.writeMessage());
        auto ciphers = client.takeTransportCiphers();
        QByteArray early;
        QVERIFY(ciphers.send.encryptWithAd({}, "early data", &early));
        NoiseFrames::append(last, early);
        relayRaw->deliver(last);
        QVERIFY(channel);
        QCOMPARE(channel->rawEndpoint(), relayRaw);
        QCOMPARE(channel->remotePeerId(), clientIdentity.peerId());
        QSignalSpy received(channel.get(), &PipeEndpoint::received);
        // Delivered from the event loop, so a slot connected right after `secured` gets it.
        QVERIFY(received.isEmpty());
        QVERIFY(received.wait(5000));
        QCOMPARE(received.first().at(0).toByteArray(), QByteArray("early data"));
    }

    void pauseAndBackpressurePassThrough()
    {
        Secured s;
        QVERIFY(s.establish());
        s.relay->pauseReading();
        QVERIFY(s.pipe.right->paused);
        s.client->send("held back", false);
        // The frame reaches the paused raw endpoint and waits there: nothing is delivered.
        QTRY_VERIFY_WITH_TIMEOUT(s.pipe.right->queuedItems() > 0, 5000);
        QVERIFY(s.relayReceived.isEmpty());
        s.relay->resumeReading();
        QVERIFY(!s.pipe.right->paused);
        QTRY_COMPARE_WITH_TIMEOUT(s.relayReceived, QByteArray("held back"), 5000);
        QCOMPARE(s.relay->pendingBytes(), s.pipe.right->pendingBytes());
    }

    void halfCloseAndCloseArePassedOn()
    {
        Secured s;
        QVERIFY(s.establish());
        QSignalSpy relayFinished(s.relay.get(), &PipeEndpoint::readFinished);
        QSignalSpy relayClosed(s.relay.get(), &PipeEndpoint::closed);
        QSignalSpy clientClosed(s.client.get(), &PipeEndpoint::closed);
        s.client->send("last words", false);
        s.client->finishWriting();
        QVERIFY(s.pipe.left->writeFinished);
        const quint64 nonceAtFin = s.client->sendNonce();
        s.client->send("too late", false); // refused after our FIN: no frame, no nonce
        QCOMPARE(s.client->sendNonce(), nonceAtFin);
        QVERIFY(relayFinished.wait(5000));
        QCOMPARE(s.relayReceived, QByteArray("last words")); // data first, then the end
        s.relay->send("reply after FIN", false);
        QTRY_COMPARE_WITH_TIMEOUT(s.clientReceived, QByteArray("reply after FIN"), 5000);
        s.relay->close(1000, QStringLiteral("done"));
        QCOMPARE(relayClosed.size(), 1);
        QVERIFY(clientClosed.wait(5000));
        QVERIFY(!s.client->isOpen());
    }

    void garbageOrSilenceFailsTheUpgrade()
    {
        {
            FakeEndpoint raw("relay");
            auto *upgrader = new NoiseUpgrader(Role::Responder, &raw, IdentityKey::generate());
            QSignalSpy failed(upgrader, &NoiseUpgrader::failed);
            upgrader->start();
            raw.deliver(QByteArray::fromHex("0003") + "abc"); // message 1 shorter than a key
            QCOMPARE(failed.size(), 1);
            QVERIFY(raw.open); // the caller decides what to do with the connection
        }
        {
            FakeEndpoint raw("relay");
            NoiseUpgrader::Limits limits;
            limits.timeoutMs = 20;
            auto *upgrader = new NoiseUpgrader(Role::Responder, &raw, IdentityKey::generate(), {}, limits);
            QSignalSpy failed(upgrader, &NoiseUpgrader::failed);
            upgrader->start();
            QVERIFY(failed.wait(5000));
            QVERIFY(failed.first().at(0).toString().contains(QLatin1String("timed out")));
        }
        {
            FakeEndpoint raw("relay");
            auto *upgrader = new NoiseUpgrader(Role::Responder, &raw, IdentityKey::generate());
            QSignalSpy failed(upgrader, &NoiseUpgrader::failed);
            upgrader->start();
            raw.peerCloses(1006, QStringLiteral("reset"));
            QCOMPARE(failed.size(), 1);
        }
    }
};

QTEST_GUILESS_MAIN(TestLibp2pNoiseChannel)
#include "tst_libp2p_noisechannel.moc"

#pragma once
// A Noise-secured byte stream: a PipeEndpoint over another PipeEndpoint (a TcpChannel or a
// binary WebSocket) once the libp2p Noise handshake is done. Created by NoiseUpgrader; use it as
// any byte stream (yamux runs on top of it).
//
// Writes are cut into transport messages of at most 65519 plaintext bytes (65535 with the
// 16-byte tag), each framed with its 2-byte length; all frames of one send() go to the raw
// endpoint in one write. Each direction has its own counter nonce. Incoming frames are
// decrypted as they complete; all plaintext from one raw delivery is emitted as one
// `received`. A frame that fails to authenticate (tampering, a wrong key, a replay) closes the
// connection at once: nothing of it is delivered. Backpressure passes straight through:
// pauseReading()/resumeReading() pause the raw endpoint (and hold back frames already read),
// pendingBytes() and wrote() are the raw endpoint's.
#include "libp2p/crypto/peerid.h"
#include "libp2p/crypto/publickey.h"
#include "net/pipe/pipeendpoint.h"
#include "noisecipherstate.h"
#include "noiseframes.h"

#include <QPointer>
#include <QStringList>

namespace Libp2p {

class NoiseHandshake;

class NoiseChannel : public PipeEndpoint
{
    Q_OBJECT
public:
    // Plaintext bytes per transport message: the frame limit minus the AEAD tag.
    static constexpr qsizetype MaxPlaintextPerFrame = NoiseFrames::MaxFrameBytes - NoiseCipherState::TagBytes;
    // Close code when a frame does not decrypt or the nonces run out (WebSocket-style codes, as
    // PipeEndpoint uses: 1002 is "protocol error").
    static constexpr quint16 SecurityErrorCode = 1002;

    // Takes ownership of `raw`. `handshake` must be complete; its transport ciphers are taken.
    // `alreadyReceived` are bytes read from `raw` after the last handshake message (the peer's
    // first transport frames); they are delivered from the event loop, after the creator had the
    // chance to connect to `received`.
    NoiseChannel(PipeEndpoint *raw, NoiseHandshake &handshake, const QByteArray &alreadyReceived,
                 QObject *parent = nullptr);
    ~NoiseChannel() override;

    // PipeEndpoint
    void send(const QByteArray &data, bool text) override;
    qint64 pendingBytes() const override;
    void pauseReading() override;
    void resumeReading() override;
    void close(quint16 code, const QString &reason) override;
    bool isOpen() const override;
    QString describe() const override;
    void finishWriting() override;

    const PeerId &remotePeerId() const { return m_remotePeerId; }
    const PublicKey &remoteIdentityKey() const { return m_remoteIdentityKey; }
    // The muxers the peer offered in the handshake (see NoiseHandshake::remoteStreamMuxers).
    const QStringList &remoteStreamMuxers() const { return m_remoteStreamMuxers; }
    // The muxer agreed on in the handshake ("/yamux/1.0.0"), or empty: then run
    // multistream-select on this channel to choose one (see NoiseHandshake::negotiatedStreamMuxer).
    const QString &negotiatedStreamMuxer() const { return m_negotiatedStreamMuxer; }
    PipeEndpoint *rawEndpoint() const { return m_raw; }
    // Nonces the next outgoing and incoming transport message will use.
    quint64 sendNonce() const { return m_send.nonce(); }
    quint64 receiveNonce() const { return m_receive.nonce(); }

private:
    void onRawReceived(const QByteArray &data);
    void processInbound();
    void onRawReadFinished();
    void onRawClosed(quint16 code, const QString &reason);
    void fail(const QString &reason);
    void emitClosed(quint16 code, const QString &reason);

    QPointer<PipeEndpoint> m_raw;
    NoiseCipherState m_send;
    NoiseCipherState m_receive;
    NoiseFrameReader m_inbound;
    PeerId m_remotePeerId;
    PublicKey m_remoteIdentityKey;
    QStringList m_remoteStreamMuxers;
    QString m_negotiatedStreamMuxer;
    bool m_writeFinished = false;
    bool m_paused = false;
    bool m_processing = false;
    bool m_failed = false;
    bool m_peerFinished = false; // the raw endpoint reported end of input
    bool m_readFinishedEmitted = false;
    bool m_rawClosed = false; // held back while paused with frames still to deliver
    quint16 m_rawCloseCode = 0;
    QString m_rawCloseReason;
    bool m_closedEmitted = false;
};

} // namespace Libp2p

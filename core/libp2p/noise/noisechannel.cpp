#include "noisechannel.h"

#include "log/logcategories.h"
#include "noisehandshake.h"

namespace Libp2p {

NoiseChannel::NoiseChannel(PipeEndpoint *raw, NoiseHandshake &handshake, const QByteArray &alreadyReceived,
                           QObject *parent)
    : PipeEndpoint(parent),
      m_raw(raw),
      m_remotePeerId(handshake.remotePeerId()),
      m_remoteIdentityKey(handshake.remoteIdentityKey()),
      m_remoteStreamMuxers(handshake.remoteStreamMuxers()),
      m_negotiatedStreamMuxer(handshake.negotiatedStreamMuxer())
{
    Q_ASSERT(handshake.isComplete());
    auto ciphers = handshake.takeTransportCiphers();
    m_send = std::move(ciphers.send);
    m_receive = std::move(ciphers.receive);
    raw->setParent(this);
    connect(raw, &PipeEndpoint::received, this, [this](const QByteArray &data, bool) { onRawReceived(data); });
    connect(raw, &PipeEndpoint::wrote, this, &PipeEndpoint::wrote);
    connect(raw, &PipeEndpoint::readFinished, this, &NoiseChannel::onRawReadFinished);
    connect(raw, &PipeEndpoint::closed, this, &NoiseChannel::onRawClosed);
    m_inbound.append(alreadyReceived);
    if (!raw->isOpen()) {
        // It closed before we were listening: report that, after any frames that made it.
        m_rawClosed = true;
        m_rawCloseCode = 1006;
        m_rawCloseReason = QStringLiteral("connection lost");
    }
    if (!alreadyReceived.isEmpty() || m_rawClosed)
        QMetaObject::invokeMethod(this, &NoiseChannel::processInbound, Qt::QueuedConnection);
}

NoiseChannel::~NoiseChannel()
{
    // The raw endpoint is our child; make sure none of its last signals reach a half-destroyed us.
    if (m_raw) {
        disconnect(m_raw, nullptr, this, nullptr);
        delete m_raw;
    }
}

void NoiseChannel::send(const QByteArray &data, bool)
{
    // After our FIN nothing more may go out (and no nonce is spent on frames never sent).
    if (!isOpen() || m_writeFinished || data.isEmpty())
        return;
    const qsizetype frames = (data.size() + MaxPlaintextPerFrame - 1) / MaxPlaintextPerFrame;
    QByteArray out;
    out.reserve(data.size() + frames * (NoiseFrames::HeaderBytes + NoiseCipherState::TagBytes));
    for (qsizetype offset = 0; offset < data.size(); offset += MaxPlaintextPerFrame) {
        const QByteArrayView chunk = QByteArrayView(data).sliced(offset, std::min(MaxPlaintextPerFrame, data.size() - offset));
        // The length header is written first and the ciphertext appended straight after it.
        const qsizetype header = out.size();
        NoiseFrames::append(out, QByteArrayView());
        if (!m_send.encryptWithAd({}, chunk, &out)) {
            fail(QStringLiteral("cannot encrypt (nonces used up)"));
            return;
        }
        const quint16 length = quint16(out.size() - header - NoiseFrames::HeaderBytes);
        out[header] = char(length >> 8);
        out[header + 1] = char(length & 0xff);
    }
    m_raw->send(out, false);
}

qint64 NoiseChannel::pendingBytes() const
{
    return m_raw ? m_raw->pendingBytes() : 0;
}

void NoiseChannel::pauseReading()
{
    m_paused = true;
    if (m_raw)
        m_raw->pauseReading();
}

void NoiseChannel::resumeReading()
{
    if (!m_paused)
        return;
    m_paused = false;
    if (m_raw)
        m_raw->resumeReading();
    // Frames held back while paused, and an end that waited behind them, go out from the event
    // loop (not from inside the caller, which may be in the middle of its own bookkeeping).
    if (m_inbound.bufferedBytes() > 0 || m_peerFinished || m_rawClosed)
        QMetaObject::invokeMethod(this, &NoiseChannel::processInbound, Qt::QueuedConnection);
}

void NoiseChannel::close(quint16 code, const QString &reason)
{
    if (m_raw && m_raw->isOpen())
        m_raw->close(code, reason); // its `closed` comes back to us and is passed on
    else
        emitClosed(code, reason);
}

bool NoiseChannel::isOpen() const
{
    return !m_failed && !m_closedEmitted && m_raw && m_raw->isOpen();
}

QString NoiseChannel::describe() const
{
    return QStringLiteral("noise %1 %2").arg(m_raw ? m_raw->describe() : QStringLiteral("(gone)"), m_remotePeerId.toString());
}

void NoiseChannel::finishWriting()
{
    if (!isOpen() || m_writeFinished)
        return;
    m_writeFinished = true;
    m_raw->finishWriting();
}

void NoiseChannel::onRawReceived(const QByteArray &data)
{
    if (m_failed || m_closedEmitted)
        return;
    m_inbound.append(data);
    processInbound();
}

void NoiseChannel::processInbound()
{
    if (m_processing || m_failed || m_closedEmitted)
        return;
    const QPointer<NoiseChannel> self(this);
    m_processing = true;
    // Decrypt every whole frame buffered, deliver the plaintext as one chunk, and look again: the
    // receiver may have paused, or more bytes may have arrived while it was busy.
    while (!m_paused) {
        QByteArray plaintext;
        QByteArrayView frame;
        while (m_inbound.next(&frame)) {
            if (!m_receive.decryptWithAd({}, frame, &plaintext)) {
                m_processing = false;
                fail(QStringLiteral("a Noise frame failed to decrypt"));
                return;
            }
        }
        if (plaintext.isEmpty())
            break;
        emit received(plaintext, false);
        if (!self)
            return;
    }
    m_processing = false;
    if (m_failed || m_closedEmitted)
        return;
    // An end the peer announced waits behind the frames a paused reader has not taken yet.
    const bool holding = m_paused && m_inbound.bufferedBytes() > 0;
    if (m_peerFinished && !m_readFinishedEmitted && !holding && !m_rawClosed) {
        if (m_inbound.bufferedBytes() > 0) {
            fail(QStringLiteral("the connection ended inside a Noise frame"));
            return;
        }
        m_readFinishedEmitted = true;
        emit readFinished();
        if (!self)
            return;
    }
    if (m_rawClosed && !holding)
        emitClosed(m_rawCloseCode, m_rawCloseReason);
}

void NoiseChannel::onRawReadFinished()
{
    m_peerFinished = true;
    processInbound();
}

void NoiseChannel::onRawClosed(quint16 code, const QString &reason)
{
    if (m_failed || m_closedEmitted)
        return;
    m_rawClosed = true;
    m_rawCloseCode = code;
    m_rawCloseReason = reason;
    processInbound();
}

void NoiseChannel::fail(const QString &reason)
{
    if (m_failed)
        return;
    m_failed = true;
    qCInfo(lcLibp2p).noquote() << "closing" << describe() << ":" << reason;
    if (m_raw && m_raw->isOpen())
        m_raw->close(SecurityErrorCode, reason);
    emitClosed(SecurityErrorCode, reason);
}

void NoiseChannel::emitClosed(quint16 code, const QString &reason)
{
    if (m_closedEmitted)
        return;
    m_closedEmitted = true;
    emit closed(code, reason);
}

} // namespace Libp2p

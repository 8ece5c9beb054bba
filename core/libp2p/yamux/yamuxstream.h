#pragma once
// One yamux stream, seen as a PipeEndpoint: the relay's Pipe can bridge two of them (the two
// halves of a relayed circuit) with backpressure and half-close in both directions.
//
// Sending: send() queues; the session hands the queue to the connection in frames that never
// exceed the window the peer granted (js-libp2p-yamux kills the whole session if a peer does),
// and only while the connection's own backlog is small. pendingBytes() is what is still queued
// here, so a slow remote reader (its window closed) shows up as backpressure to the Pipe.
//
// Receiving: `received` is emitted as data frames arrive, and the window is given back to the
// peer (a window update) once half of it has been consumed. While reading is paused, arriving
// data is held (at most the window) and no window update is sent, so the peer stalls at its
// window: that is how a slow reader on one side of a circuit slows the sender on the other.
//
// Ending: finishWriting() sends FIN after everything queued; `readFinished` follows the peer's
// FIN; `closed` follows once both directions are finished (code 1000), on a reset, or when the
// session ends. close() resets the stream (RST) unless both directions are already finished, in
// which case it only waits for the queued data and FIN to go out (at most closeLingerMs).
//
// Streams belong to their YamuxSession, which deletes each one (deleteLater) right after its
// `closed` signal: keep a QPointer, not a raw pointer, to a stream you hold on to.
#include "net/pipe/pipeendpoint.h"
#include "yamuxframe.h"

#include <QList>
#include <QPointer>

class QTimer;
class YamuxSession;

class YamuxStream : public PipeEndpoint
{
    Q_OBJECT
public:
    ~YamuxStream() override;

    // PipeEndpoint. `text` is ignored: a stream carries bytes.
    void send(const QByteArray &data, bool text = false) override;
    qint64 pendingBytes() const override { return m_queuedBytes; }
    void pauseReading() override;
    void resumeReading() override;
    void close(quint16 code, const QString &reason) override;
    bool isOpen() const override { return !m_closed && !m_closeRequested; }
    QString describe() const override;
    void finishWriting() override;

    quint32 id() const { return m_id; }
    // Opened by the peer (newStream) rather than by openStream().
    bool isInbound() const { return m_inbound; }
    YamuxSession *session() const { return m_session; }

    // An inbound stream is acknowledged (ACK flag) with the first frame it sends, which saves a
    // frame for protocols that answer at once (multistream-select). A handler that wants to
    // accept the stream without writing anything yet calls this.
    void acknowledge();

    // For diagnostics and tests.
    bool isReadFinished() const { return m_readFinished; }
    bool isWriteFinished() const { return m_finQueued; }
    bool isFinSent() const { return m_finSent; }
    // Bytes the peer lets us send before its next window update.
    qint64 sendWindow() const { return m_sendWindow; }
    // Bytes the peer may still send before we give it more window.
    quint32 receiveWindowAvailable() const { return m_recvAvailable; }
    // Bytes received while reading was paused, not delivered yet.
    qint64 bufferedBytes() const { return m_bufferedBytes; }

private:
    friend class YamuxSession;
    YamuxStream(YamuxSession *session, quint32 id, bool inbound, quint32 receiveWindowBytes, int closeLingerMs);

    // Called by the session for every frame addressed to this stream. Returns false (and sets
    // `error`) when the peer broke the protocol: the session then goes away.
    bool handleFrame(const Yamux::FrameHeader &header, QByteArray &&payload, QString &error);
    // Hands at most one frame (data within the send window, or the FIN) to the session. Returns
    // whether a frame was written.
    bool writeNextFrame(qint64 maxDataBytes);
    // The session ended: no frame may be written any more.
    void sessionEnded(quint16 code, const QString &reason);

    void receiveData(QByteArray &&data);
    void scheduleDelivery();
    void deliverBuffered();
    void deliverReadFinished();
    void maybeSendWindowUpdate();
    void sendWindowUpdateNow();
    quint16 takeOpenFlags();
    QByteArray takeQueued(qint64 bytes);
    void sendReset();
    void finishIfDone();
    void finish(quint16 code, const QString &reason);

    QPointer<YamuxSession> m_session;
    const quint32 m_id;
    const bool m_inbound;
    const int m_closeLingerMs;

    // Sending.
    QList<QByteArray> m_queue;
    qsizetype m_headOffset = 0; // bytes of m_queue.first() already sent
    qint64 m_queuedBytes = 0;
    qint64 m_sendWindow = Yamux::InitialWindowBytes;
    bool m_needsAck = false; // inbound, ACK not sent yet
    bool m_finQueued = false;
    bool m_finSent = false;
    bool m_inSend = false; // send() is flushing: no `wrote` for our own call

    // Receiving. Invariant: m_recvAvailable + m_bufferedBytes + consumed == m_recvWindowSize,
    // where `consumed` is what was delivered but not yet given back in a window update.
    const quint32 m_recvWindowSize;
    quint32 m_recvAvailable = Yamux::InitialWindowBytes;
    quint32 m_unannounced = 0; // window above 256 KiB the peer has not been told about yet
    QList<QByteArray> m_received;
    qint64 m_bufferedBytes = 0;
    bool m_paused = false;
    bool m_deliveryScheduled = false;
    bool m_remoteFin = false;    // the peer's FIN arrived
    bool m_readFinished = false; // ... and was delivered (readFinished emitted)

    // Ending.
    bool m_closeRequested = false; // close() while the queue and FIN were still going out
    quint16 m_closeCode = 1000;
    QString m_closeReason;
    QTimer *m_linger = nullptr;
    bool m_closed = false;
};

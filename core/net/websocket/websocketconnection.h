#pragma once
// A server-side WebSocket over a TCP or TLS socket, after a successful handshake. Whole messages
// in and out, pings answered, the close handshake with a timeout, and reading that can be paused
// (the socket's read buffer is bounded, so a paused connection stops taking bytes from the
// kernel and TCP pushes back on the client).
#include "net/httprequest.h"
#include "net/pipe/pipeendpoint.h"
#include "websocketframereader.h"

#include <QPointer>
#include <QTcpSocket>
#include <QBasicTimer>

namespace WebSocketCloseCode {
constexpr quint16 Normal = 1000;
constexpr quint16 GoingAway = 1001;
constexpr quint16 ProtocolError = 1002;
constexpr quint16 UnsupportedData = 1003;
constexpr quint16 NoStatus = 1005;
constexpr quint16 Abnormal = 1006;
constexpr quint16 InvalidPayload = 1007;
constexpr quint16 PolicyViolation = 1008;
constexpr quint16 TooBig = 1009;
constexpr quint16 InternalError = 1011;
constexpr quint16 TryAgainLater = 1013;
}

class WebSocketConnection : public PipeEndpoint
{
    Q_OBJECT
public:
    struct Limits
    {
        qint64 maxMessageBytes = 1024 * 1024;
        // Bytes Qt may buffer from the kernel while this connection is not being read.
        qint64 readBufferBytes = 256 * 1024;
        int closeTimeoutMs = 3000;
    };

    // Takes ownership of `socket`, whose upgrade request has been consumed and answered.
    WebSocketConnection(QTcpSocket *socket, HttpRequest request, const Limits &limits, QObject *parent = nullptr);
    ~WebSocketConnection() override;

    // PipeEndpoint
    void send(const QByteArray &data, bool text) override;
    qint64 pendingBytes() const override;
    void pauseReading() override;
    void resumeReading() override;
    void close(quint16 code, const QString &reason) override;
    bool isOpen() const override { return m_state == State::Open; }
    QString describe() const override;
    // Its socket moves with it; the gateway that adopted it finds it through queued calls then.
    bool canChangeThread() const override { return true; }

    void sendText(const QByteArray &utf8) { send(utf8, true); }
    void sendBinary(const QByteArray &data) { send(data, false); }
    void ping(const QByteArray &payload = {});
    // Drops the TCP connection without a close handshake.
    void abort();
    // Hands the socket over to someone else (cluster mode carries it to another node), with the
    // bytes after the last message read still in it: call it while reading is paused, right after
    // a message. This connection is over then (`closed` follows); nothing is sent on the socket.
    QTcpSocket *takeSocket();

    const HttpRequest &request() const { return m_request; }
    // Drops the upgrade request's headers (path, host and addresses stay). Services read them
    // when they take the socket; an idle socket need not carry them for hours.
    void forgetRequestHeaders();
    QHostAddress peerAddress() const { return m_request.peerAddress; }
    // When the last frame of any kind arrived (msecs since the epoch).
    qint64 lastActivityMs() const { return m_lastActivityMs; }
    bool isReadingPaused() const { return m_paused; }
    void setMaxMessageBytes(qint64 bytes) { m_reader.setMaxMessageBytes(bytes); }
    // Gathers the data frames sent during one pass of the event loop and writes them with one
    // call when the pass is over. For a socket that many small messages go to at once (a
    // desktop the tunnel sends every browser request to): fewer writes for the relay, fewer
    // wake-ups and reads for the peer. A pipe between two peers keeps writing at once.
    void setCoalescingWrites(bool on);

protected:
    void timerEvent(QTimerEvent *event) override;

signals:
    void pongReceived(const QByteArray &payload);

private:
    enum class State { Open, Closing, Closed };
    void readAvailable();
    void onControl(int opcode, const QByteArray &payload);
    void writeFrame(int opcode, const char *data, qsizetype size);
    void writeToSocket(const char *head, qsizetype headSize, const char *data, qsizetype size);
    void flushCoalesced();
    void finish(quint16 code, const QString &reason);
    void halfCloseWhenWritten();

    QTcpSocket *m_socket;
    HttpRequest m_request;
    Limits m_limits;
    WebSocketFrameReader m_reader;
    State m_state = State::Open;
    bool m_paused = false;
    bool m_reading = false;
    bool m_discardInput = false; // after a protocol error nothing the peer sends is looked at
    qint64 m_lastActivityMs = 0;
    quint16 m_closeCode = WebSocketCloseCode::Abnormal;
    QString m_closeReason;
    // A QBasicTimer, not a QTimer: every idle socket carries it, and a QTimer is a QObject.
    QBasicTimer m_closeTimer;
    bool m_coalescing = false;
    bool m_flushScheduled = false;
    QByteArray m_coalesced; // frames waiting for the end of this event-loop pass
    qintptr m_plainDescriptor = -1; // set for plain TCP, where frames may bypass Qt's write buffer
};

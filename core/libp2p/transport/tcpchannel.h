#pragma once
// A raw TCP connection as a PipeEndpoint: how a libp2p node that dialed /ip4/.../tcp/... reaches
// multistream-select and Noise. Takes ownership of a connected QTcpSocket (a QSslSocket after
// its handshake works too).
//
// - Backpressure: Qt's read buffer is bounded (Limits::readBufferBytes), so after
//   pauseReading() Qt stops taking bytes from the kernel once that much is buffered, and TCP
//   flow control pushes back on the sender.
// - TCP_NODELAY: libp2p sends many small frames (multistream lines, handshake messages, yamux
//   window updates); Nagle's algorithm would hold them back behind unacknowledged data.
// - Half-close: finishWriting() sends FIN (shutdown(SHUT_WR)) once queued bytes are out, and
//   reading goes on. The peer's FIN emits readFinished after everything before it was delivered,
//   then `closed` (code 1000): Qt has no read-side half-close and closes the socket as soon as it
//   reads a FIN, dropping whatever was still queued for the peer. For libp2p that only happens
//   at connection teardown (yamux streams half-close on their own).
// - Writes go straight to the kernel (::send, non-blocking) while Qt's write buffer is empty;
//   only what the kernel does not take goes through QTcpSocket::write. QTcpSocket::write arms
//   its write notifier and flush() disarms it, and with the glib event dispatcher each change
//   wakes the main context (an eventfd write) and rebuilds its poll set: two extra syscalls per
//   write, a third of the relay's CPU in the circuit benchmark (docs/PERFORMANCE.md); on an
//   epoll dispatcher each change is an epoll_ctl instead. And what
//   is sent while a TcpWriteBatch is active (during the delivery of what any channel read) is
//   held and written once when the batch ends (tcpwritebatch.h).
// - close() flushes what is queued, then closes; a peer that does not take the bytes within
//   Limits::closeTimeoutMs is cut off. A socket error reports 1006; Qt reports a peer's reset
//   (RST) like its FIN, so a reset ends as readFinished + closed(1000) too.
#include "net/pipe/pipeendpoint.h"

#include <QHostAddress>
#include <QTcpSocket>
#include <QTimer>

namespace Libp2p {

class TcpChannel : public PipeEndpoint
{
    Q_OBJECT
public:
    struct Limits
    {
        // Bytes Qt may hold from the kernel while we are not reading.
        qint64 readBufferBytes = 256 * 1024;
        // Most bytes handed to `received` at once.
        qint64 maxChunkBytes = 64 * 1024;
        int closeTimeoutMs = 3000;
    };

    TcpChannel(QTcpSocket *socket, const Limits &limits, QObject *parent = nullptr);
    explicit TcpChannel(QTcpSocket *socket, QObject *parent = nullptr) : TcpChannel(socket, Limits(), parent) {}
    ~TcpChannel() override;

    // PipeEndpoint
    void send(const QByteArray &data, bool text) override;
    qint64 pendingBytes() const override;
    void pauseReading() override;
    void resumeReading() override;
    void close(quint16 code, const QString &reason) override;
    bool isOpen() const override { return !m_closeRequested && !m_closed && !m_disconnected; }
    QString describe() const override;
    void finishWriting() override;

    // Drops the connection at once (RST), without flushing.
    void abort();
    QHostAddress peerAddress() const { return m_peerAddress; }
    quint16 peerPort() const { return m_peerPort; }
    QHostAddress localAddress() const { return m_socket->localAddress(); }
    quint16 localPort() const { return m_socket->localPort(); }
    bool isReadingPaused() const { return m_paused; }

    // Writes the bytes held during a TcpWriteBatch (called when the batch ends).
    void flushHeld();

private:
    static constexpr qsizetype HeldFlushBytes = 256 * 1024;
    void writeNow(const QByteArray &data);
    // Writes what the kernel takes at once, bypassing Qt; returns how many bytes it took.
    qsizetype writeDirectly(const QByteArray &data);
    void readAvailable();
    void onDisconnected();
    void shutdownWriteWhenFlushed();
    void finish(quint16 code, const QString &reason);

    QTcpSocket *m_socket;
    Limits m_limits;
    QHostAddress m_peerAddress; // kept: Qt forgets it once disconnected, logs still want it
    quint16 m_peerPort = 0;
    qintptr m_plainDescriptor = -1; // set unless TLS, for shutdown(SHUT_WR)
    QByteArray m_held; // sent during a TcpWriteBatch, not written yet (counts as pending)
    QTimer m_closeTimer;
    bool m_paused = false;
    bool m_reading = false;
    bool m_peerFinished = false; // Qt saw the peer's FIN
    bool m_readFinishedEmitted = false;
    bool m_disconnected = false; // Qt closed the socket; `closed` waits for the buffer to drain
    bool m_writeFinished = false;
    bool m_closeRequested = false;
    bool m_closed = false;
    quint16 m_closeCode = 1000;
    QString m_closeReason;
};

} // namespace Libp2p

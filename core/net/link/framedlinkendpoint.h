#pragma once
// A byte stream with half-close carried over a link between two nodes: the middle of a libp2p
// circuit whose source is on one node and whose target is on another.
//
// Why frames: a circuit's halves end separately (a yamux FIN), but QTcpSocket has no half-close
// (no shutdown(SHUT_WR), and a peer's FIN closes the whole socket), so the end of one direction
// travels in the stream itself:
//   <u32 big-endian length><length bytes>    data (1 to kMaxFrameBytes bytes)
//   <u32 0>                                  this direction is finished (FIN)
// The link closes once both FINs crossed it; a link that ends before that is a reset (1006).
//
// The endpoint owns its socket and deletes itself (deleteLater) once it is closed and the socket
// has written out what it holds: keep a QPointer to it.
#include "net/pipe/pipeendpoint.h"

#include <QTcpSocket>

class FramedLinkEndpoint : public PipeEndpoint
{
    Q_OBJECT
public:
    static constexpr qsizetype kMaxFrameBytes = 256 * 1024;

    // Takes ownership of `socket`. `alreadyRead` are bytes of the framed stream that were read
    // from it before (behind the line that answered the link). Reading starts with start().
    FramedLinkEndpoint(QTcpSocket *socket, QByteArray alreadyRead, QString label, QObject *parent = nullptr);

    void send(const QByteArray &data, bool text = false) override;
    qint64 pendingBytes() const override;
    void pauseReading() override;
    void resumeReading() override;
    // Ends the link: gracefully when both directions are finished, otherwise a reset (abort).
    void close(quint16 code, const QString &reason) override;
    bool isOpen() const override { return !m_closed; }
    QString describe() const override;
    void finishWriting() override;

    void start();

private:
    void readAvailable();
    // Delivers complete frames from m_buffer while not paused; false on a protocol error.
    bool deliverFrames();
    void lost();
    void finish(quint16 code, const QString &reason, bool graceful);
    void finishIfBothEnded();

    QTcpSocket *m_socket;
    QString m_label;
    QByteArray m_buffer;
    qsizetype m_offset = 0; // bytes of m_buffer already delivered
    bool m_started = false;
    bool m_paused = false;
    bool m_finSent = false;
    bool m_finReceived = false;
    bool m_disconnected = false;
    bool m_closed = false;
};

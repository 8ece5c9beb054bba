#pragma once
// One side of anything the relay forwards between two peers: a WebSocket (localfirst, pairing,
// tunnel), later a yamux stream (libp2p circuits). The Pipe sees only this interface, so every
// forwarding path shares one implementation of backpressure, byte counting and closing.
#include <QByteArray>
#include <QObject>
#include <QString>

class PipeEndpoint : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    // Sends one message (a WebSocket message keeps its boundaries and text/binary type; a byte
    // stream ignores both).
    virtual void send(const QByteArray &data, bool text) = 0;
    // Bytes accepted by send() that have not reached the kernel yet.
    virtual qint64 pendingBytes() const = 0;
    // Stop and restart delivering `received`. While paused, nothing more is read from the peer, so
    // its own flow control (TCP window, yamux window) pushes back on the sender.
    virtual void pauseReading() = 0;
    virtual void resumeReading() = 0;
    // Ends the conversation with this peer; `closed` follows once it is over.
    virtual void close(quint16 code, const QString &reason) = 0;
    virtual bool isOpen() const = 0;
    // "websocket 192.0.2.1:5555", for logs.
    virtual QString describe() const = 0;
    // Half-close for byte streams (a yamux stream's FIN): no more data will be sent, reading goes
    // on. Message endpoints have no half-close, so by default this closes normally.
    virtual void finishWriting() { close(1000, QString()); }
    // Whether a pipe may move this endpoint (its parent is dropped) to another thread: true for
    // one that stands for a connection of its own, false for a stream multiplexed with others
    // on one connection (a yamux stream, a tunnelled WebSocket), which must stay with it.
    virtual bool canChangeThread() const { return false; }

signals:
    void received(const QByteArray &data, bool text);
    // Some pending bytes were written out (pendingBytes() went down).
    void wrote();
    // Emitted once. `code` uses WebSocket close codes (1006 for a lost connection).
    void closed(quint16 code, const QString &reason);
    // The peer half-closed: it will send nothing more (byte streams only), but may still read.
    void readFinished();
};

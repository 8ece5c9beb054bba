#pragma once
// A plain byte stream as a pipe endpoint: a TCP (or TLS) socket whose bytes are forwarded as they
// come, without frames. Cluster mode splices a client's connection to a link to another node
// with it, so both directions get the pipe's backpressure.
#include "pipeendpoint.h"

#include <QTcpSocket>

class SocketStreamEndpoint : public PipeEndpoint
{
    Q_OBJECT
public:
    // Takes ownership of `socket`. `label` names the far side in logs ("client", "node link").
    SocketStreamEndpoint(QTcpSocket *socket, QString label, QObject *parent = nullptr);

    void send(const QByteArray &data, bool text) override;
    qint64 pendingBytes() const override;
    void pauseReading() override;
    void resumeReading() override;
    void close(quint16 code, const QString &reason) override;
    bool isOpen() const override { return !m_closed; }
    QString describe() const override;

    // Reading starts only when asked, so a caller can write its preamble first.
    void start();

private:
    void readAvailable();
    void lost();
    void finish(quint16 code, const QString &reason);

    QTcpSocket *m_socket;
    QString m_label;
    bool m_started = false;
    bool m_paused = false;
    bool m_closed = false;
    bool m_disconnected = false;
};

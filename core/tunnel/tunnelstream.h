#pragma once
// The desktop's end of a tunnelled WebSocket, seen as a PipeEndpoint: what the pipe sends it
// becomes `ws:message` events to the desktop, and the desktop's `ws:message` and `ws:close`
// events come back through deliver() and remoteClosed(). The wire events are in docs/tunnel.md.
#include "net/pipe/pipeendpoint.h"

#include <QPointer>

class SocketIoClient;

class TunnelStream : public PipeEndpoint
{
    Q_OBJECT
public:
    TunnelStream(QString id, SocketIoClient *desktop, QObject *parent = nullptr);

    void send(const QByteArray &data, bool text) override;
    // What the desktop's Socket.IO connection has not sent yet: a browser flooding a tunnelled
    // WebSocket is paused by the pipe instead of drowning the desktop's connection. (The other
    // direction is paced by the ws:pause / ws:resume events the desktop is sent.)
    qint64 pendingBytes() const override;
    void pauseReading() override;
    void resumeReading() override;
    void close(quint16 code, const QString &reason) override;
    bool isOpen() const override { return m_open; }
    QString describe() const override { return QStringLiteral("tunnel stream ") + m_id; }

    QString id() const { return m_id; }
    void deliver(const QByteArray &data, bool text) { if (m_open) emit received(data, text); }
    void remoteClosed(quint16 code, const QString &reason);

private:
    QString m_id;
    QPointer<SocketIoClient> m_desktop;
    bool m_open = true;
    bool m_paused = false;
};

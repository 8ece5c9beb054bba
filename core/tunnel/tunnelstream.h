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
    // The desktop's Socket.IO queue is not visible from here; the desktop paces itself with the
    // ws:pause / ws:resume events it is sent.
    qint64 pendingBytes() const override { return 0; }
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

#pragma once
// WebSockets opened on a session subdomain (other than /socket.io/), such as a dev server's hot
// reload socket, carried to the desktop as Socket.IO events and joined to the browser's socket by
// the shared Pipe. Events: docs/tunnel.md.
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>

class DesktopDirectory;
class SessionRegistry;
class TunnelStream;
class WebSocketConnection;

class WebSocketTunnel : public QObject
{
    Q_OBJECT
public:
    WebSocketTunnel(DesktopDirectory *directory, SessionRegistry *registry, qint64 pipeBufferBytes,
                    QObject *parent = nullptr);

    void accept(const QString &sessionId, WebSocketConnection *browser);
    // ws:opened, ws:message, ws:close and ws:error from the desktop of `sessionId`.
    bool onDesktopEvent(const QString &sessionId, const QString &name, const QJsonObject &payload);
    void desktopLeft(const QString &sessionId);
    int openStreams() const { return int(m_streams.size()); }

    static constexpr int kMaxStreamsPerSession = 64;

private:
    struct Stream
    {
        QPointer<TunnelStream> endpoint;
        QString sessionId;
    };
    DesktopDirectory *m_directory;
    SessionRegistry *m_registry;
    qint64 m_pipeBufferBytes;
    QHash<QString, Stream> m_streams;
    quint64 m_counter = 0;
};

#pragma once
// Clode Studio's relay protocol: desktops register over Socket.IO and get a 6-character session
// with a share URL; browsers on that URL's host reach the desktop's events, HTTP and WebSockets.
#include "auth/jwtsigner.h"
#include "auth/ratelimiter.h"
#include "desktopdirectory.h"

#include <QHash>
#include <QJsonArray>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <functional>
#include <memory>

class HttpTunnel;
class Relay;
class SocketIoClient;
class SocketIoServer;
class WebSocketTunnel;

class TunnelService : public QObject
{
    Q_OBJECT
public:
    explicit TunnelService(Relay *relay);
    ~TunnelService() override;

    static constexpr int kSessionLifetimeSeconds = 3600; // after the desktop goes
    static constexpr int kTokenLifetimeSeconds = 3600;
    static constexpr int kRequestTimeoutMs = 30000; // acks through the bridge, tunnelled HTTP

private:
    // Ends a session now, disconnecting its desktop and browsers (SessionControl).
    // `byOwner` false: the session moved to another node with its desktop (cluster mode).
    bool endSession(const QString &sessionId, bool byOwner = true);
    // Cluster mode (REDIS_URL).
    static QByteArray holdNameFor(const QString &sessionId);
    void claimSessionId(SocketIoClient *desktop, const QString &deviceId, const QString &wanted, int attempt);
    void registerDesktopAs(SocketIoClient *desktop, const QString &deviceId, const QString &wantedId);
    void writeClusterRecords(const DesktopSession &session);
    void refreshClusterRecords();
    void onClusterMessage(const QJsonObject &message, const QString &from);
    // The desktop record of PROTOCOLS.md: an hour, renewed every five minutes while connected.
    static constexpr qint64 kRecordTtlMs = 3600 * 1000;
    static constexpr int kRecordRefreshMs = 300 * 1000;
    QTimer m_recordRefresh;
    using Ack = std::function<void(const QJsonArray &)>;
    QString loadSecret();
    // Cluster mode without JWT_SECRET: the secret every node shares, this node's `own` if first.
    QByteArray clusterSecret(const QByteArray &own);
    void onClientArrived(SocketIoClient *client);
    void registerDesktop(SocketIoClient *desktop);
    void admitBrowser(SocketIoClient *browser, const QString &sessionId);
    // The session is served here, or nowhere.
    void admitLocalBrowser(SocketIoClient *browser, const QString &sessionId);
    void refuseAfterConnect(SocketIoClient *client, const QString &message);
    void onDesktopEvent(const QString &sessionId, SocketIoClient *desktop, const QString &name, const QJsonArray &args);
    void onBrowserEvent(const QString &sessionId, SocketIoClient *browser, const QString &name,
                        const QJsonArray &args, const Ack &ack);
    void desktopLeft(const QString &sessionId, SocketIoClient *desktop);
    void browserLeft(const QString &sessionId, SocketIoClient *browser);
    void answerBridge(const QString &requestId, const QJsonArray &response);
    void updateRegistryPeers(const DesktopSession &session);
    void expireSessions();
    // The session's JWT admits a browser to that session; a paired device's token admits it to
    // any live session (`deviceId` says which device, to cut it off on revocation).
    bool tokenAdmits(const QString &token, const QString &sessionId, QString *why, QString *deviceId) const;
    void disconnectDevice(const QString &deviceId);
    static bool isBridgedName(const QString &event);

    Relay *m_relay;
    QString m_domain; // the relay's, as session hosts end
    RateLimiter m_connectLimiter; // Socket.IO handshakes per client address
    SocketIoServer *m_io;
    DesktopDirectory m_directory;
    std::unique_ptr<JwtSigner> m_jwt;
    HttpTunnel *m_http;
    WebSocketTunnel *m_webSockets;
    QTimer m_expiry;
    // The protocol's times, shortened only by tests (SWITCHBOARD_TUNNEL_REQUEST_TIMEOUT_MS and
    // SWITCHBOARD_TUNNEL_SESSION_LIFETIME_S in the environment).
    int m_requestTimeoutMs = kRequestTimeoutMs;
    qint64 m_sessionLifetimeMs = qint64(kSessionLifetimeSeconds) * 1000;

    struct PendingBridge
    {
        QString sessionId;
        Ack ack;
        QTimer *timer;
    };
    QHash<QString, PendingBridge> m_bridge; // requestId -> the browser's ack waiting for the desktop
    QHash<QString, quint64> m_bridgeCounters; // browser socket id -> last request number
    QMultiHash<QString, QPointer<SocketIoClient>> m_deviceBrowsers; // device id -> browsers it admitted
};

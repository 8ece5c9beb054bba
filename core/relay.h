#pragma once
// The one object both the tray app and the headless server create: it owns the listeners, the
// front door, the router, the session registry and (as they arrive) the protocol services.
#include "config/settings.h"
#include "sessions/session.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPair>
#include <functional>
#include <QTimer>
#include <memory>

class AdminEndpoints;
class Cluster;
class ConnectionLimiter;
class DeviceRegistry;
class FrontDoor;
class Listener;
class Metrics;
class PhonePairing;
class PipeThreads;
class Router;
class SecretStore;
class SessionEventBatcher;
class SessionRegistry;
class StatusEndpoints;
class TlsContext;
class WebSocketConnection;
class WebSocketGateway;

class Relay : public QObject
{
    Q_OBJECT
public:
    explicit Relay(const Settings &settings, QObject *parent = nullptr);
    ~Relay() override;

    // Loads certificates, prepares the data directory and opens every listener. On failure
    // returns false and sets `error` to one line; `isConfigError` tells a bad setting (exit code 2)
    // from a runtime failure such as a port in use.
    bool start(QString *error, bool *isConfigError = nullptr);
    // Stops accepting, closes WebSockets with 1001 and emits stopped() once they are gone (or
    // after a grace period).
    void shutdown();
    // Re-reads the certificate and key (also done on its own when the files change).
    void reloadTls();

    // What reload() did, by INI key: settings now in effect, changed settings that keep their
    // running value until a restart, and problems (a new certificate that does not load).
    struct ReloadReport
    {
        QStringList applied;
        QStringList needRestart;
        QStringList errors;
    };
    // Applies a re-read configuration (SIGHUP). What can change live is listed in
    // config/settingsreload.cpp; limits and timeouts apply to connections accepted from now on.
    // Re-reads the certificate files in any case.
    ReloadReport reload(const Settings &fresh);

    const Settings &settings() const { return m_settings; }
    Router &router() { return *m_router; }
    SessionRegistry *sessions() const { return m_registry; }
    // Cluster mode (REDIS_URL): this node's place in the cluster; null when the relay runs alone.
    Cluster *cluster() const { return m_cluster; }
    Metrics *metrics() const { return m_metrics; }
    WebSocketGateway *webSockets() const { return m_gateway; }
    // The threads established pipes run on (the relay's own included).
    PipeThreads *pipeThreads() const { return m_pipeThreads; }
    FrontDoor *frontDoor() const { return m_frontDoor; }
    QList<quint16> listeningPorts() const;
    // "https://relay.example.org" or "http://localhost:8765": what share URLs are built on.
    QString publicScheme() const;
    QString domain() const { return m_settings.effectiveDomain(); }

    // Phone pairing (codes, the /pair page, POST /api/pair), the paired devices whose tokens the
    // tunnel and protected meshes accept, and where secrets are kept (keychain or 0600 files).
    // The secret store exists once start() has run (it needs the data directory).
    PhonePairing *phonePairing() const { return m_phonePairing; }
    DeviceRegistry *devices() const { return m_devices; }
    SecretStore *secrets() const { return m_secrets.get(); }

    // A service's own live figures (numbers only), e.g. the tunnel's desktops and clients. They
    // appear in /health (where the original relays put them), under the service in /stats, and
    // in /metrics as switchboard_service_figure{service,figure}.
    // Work a service must do once the data directory is known, before listening (loading keys).
    // A non-empty return is a start-up error (exit code 2).
    using StartupStep = std::function<QString()>;
    void addStartupStep(StartupStep step) { m_startupSteps.append(std::move(step)); }

    // libp2p over WebSocket (PROTOCOLS.md section 5): the pairing service owns every unclaimed
    // WebSocket path, and a first binary frame that starts with the multistream-select header is
    // libp2p, not pairing. The libp2p service registers this handler (when it runs); it takes the
    // socket over, with that first frame as bytes already received. Unset: pairing refuses the
    // frame as before.
    using Libp2pWebSocketHandler = std::function<void(WebSocketConnection *socket, const QByteArray &firstFrame)>;
    void setLibp2pWebSocketHandler(Libp2pWebSocketHandler handler) { m_libp2pWebSocketHandler = std::move(handler); }
    const Libp2pWebSocketHandler &libp2pWebSocketHandler() const { return m_libp2pWebSocketHandler; }

    using FiguresProvider = std::function<QJsonObject()>;
    void addServiceFigures(const QString &service, FiguresProvider provider);
    const QList<QPair<QString, FiguresProvider>> &serviceFigures() const { return m_serviceFigures; }

signals:
    // Batched session events, a few per second at most.
    void sessionsBegan(const QList<Session> &sessions);
    void sessionsChanged(const QList<Session> &sessions);
    void sessionsEnded(const QList<Session> &sessions);
    void stopped();
    // start() succeeded: every listener is open (listeningPorts() is final).
    void listening();

private:
    bool listen(quint16 port, QString *error);
    // Opens the secret store and loads what pairing needs (devices, admin token); a non-empty
    // return is a start-up error.
    QString prepareSecretsAndDevices();
    void finishStopping();
    void startCluster();
    Settings m_settings;
    // The settings as given, before start() filled in the chosen port and the data directory:
    // what a reloaded configuration is compared with.
    Settings m_configured;
    Metrics *m_metrics;
    SessionRegistry *m_registry;
    SessionEventBatcher *m_batcher;
    Cluster *m_cluster = nullptr;
    std::unique_ptr<Router> m_router;
    std::unique_ptr<ConnectionLimiter> m_limiter;
    WebSocketGateway *m_gateway;
    PipeThreads *m_pipeThreads;
    FrontDoor *m_frontDoor;
    TlsContext *m_tls = nullptr;
    StatusEndpoints *m_status;
    DeviceRegistry *m_devices = nullptr;
    PhonePairing *m_phonePairing = nullptr;
    std::unique_ptr<SecretStore> m_secrets;
    AdminEndpoints *m_admin = nullptr;
    QList<Listener *> m_listeners;
    QList<QPair<QString, FiguresProvider>> m_serviceFigures;
    QList<StartupStep> m_startupSteps;
    Libp2pWebSocketHandler m_libp2pWebSocketHandler;
    QTimer m_shutdownGrace;
    bool m_stopping = false;
    bool m_stopped = false;
};

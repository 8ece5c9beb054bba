#include "relay.h"

#include "cluster/cluster.h"
#include "cluster/clustersessionmirror.h"
#include <QNetworkInterface>

#include "devices/adminendpoints.h"
#include "devices/deviceregistry.h"
#include "devices/pairingendpoints.h"
#include "devices/phonepairing.h"
#include "secrets/secretstore.h"
#include "secrets/secretstorefactory.h"

#include "libp2p/libp2pservice.h"
#include "localfirst/localfirstservice.h"
#include "config/settingsreload.h"
#include "log/logcategories.h"
#include "log/logsetup.h"
#include "mesh/meshservice.h"
#include "metrics/metrics.h"
#include "metrics/statusendpoints.h"
#include "net/connectionlimiter.h"
#include "net/frontdoor.h"
#include "net/listener.h"
#include "net/pipe/pipethreads.h"
#include "net/router.h"
#include "net/tlscontext.h"
#include "pairing/pairingservice.h"
#include "net/websocket/websocketconnection.h"
#include "net/websocketgateway.h"
#include "sessions/inmemorysessionregistry.h"
#include "sessions/sessioneventbatcher.h"
#include "tunnel/socketio/socketioechoservice.h"
#include "tunnel/tunnelservice.h"

#include <QDir>
#include <QStandardPaths>

namespace {
HttpLimits limitsFrom(const Settings &s)
{
    HttpLimits limits;
    limits.maxHeadBytes = s.maxHeadBytes;
    limits.maxBodyBytes = s.maxBodyBytes;
    limits.headTimeoutMs = s.headTimeoutSeconds * 1000;
    limits.idleTimeoutMs = s.idleTimeoutSeconds * 1000;
    return limits;
}
} // namespace

Relay::Relay(const Settings &settings, QObject *parent)
    : QObject(parent),
      m_settings(settings),
      m_configured(settings),
      m_metrics(new Metrics(this)),
      m_registry(new InMemorySessionRegistry(this)),
      m_batcher(new SessionEventBatcher(m_registry, 250, this)),
      m_router(std::make_unique<Router>()),
      m_limiter(std::make_unique<ConnectionLimiter>(settings.maxConnections, settings.maxConnectionsPerIp)),
      m_gateway(new WebSocketGateway(m_metrics, settings.idleTimeoutSeconds, this)),
      m_pipeThreads(new PipeThreads(settings.threads, this)),
      m_frontDoor(new FrontDoor(m_router.get(), m_gateway, m_metrics, m_limiter.get(), limitsFrom(settings), this)),
      m_status(new StatusEndpoints(this)),
      m_devices(new DeviceRegistry(QString(), this))
{
    m_phonePairing = new PhonePairing(
        m_devices, [this] { return publicScheme() + QStringLiteral("://") + domain(); }, this);
    new PairingEndpoints(this, m_phonePairing);
    m_admin = new AdminEndpoints(this);
    connect(m_gateway, &WebSocketGateway::openCountChanged, m_pipeThreads,
            [threads = m_pipeThreads](int open) { threads->setPipesPossible(open >= 2); });
    connect(m_batcher, &SessionEventBatcher::sessionsBegan, this, &Relay::sessionsBegan);
    connect(m_batcher, &SessionEventBatcher::sessionsChanged, this, &Relay::sessionsChanged);
    connect(m_batcher, &SessionEventBatcher::sessionsEnded, this, &Relay::sessionsEnded);
    // Before the services: they ask it where their rendezvous are held.
    if (!m_settings.redisUrl.isEmpty()) {
        Cluster::Options options;
        options.redisUrl = QUrl(m_settings.redisUrl);
        m_cluster = new Cluster(options, this);
        new ClusterSessionMirror(this, m_cluster);
        m_frontDoor->setLinkAcceptor([this](const LinkPreface &preface) { return m_cluster->acceptsLink(preface); });
    }
    if (m_settings.runs(QStringLiteral("tunnel")))
        new TunnelService(this);
    if (m_settings.runs(QStringLiteral("localfirst")))
        new LocalfirstService(this);
    if (m_settings.runs(QStringLiteral("pairing")))
        new PairingService(this);
    if (m_settings.runs(QStringLiteral("mesh")))
        new MeshService(this);
    if (m_settings.runs(QStringLiteral("libp2p")))
        new Libp2pService(this);
    m_shutdownGrace.setSingleShot(true);
    connect(&m_shutdownGrace, &QTimer::timeout, this, [this] {
        qCInfo(lcRelay) << "grace period over; stopping with" << m_gateway->openCount() << "WebSockets still open";
        finishStopping();
    });
    // Test hook: a Socket.IO echo server that exercises the Engine.IO/Socket.IO layer on its own.
    if (qEnvironmentVariableIntValue("SWITCHBOARD_SOCKETIO_ECHO") == 1)
        new SocketIoEchoService(this);
}

Relay::~Relay()
{
    // First: pipes on other threads reach the registry, the gateway and the front door through
    // queued calls, and must be gone before those are.
    delete m_pipeThreads;
    // Then the connections, while the limiter they give their slots back to still exists: a
    // member, it would otherwise be destroyed before QObject deletes the children (a WebSocket
    // still open when the shutdown grace ran out then released its slot into freed memory).
    // The services, created after the gateway, were deleted after it before as well.
    delete m_gateway;
    delete m_frontDoor;
}

bool Relay::start(QString *error, bool *isConfigError)
{
    const auto fail = [&](const QString &message, bool configError) {
        if (error)
            *error = message;
        if (isConfigError)
            *isConfigError = configError;
        return false;
    };

    if (m_settings.dataDir.isEmpty())
        m_settings.dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (!QDir().mkpath(m_settings.dataDir))
        return fail(QStringLiteral("data-dir: cannot create \"%1\"").arg(m_settings.dataDir), true);

    if (const QString problem = prepareSecretsAndDevices(); !problem.isEmpty())
        return fail(problem, true);
    for (const StartupStep &step : std::as_const(m_startupSteps)) {
        const QString problem = step();
        if (!problem.isEmpty())
            return fail(problem, true);
    }

    if (m_settings.tlsEnabled()) {
        m_tls = new TlsContext(m_settings.tlsCertificate, m_settings.tlsKey, this);
        if (!m_tls->reload())
            return fail(QStringLiteral("tls-cert: %1").arg(m_tls->lastError()), true);
        m_frontDoor->setTlsContext(m_tls);
        qCInfo(lcTls).noquote() << "certificate:" << m_tls->describe();
    }

    QString listenError;
    if (!listen(m_settings.port, &listenError))
        return fail(listenError, false);
    // With --port 0 the system chose; share URLs must carry the real port.
    m_settings.port = m_listeners.first()->serverPort();
    for (quint16 extra : std::as_const(m_settings.extraPorts)) {
        if (!listen(extra, &listenError))
            return fail(listenError, false);
    }
    if (m_settings.listensOnPublicAddress() && !m_settings.tlsEnabled())
        qCWarning(lcRelay).noquote()
            << "listening on" << m_settings.host
            << "without TLS: tokens and relayed data cross the network unencrypted. "
               "Give --tls-cert and --tls-key, or --host 127.0.0.1 behind a TLS proxy.";
    qCInfo(lcRelay).noquote() << "share URLs use" << publicScheme() + QStringLiteral("://<session>.") + domain();
    if (m_cluster)
        startCluster();
    emit listening();
    return true;
}

QString Relay::prepareSecretsAndDevices()
{
    SecretStoreFactory::Opened opened = SecretStoreFactory::open(
        m_settings.secretStore, m_settings.dataDir, SecretStoreFactory::keychainServiceFor(m_settings.dataDir));
    if (!opened.store)
        return opened.note;
    qCInfo(lcRelay).noquote() << opened.note;
    m_secrets = std::move(opened.store);

    QString error;
    const QByteArray adminToken = m_secrets->readOrCreate(QStringLiteral("admin-token"), 32, &error);
    if (adminToken.isEmpty())
        return QStringLiteral("admin token: %1").arg(error);
    m_admin->setAccess(AdminAccess(adminToken, m_settings.adminLoopback));

    m_devices->setDirectory(m_settings.dataDir);
    if (!m_devices->load(&error))
        return QStringLiteral("paired devices: %1").arg(error);
    return {};
}

void Relay::startCluster()
{
    // Links go to the address given, else to the one this node listens on; listening on every
    // address says nothing about which one the others can reach, so take the first that is not
    // loopback.
    QString host = m_settings.host;
    quint16 port = m_settings.port;
    if (!m_settings.clusterAddress.isEmpty()) {
        const QUrl url(QStringLiteral("tcp://") + m_settings.clusterAddress);
        host = url.host();
        port = quint16(url.port(m_settings.port));
    } else if (QHostAddress(host) == QHostAddress::AnyIPv4 || QHostAddress(host) == QHostAddress::Any) {
        host = QStringLiteral("127.0.0.1");
        for (const QHostAddress &address : QNetworkInterface::allAddresses()) {
            if (!address.isLoopback() && address.protocol() == QAbstractSocket::IPv4Protocol) {
                host = address.toString();
                break;
            }
        }
    }
    m_cluster->setAdvertisedAddress(host, port);
    qCInfo(lcCluster).noquote() << "other nodes reach this one at" << host + QLatin1Char(':') + QString::number(port);
    m_cluster->start();
}

bool Relay::listen(quint16 port, QString *error)
{
    auto *listener = new Listener(m_frontDoor, this);
    const QHostAddress address = m_settings.host == QLatin1String("localhost")
                                     ? QHostAddress(QHostAddress::LocalHost)
                                     : QHostAddress(m_settings.host);
    if (!listener->listen(address, port)) {
        *error = QStringLiteral("port %1: cannot listen on %2: %3")
                     .arg(port)
                     .arg(m_settings.host, listener->errorString());
        delete listener;
        return false;
    }
    m_listeners << listener;
    qCInfo(lcRelay).noquote() << QStringLiteral("listening on %1:%2 (%3)")
                                     .arg(m_settings.host)
                                     .arg(listener->serverPort())
                                     .arg(m_settings.tlsEnabled() ? QStringLiteral("http, https, libp2p")
                                                                  : QStringLiteral("http, libp2p"));
    return true;
}

QList<quint16> Relay::listeningPorts() const
{
    QList<quint16> ports;
    for (const Listener *l : m_listeners)
        ports << l->serverPort();
    return ports;
}

QString Relay::publicScheme() const
{
    return m_settings.tlsEnabled() ? QStringLiteral("https") : QStringLiteral("http");
}

void Relay::reloadTls()
{
    if (!m_tls)
        return;
    if (m_tls->reload())
        qCInfo(lcTls).noquote() << "certificate reloaded:" << m_tls->describe();
    else
        qCWarning(lcTls).noquote() << "certificate reload failed, keeping the previous one:" << m_tls->lastError();
}

Relay::ReloadReport Relay::reload(const Settings &fresh)
{
    ReloadReport report;
    // Certificate paths change live only while TLS stays on: switching it on or off changes the
    // scheme of every share URL already handed out.
    const bool tlsStaysOn = m_settings.tlsEnabled() && fresh.tlsEnabled();
    bool tlsPathsChanged = false;
    const QString previousLevel = m_settings.logLevel;
    for (const ReloadableField &field : SettingsReload::fields()) {
        if (field.same(m_configured, fresh))
            continue;
        const bool isTls = field.fileKey.startsWith(QLatin1String("tls/"));
        if (!field.live || (isTls && !tlsStaysOn)) {
            report.needRestart << field.fileKey;
        } else if (isTls) {
            tlsPathsChanged = true; // both paths are swapped together below
        } else {
            field.copy(m_configured, fresh);
            field.copy(m_settings, fresh);
            report.applied << field.fileKey;
        }
    }

    if (tlsPathsChanged) {
        auto *next = new TlsContext(fresh.tlsCertificate, fresh.tlsKey, this);
        if (next->reload()) {
            if (m_configured.tlsCertificate != fresh.tlsCertificate)
                report.applied << QStringLiteral("tls/certificate");
            if (m_configured.tlsKey != fresh.tlsKey)
                report.applied << QStringLiteral("tls/key");
            m_configured.tlsCertificate = m_settings.tlsCertificate = fresh.tlsCertificate;
            m_configured.tlsKey = m_settings.tlsKey = fresh.tlsKey;
            // The front door copies the configuration when a handshake starts, so the old
            // context is not in use once it is replaced.
            m_frontDoor->setTlsContext(next);
            m_tls->deleteLater();
            m_tls = next;
            qCInfo(lcTls).noquote() << "certificate:" << m_tls->describe();
        } else {
            report.errors << QStringLiteral("tls: %1; keeping the previous certificate").arg(next->lastError());
            delete next;
        }
    } else {
        reloadTls();
    }

    if (m_settings.logLevel != previousLevel)
        LogSetup::apply(m_settings.logLevel);
    m_limiter->setLimits(m_settings.maxConnections, m_settings.maxConnectionsPerIp);
    m_gateway->setIdleTimeout(m_settings.idleTimeoutSeconds);
    m_frontDoor->setHttpLimits(limitsFrom(m_settings));
    return report;
}

void Relay::shutdown()
{
    if (m_stopping)
        return;
    m_stopping = true;
    qCInfo(lcRelay) << "shutting down: closing listeners and" << m_gateway->openCount() << "WebSockets";
    m_frontDoor->setAccepting(false);
    for (Listener *l : std::as_const(m_listeners))
        l->close();
    if (m_gateway->openCount() == 0) {
        QMetaObject::invokeMethod(this, &Relay::finishStopping, Qt::QueuedConnection);
        return;
    }
    connect(m_gateway, &WebSocketGateway::allClosed, this, &Relay::finishStopping);
    // Well within the 5 s a service manager waits before it kills.
    m_shutdownGrace.start(3000);
    m_gateway->closeAll(WebSocketCloseCode::GoingAway, QStringLiteral("server shutting down"));
}

void Relay::finishStopping()
{
    if (m_stopped)
        return;
    m_stopped = true;
    m_shutdownGrace.stop();
    emit stopped();
}

void Relay::addServiceFigures(const QString &service, FiguresProvider provider)
{
    m_serviceFigures.append({service, std::move(provider)});
}

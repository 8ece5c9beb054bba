#include "statusendpoints.h"

#include "cluster/cluster.h"
#include "net/pipe/pipethreads.h"

#include "metrics.h"
#include "net/router.h"
#include "relay.h"
#include "sessions/sessionregistry.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QFile>
#include <QJsonDocument>
#include "net/websocket/websocketconnection.h"

namespace {

QByteArray resource(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Prometheus label values escape backslash, quote and newline.
QByteArray labelValue(const QString &value)
{
    QByteArray v = value.toUtf8();
    v.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n");
    return v;
}

} // namespace

StatusEndpoints::StatusEndpoints(Relay *relay) : QObject(relay), m_relay(relay)
{
    Router &router = relay->router();
    const auto add = [&](const QString &path, HttpHandler handler) {
        Route route;
        route.name = QStringLiteral("status");
        route.priority = -100; // services that claim a Host (tunnel subdomains) come first
        route.matches = Router::pathIs(path);
        route.methods = {"GET", "HEAD"};
        route.http = std::move(handler);
        router.addRoute(std::move(route));
    };
    add(QStringLiteral("/"), [](const HttpRequest &, HttpResponder reply) {
        HttpResponse r = HttpResponse::html(200, resource(QStringLiteral(":/web/status.html")));
        r.setHeader("Cache-Control", "no-cache");
        reply.send(r);
    });
    add(QStringLiteral("/health"), [this](const HttpRequest &, HttpResponder reply) {
        reply.send(HttpResponse::json(200, QJsonDocument(health()).toJson(QJsonDocument::Compact)));
    });
    add(QStringLiteral("/stats"), [this](const HttpRequest &, HttpResponder reply) {
        reply.send(HttpResponse::json(200, QJsonDocument(stats()).toJson(QJsonDocument::Indented)));
    });
    add(QStringLiteral("/metrics"), [this](const HttpRequest &, HttpResponder reply) {
        HttpResponse r;
        r.setHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        r.body = prometheusText();
        reply.send(r);
    });

    Route live;
    live.name = QStringLiteral("status-live");
    live.priority = -100;
    live.matches = Router::pathIs(QStringLiteral("/live"));
    live.maxWebSocketMessageBytes = 1024; // listeners only listen
    live.webSocket = [this](WebSocketConnection *socket) {
        m_liveListeners << socket;
        socket->sendText(QJsonDocument(health()).toJson(QJsonDocument::Compact));
    };
    router.addRoute(std::move(live));

    connect(relay, &Relay::sessionsBegan, this, &StatusEndpoints::pushToLiveListeners);
    connect(relay, &Relay::sessionsEnded, this, &StatusEndpoints::pushToLiveListeners);
}

void StatusEndpoints::pushToLiveListeners()
{
    m_liveListeners.removeIf([](const QPointer<WebSocketConnection> &s) { return s.isNull(); });
    if (m_liveListeners.isEmpty())
        return;
    const QByteArray text = QJsonDocument(health()).toJson(QJsonDocument::Compact);
    for (const auto &socket : std::as_const(m_liveListeners))
        socket->sendText(text);
}

QJsonObject StatusEndpoints::health() const
{
    const SessionRegistry *registry = m_relay->sessions();
    QJsonObject services;
    for (const QString &service : SessionRegistry::serviceNames())
        services.insert(service, registry->totals(service).active);
    QJsonObject o;
    const Cluster *cluster = m_relay->cluster();
    // Degraded: Redis is away, so this node serves only its own clients.
    o.insert(QStringLiteral("status"), cluster && !cluster->isRedisReachable() ? QStringLiteral("degraded")
                                                                                : QStringLiteral("healthy"));
    if (cluster)
        o.insert(QStringLiteral("cluster"), cluster->describe());
    o.insert(QStringLiteral("uptime"), double(m_relay->metrics()->uptimeSeconds()));
    o.insert(QStringLiteral("version"), QCoreApplication::applicationVersion());
    o.insert(QStringLiteral("connections"), m_relay->metrics()->openConnections());
    o.insert(QStringLiteral("services"), services);
    // Services' own figures at the top, as the original relays answer (the tunnel's desktops and
    // clients); a name already taken is left alone.
    for (const auto &[service, provider] : m_relay->serviceFigures()) {
        const QJsonObject figures = provider();
        for (auto it = figures.constBegin(); it != figures.constEnd(); ++it) {
            if (!o.contains(it.key()))
                o.insert(it.key(), it.value());
        }
    }
    return o;
}

QJsonObject StatusEndpoints::stats() const
{
    const Metrics *metrics = m_relay->metrics();
    const SessionRegistry *registry = m_relay->sessions();
    QJsonObject services;
    quint64 active = 0, started = 0, bytesIn = 0, bytesOut = 0;
    for (const QString &service : SessionRegistry::serviceNames()) {
        const ServiceTotals t = registry->totals(service);
        QJsonObject figures{{QStringLiteral("activeSessions"), t.active},
                            {QStringLiteral("sessionsStarted"), double(t.started)},
                            {QStringLiteral("bytesIn"), double(t.bytesIn)},
                            {QStringLiteral("bytesOut"), double(t.bytesOut)}};
        for (const auto &[name, provider] : m_relay->serviceFigures()) {
            if (name != service)
                continue;
            const QJsonObject own = provider();
            for (auto it = own.constBegin(); it != own.constEnd(); ++it)
                figures.insert(it.key(), it.value());
        }
        services.insert(service, figures);
        active += quint64(t.active);
        started += t.started;
        bytesIn += t.bytesIn;
        bytesOut += t.bytesOut;
    }
    QJsonObject accepted, rejected, responses;
    for (auto it = metrics->accepted().cbegin(); it != metrics->accepted().cend(); ++it)
        accepted.insert(it.key(), double(it.value()));
    for (auto it = metrics->rejected().cbegin(); it != metrics->rejected().cend(); ++it)
        rejected.insert(it.key(), double(it.value()));
    for (auto it = metrics->httpResponses().cbegin(); it != metrics->httpResponses().cend(); ++it)
        responses.insert(QString::number(it.key()), double(it.value()));

    QJsonObject totals{{QStringLiteral("activeSessions"), double(active)},
                       {QStringLiteral("sessionsStarted"), double(started)},
                       {QStringLiteral("bytesIn"), double(bytesIn)},
                       {QStringLiteral("bytesOut"), double(bytesOut)},
                       {QStringLiteral("openConnections"), metrics->openConnections()},
                       {QStringLiteral("openWebSockets"), metrics->openWebSockets()},
                       {QStringLiteral("rejectedConnections"), double(metrics->rejectedTotal())}};
    QJsonObject o;
    o.insert(QStringLiteral("uptime"), double(metrics->uptimeSeconds()));
    o.insert(QStringLiteral("totals"), totals);
    o.insert(QStringLiteral("services"), services);
    o.insert(QStringLiteral("acceptedConnections"), accepted);
    o.insert(QStringLiteral("rejectedConnections"), rejected);
    o.insert(QStringLiteral("httpResponses"), responses);
    QJsonArray pipesByThread;
    for (int load : m_relay->pipeThreads()->loads())
        pipesByThread.append(load);
    o.insert(QStringLiteral("pipesByThread"), pipesByThread);
    return o;
}

QByteArray StatusEndpoints::prometheusText() const
{
    const Metrics *metrics = m_relay->metrics();
    const SessionRegistry *registry = m_relay->sessions();
    QByteArray out;
    const auto family = [&out](const char *name, const char *type, const char *help) {
        out += QByteArray("# HELP ") + name + ' ' + help + "\n# TYPE " + name + ' ' + type + '\n';
    };
    family("switchboard_uptime_seconds", "gauge", "Seconds since the relay started.");
    out += "switchboard_uptime_seconds " + QByteArray::number(metrics->uptimeSeconds()) + '\n';
    family("switchboard_connections_open", "gauge", "Client connections currently held.");
    out += "switchboard_connections_open " + QByteArray::number(metrics->openConnections()) + '\n';
    family("switchboard_websockets_open", "gauge", "WebSocket connections currently open.");
    out += "switchboard_websockets_open " + QByteArray::number(metrics->openWebSockets()) + '\n';
    family("switchboard_connections_accepted_total", "counter", "Connections accepted, by protocol seen first.");
    for (auto it = metrics->accepted().cbegin(); it != metrics->accepted().cend(); ++it)
        out += "switchboard_connections_accepted_total{protocol=\"" + labelValue(it.key()) + "\"} "
               + QByteArray::number(it.value()) + '\n';
    family("switchboard_connections_rejected_total", "counter", "Connections refused or closed early, by reason.");
    for (auto it = metrics->rejected().cbegin(); it != metrics->rejected().cend(); ++it)
        out += "switchboard_connections_rejected_total{reason=\"" + labelValue(it.key()) + "\"} "
               + QByteArray::number(it.value()) + '\n';
    family("switchboard_http_responses_total", "counter", "HTTP responses sent by the relay itself, by status.");
    for (auto it = metrics->httpResponses().cbegin(); it != metrics->httpResponses().cend(); ++it)
        out += "switchboard_http_responses_total{code=\"" + QByteArray::number(it.key()) + "\"} "
               + QByteArray::number(it.value()) + '\n';

    const QStringList &services = SessionRegistry::serviceNames();
    family("switchboard_sessions_active", "gauge", "Sessions currently open, by service.");
    for (const QString &s : services)
        out += "switchboard_sessions_active{service=\"" + labelValue(s) + "\"} "
               + QByteArray::number(registry->totals(s).active) + '\n';
    family("switchboard_sessions_started_total", "counter", "Sessions started, by service.");
    for (const QString &s : services)
        out += "switchboard_sessions_started_total{service=\"" + labelValue(s) + "\"} "
               + QByteArray::number(registry->totals(s).started) + '\n';
    family("switchboard_relayed_bytes_total", "counter", "Bytes relayed, by service and direction.");
    for (const QString &s : services) {
        const ServiceTotals t = registry->totals(s);
        out += "switchboard_relayed_bytes_total{service=\"" + labelValue(s) + "\",direction=\"in\"} "
               + QByteArray::number(t.bytesIn) + '\n';
        out += "switchboard_relayed_bytes_total{service=\"" + labelValue(s) + "\",direction=\"out\"} "
               + QByteArray::number(t.bytesOut) + '\n';
    }
    family("switchboard_pipes", "gauge", "Established pipes, by the thread carrying them (0: the relay's own).");
    const QList<int> pipeLoads = m_relay->pipeThreads()->loads();
    for (int i = 0; i < pipeLoads.size(); ++i)
        out += "switchboard_pipes{thread=\"" + QByteArray::number(i) + "\"} " + QByteArray::number(pipeLoads[i]) + '\n';
    family("switchboard_service_figure", "gauge", "A service's own live figures (tunnel desktops, clients, ...).");
    for (const auto &[service, provider] : m_relay->serviceFigures()) {
        const QJsonObject figures = provider();
        for (auto it = figures.constBegin(); it != figures.constEnd(); ++it)
            out += "switchboard_service_figure{service=\"" + labelValue(service) + "\",figure=\""
                   + labelValue(it.key()) + "\"} " + QByteArray::number(qint64(it.value().toDouble())) + '\n';
    }
    return out;
}

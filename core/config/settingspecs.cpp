#include "settingspecs.h"

#include "log/logsetup.h"

#include <QHostAddress>
#include <QStringList>
#include <QUrl>

namespace {

QString parseInt(const QString &value, int min, int max, int &out, const QString &unit)
{
    bool ok = false;
    const qlonglong n = value.trimmed().toLongLong(&ok);
    if (!ok || n < min || n > max)
        return QStringLiteral("\"%1\" is not a whole number of %2 from %3 to %4")
            .arg(value, unit).arg(min).arg(max);
    out = int(n);
    return {};
}

QString parsePort(const QString &value, quint16 &out)
{
    int n = 0;
    const QString error = parseInt(value, 0, 65535, n, QStringLiteral("port"));
    if (!error.isEmpty())
        return QStringLiteral("\"%1\" is not a port number (0 to 65535)").arg(value);
    out = quint16(n);
    return {};
}

QString parseBytes(const QString &value, qint64 min, qint64 max, qint64 &out)
{
    bool ok = false;
    const qlonglong n = value.trimmed().toLongLong(&ok);
    if (!ok || n < min || n > max)
        return QStringLiteral("\"%1\" is not a byte count from %2 to %3").arg(value).arg(min).arg(max);
    out = n;
    return {};
}

QString parseRate(const QString &value, double &out)
{
    bool ok = false;
    const double n = value.trimmed().toDouble(&ok);
    if (!ok || n <= 0 || n > 1e6)
        return QStringLiteral("\"%1\" is not a rate above 0 per second").arg(value);
    out = n;
    return {};
}

QString parseYesNo(const QString &value, bool &out)
{
    const QString v = value.trimmed().toLower();
    if (v == QLatin1String("yes") || v == QLatin1String("true") || v == QLatin1String("1"))
        out = true;
    else if (v == QLatin1String("no") || v == QLatin1String("false") || v == QLatin1String("0"))
        out = false;
    else
        return QStringLiteral("\"%1\" is not yes or no").arg(value);
    return {};
}

QString nonEmpty(const QString &value, QString &out)
{
    if (value.trimmed().isEmpty())
        return QStringLiteral("must not be empty");
    out = value.trimmed();
    return {};
}

QList<SettingSpec> buildSpecs()
{
    QList<SettingSpec> specs;
    specs << SettingSpec{
        "server/host", "host", "HOST", "address", "Address to listen on (default 0.0.0.0).",
        [](const QString &v, Settings &s) -> QString {
            const QString host = v.trimmed();
            if (host != QLatin1String("localhost") && QHostAddress(host).isNull())
                return QStringLiteral("\"%1\" is not an IP address").arg(v);
            s.host = host;
            return {};
        }};
    specs << SettingSpec{"server/port", "port", "PORT", "port",
                         "Port of the front door (default 8765; 0 picks a free one).",
                         [](const QString &v, Settings &s) { return parsePort(v, s.port); }};
    specs << SettingSpec{
        "server/extra_ports", "extra-ports", "SWITCHBOARD_EXTRA_PORTS", "ports",
        "Comma-separated additional ports serving the same relay (e.g. 3790,8080,9090,9091).",
        [](const QString &v, Settings &s) -> QString {
            QList<quint16> ports;
            for (const QString &part : v.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
                quint16 port = 0;
                const QString error = parsePort(part, port);
                if (!error.isEmpty())
                    return error;
                if (port == 0)
                    return QStringLiteral("an extra port must not be 0");
                ports << port;
            }
            s.extraPorts = ports;
            return {};
        }};
    specs << SettingSpec{
        "server/domain", "domain", "DOMAIN", "domain",
        "Public domain sessions live under (default localhost:<port>).",
        [](const QString &v, Settings &s) -> QString {
            const QString domain = v.trimmed().toLower();
            const QUrl probe(QStringLiteral("http://x.") + domain);
            if (domain.isEmpty() || domain.contains(QLatin1Char('/')) || !probe.isValid()
                || probe.host().isEmpty())
                return QStringLiteral("\"%1\" is not a domain name (e.g. relay.example.org)").arg(v);
            s.domain = domain;
            return {};
        }};
    specs << SettingSpec{"server/data_dir", "data-dir", "SWITCHBOARD_DATA_DIR", "directory",
                         "Where keys and state are kept (default: the user's data directory).",
                         [](const QString &v, Settings &s) { return nonEmpty(v, s.dataDir); }};
    specs << SettingSpec{"server/log_level", "log-level", "LOG_LEVEL", "level",
                         "debug, info, warning or error (default info).",
                         [](const QString &v, Settings &s) -> QString {
                             const QString level = v.trimmed().toLower();
                             if (!LogSetup::isValidLevel(level))
                                 return QStringLiteral("\"%1\" is not one of %2")
                                     .arg(v, LogSetup::levelNames().join(QStringLiteral(", ")));
                             s.logLevel = level;
                             return {};
                         }};
    specs << SettingSpec{"tls/certificate", "tls-cert", "SWITCHBOARD_TLS_CERT", "file",
                         "PEM certificate chain (e.g. certbot's fullchain.pem).",
                         [](const QString &v, Settings &s) { return nonEmpty(v, s.tlsCertificate); }};
    specs << SettingSpec{"tls/key", "tls-key", "SWITCHBOARD_TLS_KEY", "file",
                         "PEM private key (e.g. certbot's privkey.pem).",
                         [](const QString &v, Settings &s) { return nonEmpty(v, s.tlsKey); }};
    specs << SettingSpec{"secrets/jwt_secret", QString(), "JWT_SECRET", QString(), QString(),
                         [](const QString &v, Settings &s) -> QString {
                             if (v.size() < 16)
                                 return QStringLiteral("is shorter than 16 characters");
                             s.jwtSecret = v;
                             return {};
                         }};
    specs << SettingSpec{"secrets/store", "secret-store", "SWITCHBOARD_SECRET_STORE", "auto|keychain|file",
                         "Where secrets are kept: the system keychain, 0600 files in the data directory, "
                         "or auto (the keychain if one answers, default).",
                         [](const QString &v, Settings &s) -> QString {
                             const QString mode = v.trimmed().toLower();
                             if (mode != QLatin1String("auto") && mode != QLatin1String("keychain")
                                 && mode != QLatin1String("file"))
                                 return QStringLiteral("\"%1\" is not auto, keychain or file").arg(v);
                             s.secretStore = mode;
                             return {};
                         }};
    specs << SettingSpec{"admin/loopback", "admin-loopback", "SWITCHBOARD_ADMIN_LOOPBACK", "yes|no",
                         "Let requests from this machine use the admin API without the admin token (default yes).",
                         [](const QString &v, Settings &s) { return parseYesNo(v, s.adminLoopback); }};
    specs << SettingSpec{"cluster/redis_url", "redis-url", "REDIS_URL", "url",
                         "Cluster mode: the Redis all nodes share (redis://[:password@]host[:port][/db]). "
                         "Unset: this node runs alone with sessions in memory.",
                         [](const QString &v, Settings &s) -> QString {
                             const QUrl url(v.trimmed());
                             if (url.scheme() == QLatin1String("rediss"))
                                 return QStringLiteral("\"%1\": TLS to Redis (rediss://) is not supported; "
                                                       "reach Redis over a private network or a tunnel")
                                     .arg(v);
                             if (!url.isValid() || url.scheme() != QLatin1String("redis") || url.host().isEmpty()
                                 || url.port(6379) < 1)
                                 return QStringLiteral("\"%1\" is not a redis:// URL").arg(v);
                             s.redisUrl = v.trimmed();
                             return {};
                         }};
    specs << SettingSpec{"cluster/address", "cluster-address", "SWITCHBOARD_CLUSTER_ADDRESS", "host[:port]",
                         "Cluster mode: where the other nodes reach this one (default: the listening host, "
                         "or this machine's first non-loopback address when listening on all; the relay's port).",
                         [](const QString &v, Settings &s) -> QString {
                             const QString text = v.trimmed();
                             const QUrl url(QStringLiteral("tcp://") + text);
                             if (text.isEmpty() || !url.isValid() || url.host().isEmpty() || !url.path().isEmpty())
                                 return QStringLiteral("\"%1\" is not host or host:port").arg(v);
                             s.clusterAddress = text;
                             return {};
                         }};
    specs << SettingSpec{"limits/max_connections", "max-connections", "SWITCHBOARD_MAX_CONNECTIONS",
                         "count", "Connections held at once before new ones are refused (default 20000).",
                         [](const QString &v, Settings &s) {
                             return parseInt(v, 1, 10000000, s.maxConnections,
                                             QStringLiteral("connections"));
                         }};
    specs << SettingSpec{"limits/max_connections_per_ip", "max-connections-per-ip",
                         "SWITCHBOARD_MAX_CONNECTIONS_PER_IP", "count",
                         "Connections one address may hold at once (default 256).",
                         [](const QString &v, Settings &s) {
                             return parseInt(v, 1, 10000000, s.maxConnectionsPerIp,
                                             QStringLiteral("connections"));
                         }};
    specs << SettingSpec{"limits/idle_timeout", "idle-timeout", "SWITCHBOARD_IDLE_TIMEOUT",
                         "seconds", "Close connections silent for this long (default 300).",
                         [](const QString &v, Settings &s) {
                             return parseInt(v, 1, 86400, s.idleTimeoutSeconds,
                                             QStringLiteral("seconds"));
                         }};
    specs << SettingSpec{"limits/head_timeout", "head-timeout", "SWITCHBOARD_HEAD_TIMEOUT",
                         "seconds", "Time a client has to send a request head (default 10).",
                         [](const QString &v, Settings &s) {
                             return parseInt(v, 1, 600, s.headTimeoutSeconds,
                                             QStringLiteral("seconds"));
                         }};
    specs << SettingSpec{"limits/max_body", "max-body", "SWITCHBOARD_MAX_BODY", "bytes",
                         "Largest HTTP request body accepted (default 10000000).",
                         [](const QString &v, Settings &s) {
                             return parseBytes(v, 0, qint64(1) << 32, s.maxBodyBytes);
                         }};
    specs << SettingSpec{"server/services", "services", "SWITCHBOARD_SERVICES", "names",
                         "Comma-separated services to run (default all: tunnel,localfirst,pairing,mesh,libp2p).",
                         [](const QString &v, Settings &s) -> QString {
                             const QStringList known = Settings().services;
                             QStringList chosen;
                             for (const QString &part : v.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
                                 const QString name = part.trimmed().toLower();
                                 if (!known.contains(name))
                                     return QStringLiteral("\"%1\" is not a service (%2)")
                                         .arg(part, known.join(QStringLiteral(", ")));
                                 if (!chosen.contains(name))
                                     chosen << name;
                             }
                             s.services = chosen;
                             return {};
                         }};
    specs << SettingSpec{"mesh/tokens", "mesh-tokens", "SWITCHBOARD_MESH_TOKENS", "list",
                         "Meshes that need a token to join, as mesh=token,mesh2=token2.",
                         [](const QString &v, Settings &s) -> QString {
                             QMap<QString, QString> tokens;
                             for (const QString &part : v.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
                                 const qsizetype eq = part.indexOf(QLatin1Char('='));
                                 const QString mesh = part.left(eq).trimmed();
                                 const QString token = eq < 0 ? QString() : part.mid(eq + 1).trimmed();
                                 if (eq < 0 || mesh.isEmpty() || token.isEmpty())
                                     return QStringLiteral("\"%1\" is not mesh=token").arg(part);
                                 tokens.insert(mesh, token);
                             }
                             s.meshTokens = tokens;
                             return {};
                         }};
    specs << SettingSpec{"limits/peer_wait_timeout", "peer-wait-timeout", "SWITCHBOARD_PEER_WAIT_TIMEOUT",
                         "seconds", "How long a peer may wait for its counterpart (default 600).",
                         [](const QString &v, Settings &s) {
                             return parseInt(v, 1, 86400, s.peerWaitSeconds, QStringLiteral("seconds"));
                         }};
    specs << SettingSpec{"limits/peer_wait_buffer", "peer-wait-buffer", "SWITCHBOARD_PEER_WAIT_BUFFER",
                         "bytes", "What a waiting peer may send before it is no longer read (default 4194304).",
                         [](const QString &v, Settings &s) {
                             return parseBytes(v, 1024, qint64(1) << 30, s.peerWaitBufferBytes);
                         }};
    specs << SettingSpec{"limits/pipe_buffer", "pipe-buffer", "SWITCHBOARD_PIPE_BUFFER", "bytes",
                         "Unsent bytes per pipe side before the sender is paused (default 1048576).",
                         [](const QString &v, Settings &s) {
                             return parseBytes(v, 4096, qint64(1) << 30, s.pipeBufferBytes);
                         }};
    specs << SettingSpec{"server/threads", "threads", "SWITCHBOARD_THREADS", "count",
                         "Threads that carry established pairing and localfirst pipes, the relay's own "
                         "included: 0 (default) one per core, used when the relay's thread is busy "
                         "and a core idle; N > 1 spreads every pipe over N; 1 keeps one thread.",
                         [](const QString &v, Settings &s) {
                             return parseInt(v, 0, 256, s.threads, QStringLiteral("threads"));
                         }};
    specs << SettingSpec{"tunnel/open_access", "tunnel-open-access", "SWITCHBOARD_TUNNEL_OPEN_ACCESS", "yes|no",
                         "Admit tunnel browser clients without a relay-issued token (default no).",
                         [](const QString &v, Settings &s) -> QString {
                             const QString value = v.trimmed().toLower();
                             if (value == QLatin1String("yes") || value == QLatin1String("true") || value == QLatin1String("1"))
                                 s.tunnelOpenAccess = true;
                             else if (value == QLatin1String("no") || value == QLatin1String("false") || value == QLatin1String("0"))
                                 s.tunnelOpenAccess = false;
                             else
                                 return QStringLiteral("\"%1\" is not yes or no").arg(v);
                             return {};
                         }};
    specs << SettingSpec{"tunnel/http_rate", "tunnel-http-rate", "SWITCHBOARD_TUNNEL_HTTP_RATE", "per-second",
                         "Tunnelled HTTP requests per second per client address (default 10).",
                         [](const QString &v, Settings &s) { return parseRate(v, s.tunnelHttpRate); }};
    specs << SettingSpec{"tunnel/http_burst", "tunnel-http-burst", "SWITCHBOARD_TUNNEL_HTTP_BURST", "count",
                         "Burst of tunnelled HTTP requests per client address (default 20).",
                         [](const QString &v, Settings &s) {
                             return parseInt(v, 1, 1000000, s.tunnelHttpBurst, QStringLiteral("requests"));
                         }};
    specs << SettingSpec{"tunnel/connect_rate", "tunnel-connect-rate", "SWITCHBOARD_TUNNEL_CONNECT_RATE", "per-second",
                         "Socket.IO handshakes per second per client address (default 5).",
                         [](const QString &v, Settings &s) { return parseRate(v, s.tunnelConnectRate); }};
    specs << SettingSpec{"tunnel/connect_burst", "tunnel-connect-burst", "SWITCHBOARD_TUNNEL_CONNECT_BURST", "count",
                         "Burst of Socket.IO handshakes per client address (default 20).",
                         [](const QString &v, Settings &s) {
                             return parseInt(v, 1, 1000000, s.tunnelConnectBurst, QStringLiteral("handshakes"));
                         }};
    return specs;
}

} // namespace

const QList<SettingSpec> &settingSpecs()
{
    static const QList<SettingSpec> specs = buildSpecs();
    return specs;
}

#pragma once
// Everything the relay can be told, with the defaults a fresh install runs on.
#include <QHostAddress>
#include <QList>
#include <QMap>
#include <QStringList>
#include <QString>

struct Settings
{
    // Front door
    QString host = QStringLiteral("0.0.0.0");
    quint16 port = 8765;
    // Additional listeners serving the same router, e.g. the originals' 3790, 8080, 9090, 9091.
    QList<quint16> extraPorts;
    QString domain; // empty: "localhost:<port>"
    QString dataDir; // empty: the platform's application data directory

    // TLS: PEM files as certbot writes them (fullchain.pem + privkey.pem work as they are).
    QString tlsCertificate;
    QString tlsKey;

    QString logLevel = QStringLiteral("info");
    QString jwtSecret; // empty: generated once and kept in the secret store
    // Where secrets live: "auto" (the keychain if one answers at start, else 0600 files in the
    // data directory), "keychain" or "file".
    QString secretStore = QStringLiteral("auto");
    // Requests from this machine (loopback, naming localhost, not forwarded) may use the admin API
    // without the admin token. Off behind a reverse proxy on the same machine that adds no
    // X-Forwarded-For.
    bool adminLoopback = true;
    QString redisUrl; // empty: in-memory session registry
    QString clusterAddress; // host[:port] other nodes open links to; empty: derived at start

    // Which protocol services run (tunnel, localfirst, pairing, mesh, libp2p).
    QStringList services{QStringLiteral("tunnel"), QStringLiteral("localfirst"), QStringLiteral("pairing"),
                         QStringLiteral("mesh"), QStringLiteral("libp2p")};
    // Meshes that need a token to join: mesh id -> token.
    QMap<QString, QString> meshTokens;

    // Limits on what strangers can do.
    int maxConnections = 20000;
    int maxConnectionsPerIp = 256;
    int idleTimeoutSeconds = 300; // a connection that says nothing for this long is closed
    int headTimeoutSeconds = 10; // time to send a complete HTTP request head
    qint64 maxBodyBytes = 10 * 1000 * 1000; // the tunnel's default body limit
    int maxHeadBytes = 16 * 1024;
    // A peer waiting for its counterpart (localfirst connection, pairing code) is closed after
    // this long; what it sends meanwhile is kept up to peerWaitBufferBytes, then it is not read.
    int peerWaitSeconds = 600;
    qint64 peerWaitBufferBytes = 4 * 1024 * 1024;
    // Unsent bytes one side of a pipe may hold before the other side stops being read.
    qint64 pipeBufferBytes = 1024 * 1024;
    // Threads the relay runs on, its own included: established pairing and localfirst pipes are
    // spread over them (docs/PERFORMANCE.md, "Both cores"). 0 means one per core.
    int threads = 0;

    // Tunnel: admit browser clients without a relay-issued token (the original's behaviour; the
    // desktop alone then judges them). Rate limits per client address.
    bool tunnelOpenAccess = false;
    double tunnelHttpRate = 10; // tunnelled HTTP requests per second
    int tunnelHttpBurst = 20;
    double tunnelConnectRate = 5; // Socket.IO handshakes per second
    int tunnelConnectBurst = 20;

    bool runs(const QString &service) const { return services.contains(service); }

    bool tlsEnabled() const { return !tlsCertificate.isEmpty(); }
    // The domain sessions hang under: DOMAIN, or localhost with the front door's port.
    QString effectiveDomain() const;
    bool listensOnPublicAddress() const;
};

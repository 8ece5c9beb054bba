#pragma once
// Everything the relay can be told, with the defaults a fresh install runs on.
#include <QHostAddress>
#include <QList>
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
    QString jwtSecret; // empty: generated once and kept in the data directory
    QString redisUrl; // empty: in-memory session registry

    // Limits on what strangers can do.
    int maxConnections = 20000;
    int maxConnectionsPerIp = 256;
    int idleTimeoutSeconds = 300; // a connection that says nothing for this long is closed
    int headTimeoutSeconds = 10; // time to send a complete HTTP request head
    qint64 maxBodyBytes = 10 * 1000 * 1000; // the tunnel's default body limit
    int maxHeadBytes = 16 * 1024;

    bool tlsEnabled() const { return !tlsCertificate.isEmpty(); }
    // The domain sessions hang under: DOMAIN, or localhost with the front door's port.
    QString effectiveDomain() const;
    bool listensOnPublicAddress() const;
};

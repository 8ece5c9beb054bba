#pragma once
#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <QStringList>

// One relayed conversation of any service: a tunnel desktop and its browsers, a localfirst pipe,
// a pairing transfer, a mesh, a libp2p circuit.
struct Session
{
    QString service; // "tunnel", "localfirst", "pairing", "mesh", "libp2p"
    QString id; // unique within the service: session id, code hash, mesh id, ...
    QStringList peers; // peer ids or roles, as the service names them
    QStringList remoteAddresses;
    quint64 bytesIn = 0; // received from peers by the relay
    quint64 bytesOut = 0; // sent to peers by the relay
    QDateTime startedAt;
    QDateTime lastActivity;

    QString key() const { return keyFor(service, id); }
    static QString keyFor(const QString &service, const QString &id) { return service + QLatin1Char('/') + id; }
};

// Per-service figures that outlive the sessions they count.
struct ServiceTotals
{
    int active = 0;
    quint64 started = 0;
    quint64 bytesIn = 0;
    quint64 bytesOut = 0;
};

Q_DECLARE_METATYPE(Session)

#pragma once
// Keeps this node's sessions in Redis, so the cluster's registry is there for any node (or an
// operator with redis-cli) to read: sb:session:<node>:<service/id> holds the session as JSON,
// sb:sessions:<node> lists them. Written from the Relay's batched session signals, never per
// message; a node that dies has its entries reaped by the others (core/cluster/cluster.h).
#include "sessions/session.h"

#include <QObject>

class Cluster;
class Relay;

class ClusterSessionMirror : public QObject
{
    Q_OBJECT
public:
    ClusterSessionMirror(Relay *relay, Cluster *cluster);

    static QByteArray toJson(const Session &session, const QString &node);

private:
    void write(const QList<Session> &sessions);
    void remove(const QList<Session> &sessions);
    void writeAll();

    Relay *m_relay;
    Cluster *m_cluster;
};

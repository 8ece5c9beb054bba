#include "clustersessionmirror.h"

#include "cluster.h"
#include "relay.h"
#include "sessions/sessionregistry.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

ClusterSessionMirror::ClusterSessionMirror(Relay *relay, Cluster *cluster)
    : QObject(cluster), m_relay(relay), m_cluster(cluster)
{
    connect(relay, &Relay::sessionsBegan, this, &ClusterSessionMirror::write);
    connect(relay, &Relay::sessionsChanged, this, &ClusterSessionMirror::write);
    connect(relay, &Relay::sessionsEnded, this, &ClusterSessionMirror::remove);
    // After an outage Redis may have lost everything (or reaped us): say it all again.
    connect(cluster, &Cluster::reachabilityChanged, this, [this](bool reachable) {
        if (reachable)
            writeAll();
    });
}

QByteArray ClusterSessionMirror::toJson(const Session &session, const QString &node)
{
    const QJsonObject o{{QStringLiteral("node"), node},
                        {QStringLiteral("service"), session.service},
                        {QStringLiteral("id"), session.id},
                        {QStringLiteral("peers"), QJsonArray::fromStringList(session.peers)},
                        {QStringLiteral("remoteAddresses"), QJsonArray::fromStringList(session.remoteAddresses)},
                        {QStringLiteral("bytesIn"), double(session.bytesIn)},
                        {QStringLiteral("bytesOut"), double(session.bytesOut)},
                        {QStringLiteral("startedAt"), session.startedAt.toString(Qt::ISODateWithMs)},
                        {QStringLiteral("lastActivity"), session.lastActivity.toString(Qt::ISODateWithMs)}};
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

void ClusterSessionMirror::write(const QList<Session> &sessions)
{
    if (!m_cluster->isRedisReachable())
        return;
    const QByteArray node = m_cluster->nodeId().toLatin1();
    for (const Session &session : sessions) {
        const QByteArray key = "sb:session:" + node + ':' + session.key().toUtf8();
        m_cluster->set(key, toJson(session, m_cluster->nodeId()), 0);
        m_cluster->addToSet("sb:sessions:" + node, key);
    }
}

void ClusterSessionMirror::remove(const QList<Session> &sessions)
{
    if (!m_cluster->isRedisReachable())
        return;
    const QByteArray node = m_cluster->nodeId().toLatin1();
    for (const Session &session : sessions) {
        const QByteArray key = "sb:session:" + node + ':' + session.key().toUtf8();
        m_cluster->del(key);
        m_cluster->removeFromSet("sb:sessions:" + node, key);
    }
}

void ClusterSessionMirror::writeAll()
{
    write(m_relay->sessions()->sessions());
}

#pragma once
// Where every service records its sessions. The in-memory registry is the default; a cluster
// (REDIS_URL) shares them between nodes.
#include "session.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <optional>

class SessionRegistry : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    // The known service names, so figures can list a service before its first session.
    static const QStringList &serviceNames();

    virtual void begin(const Session &session) = 0;
    virtual void setPeers(const QString &key, const QStringList &peers, const QStringList &remoteAddresses) = 0;
    // Hot path: called for every relayed message; never emits a signal itself.
    virtual void addBytes(const QString &key, quint64 in, quint64 out) = 0;
    virtual void end(const QString &key) = 0;

    virtual std::optional<Session> find(const QString &key) const = 0;
    virtual QList<Session> sessions() const = 0;
    virtual ServiceTotals totals(const QString &service) const = 0;

    // Keys whose byte counts or activity changed since the last call; the Relay's batcher drains
    // this on its timer instead of receiving a signal per message.
    QSet<QString> takeTouchedKeys();

signals:
    void sessionBegan(const Session &session);
    void sessionChanged(const Session &session);
    void sessionEnded(const Session &session);

protected:
    void markTouched(const QString &key) { m_touched.insert(key); }
    void forgetTouched(const QString &key) { m_touched.remove(key); }

private:
    QSet<QString> m_touched;
};

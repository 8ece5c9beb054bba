#pragma once
#include "sessionregistry.h"

class InMemorySessionRegistry : public SessionRegistry
{
    Q_OBJECT
public:
    using SessionRegistry::SessionRegistry;

    void begin(const Session &session) override;
    void setPeers(const QString &key, const QStringList &peers, const QStringList &remoteAddresses) override;
    void addBytes(const QString &key, quint64 in, quint64 out) override;
    void end(const QString &key) override;

    std::optional<Session> find(const QString &key) const override;
    QList<Session> sessions() const override;
    ServiceTotals totals(const QString &service) const override;

private:
    QHash<QString, Session> m_sessions;
    QHash<QString, ServiceTotals> m_totals;
};

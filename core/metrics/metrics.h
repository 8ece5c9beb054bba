#pragma once
// Relay-wide counters behind /stats and /metrics. Session and byte figures come from the
// session registry; these are the front door's own.
#include <QElapsedTimer>
#include <QMap>
#include <QObject>

class Metrics : public QObject
{
    Q_OBJECT
public:
    explicit Metrics(QObject *parent = nullptr);

    void connectionAccepted(const QString &transport);
    // Counted by a short machine-readable reason, e.g. "too_many_from_address", "head_timeout".
    void connectionRejected(const QString &reason);
    void httpResponse(int status);
    void setOpenConnections(int open) { m_openConnections = open; }
    void setOpenWebSockets(int open) { m_openWebSockets = open; }

    const QMap<QString, quint64> &accepted() const { return m_accepted; }
    const QMap<QString, quint64> &rejected() const { return m_rejected; }
    const QMap<int, quint64> &httpResponses() const { return m_httpResponses; }
    quint64 rejectedTotal() const;
    int openConnections() const { return m_openConnections; }
    int openWebSockets() const { return m_openWebSockets; }
    qint64 uptimeSeconds() const { return m_uptime.elapsed() / 1000; }

private:
    QElapsedTimer m_uptime;
    QMap<QString, quint64> m_accepted;
    QMap<QString, quint64> m_rejected;
    QMap<int, quint64> m_httpResponses;
    int m_openConnections = 0;
    int m_openWebSockets = 0;
};

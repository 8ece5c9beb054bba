#include "metrics.h"

Metrics::Metrics(QObject *parent) : QObject(parent)
{
    m_uptime.start();
}

void Metrics::connectionAccepted(const QString &transport)
{
    ++m_accepted[transport];
}

void Metrics::connectionRejected(const QString &reason)
{
    ++m_rejected[reason];
}

void Metrics::httpResponse(int status)
{
    ++m_httpResponses[status];
}

quint64 Metrics::rejectedTotal() const
{
    quint64 total = 0;
    for (quint64 n : m_rejected)
        total += n;
    return total;
}

#include "sessionhost.h"

namespace SessionHost {

namespace {
QStringView withoutPort(QStringView host)
{
    const qsizetype colon = host.lastIndexOf(QLatin1Char(':'));
    return colon < 0 || host.endsWith(QLatin1Char(']')) ? host : host.first(colon);
}
} // namespace

bool isValidSessionId(const QString &id)
{
    if (id.size() != 6)
        return false;
    for (QChar c : id) {
        if (!((c >= QLatin1Char('A') && c <= QLatin1Char('Z')) || (c >= QLatin1Char('0') && c <= QLatin1Char('9'))))
            return false;
    }
    return true;
}

QString sessionIdFrom(const QString &hostHeader, const QString &domain)
{
    // Every request asks this (twice: routing, then the tunnel), so it compares in place rather
    // than building lowercased copies.
    QStringView host(hostHeader);
    // A domain without a port matches hosts on any port (a reverse proxy may add one).
    if (!domain.contains(QLatin1Char(':')))
        host = withoutPort(host);
    // "<six letters>.<domain>"
    if (host.size() != 7 + domain.size() || host.at(6) != QLatin1Char('.')
        || host.sliced(7).compare(domain, Qt::CaseInsensitive) != 0)
        return {};
    const QString id = host.first(6).toString().toUpper();
    return isValidSessionId(id) ? id : QString();
}

QString urlFor(const QString &scheme, const QString &sessionId, const QString &domain)
{
    return scheme + QStringLiteral("://") + sessionId.toLower() + QLatin1Char('.') + domain;
}

} // namespace SessionHost

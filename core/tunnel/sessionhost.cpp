#include "sessionhost.h"

namespace SessionHost {

namespace {
QString withoutPort(const QString &host)
{
    const qsizetype colon = host.lastIndexOf(QLatin1Char(':'));
    return colon < 0 || host.endsWith(QLatin1Char(']')) ? host : host.left(colon);
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
    QString host = hostHeader.toLower();
    QString wanted = domain.toLower();
    // A domain without a port matches hosts on any port (a reverse proxy may add one).
    if (!wanted.contains(QLatin1Char(':')))
        host = withoutPort(host);
    const qsizetype dot = host.indexOf(QLatin1Char('.'));
    if (dot != 6 || host.mid(dot + 1) != wanted)
        return {};
    const QString id = host.left(6).toUpper();
    return isValidSessionId(id) ? id : QString();
}

QString urlFor(const QString &scheme, const QString &sessionId, const QString &domain)
{
    return scheme + QStringLiteral("://") + sessionId.toLower() + QLatin1Char('.') + domain;
}

} // namespace SessionHost

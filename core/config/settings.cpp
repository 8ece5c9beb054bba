#include "settings.h"

QString Settings::effectiveDomain() const
{
    if (!domain.isEmpty())
        return domain;
    return QStringLiteral("localhost:%1").arg(port);
}

bool Settings::listensOnPublicAddress() const
{
    const QHostAddress address(host);
    if (host == QLatin1String("localhost") || address.isLoopback())
        return false;
    return true;
}

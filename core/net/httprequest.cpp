#include "httprequest.h"

QByteArray HttpRequest::header(QByteArrayView lowercaseName) const
{
    for (const auto &[name, value] : headers) {
        if (name == lowercaseName)
            return value;
    }
    return {};
}

QString HttpRequest::hostName() const
{
    if (host.startsWith(QLatin1Char('['))) // [::1]:8765
        return host.section(QLatin1Char(']'), 0, 0) + QLatin1Char(']');
    return host.section(QLatin1Char(':'), 0, 0);
}

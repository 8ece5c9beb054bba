#include "shareurls.h"

#include "relay.h"

namespace ShareUrls {

QString relayUrl(const Relay *relay)
{
    if (!relay)
        return {};
    return relay->publicScheme() + QStringLiteral("://") + relay->domain();
}

QString sessionUrl(const Relay *relay, const Session &session)
{
    if (!relay)
        return {};
    if (session.service == QLatin1String("tunnel"))
        return relay->publicScheme() + QStringLiteral("://") + session.id + QLatin1Char('.') + relay->domain();
    if (session.service == QLatin1String("mesh")) {
        const QString ws = relay->publicScheme() == QLatin1String("https") ? QStringLiteral("wss") : QStringLiteral("ws");
        return ws + QStringLiteral("://") + relay->domain() + QStringLiteral("/relay/") + session.id;
    }
    return relayUrl(relay);
}

} // namespace ShareUrls

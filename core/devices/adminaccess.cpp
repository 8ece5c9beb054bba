#include "adminaccess.h"

#include "net/httprequest.h"

#include <openssl/crypto.h>

namespace {

bool isLoopback(const QHostAddress &address)
{
    bool mapped = false;
    const QHostAddress v4(address.toIPv4Address(&mapped));
    return address.isLoopback() || (mapped && v4.isLoopback());
}

} // namespace

bool AdminAccess::isLocalRequest(const HttpRequest &request)
{
    if (!isLoopback(request.peerAddress))
        return false;
    const QString host = request.hostName();
    if (host != QLatin1String("localhost") && host != QLatin1String("127.0.0.1") && host != QLatin1String("::1")
        && host != QLatin1String("[::1]"))
        return false;
    return request.header("forwarded").isEmpty() && request.header("x-forwarded-for").isEmpty()
           && request.header("x-real-ip").isEmpty();
}

bool AdminAccess::admits(const HttpRequest &request) const
{
    if (m_loopbackIsAdmin && isLocalRequest(request))
        return true;
    const QByteArray authorization = request.header("authorization");
    static const QByteArray bearer = "Bearer ";
    if (m_token.isEmpty() || !authorization.startsWith(bearer))
        return false;
    const QByteArray offered = authorization.mid(bearer.size()).trimmed();
    return offered.size() == m_token.size()
           && CRYPTO_memcmp(offered.constData(), m_token.constData(), size_t(offered.size())) == 0;
}

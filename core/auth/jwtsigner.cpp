#include "jwtsigner.h"

#include <QJsonDocument>

#include <cstdlib>
#include <jwt.h>

QString JwtSigner::sign(const QJsonObject &claims) const
{
    jwt_t *jwt = nullptr;
    if (jwt_new(&jwt) != 0)
        return {};
    for (auto it = claims.constBegin(); it != claims.constEnd(); ++it) {
        const QByteArray name = it.key().toUtf8();
        if (it.value().isString())
            jwt_add_grant(jwt, name.constData(), it.value().toString().toUtf8().constData());
        else if (it.value().isDouble())
            jwt_add_grant_int(jwt, name.constData(), long(it.value().toDouble()));
    }
    jwt_set_alg(jwt, JWT_ALG_HS256, reinterpret_cast<const unsigned char *>(m_secret.constData()),
                int(m_secret.size()));
    char *encoded = jwt_encode_str(jwt);
    const QString token = encoded ? QString::fromLatin1(encoded) : QString();
    std::free(encoded);
    jwt_free(jwt);
    return token;
}

JwtSigner::Verified JwtSigner::verify(const QString &token, qint64 nowSeconds) const
{
    Verified result;
    if (token.isEmpty() || token.size() > 4096) {
        result.error = QStringLiteral("no token");
        return result;
    }
    jwt_t *jwt = nullptr;
    const QByteArray raw = token.toLatin1();
    if (jwt_decode(&jwt, raw.constData(), reinterpret_cast<const unsigned char *>(m_secret.constData()),
                   int(m_secret.size()))
        != 0) {
        result.error = QStringLiteral("bad signature or malformed token");
        return result;
    }
    if (jwt_get_alg(jwt) != JWT_ALG_HS256) {
        jwt_free(jwt);
        result.error = QStringLiteral("token not signed with HS256");
        return result;
    }
    char *json = jwt_get_grants_json(jwt, nullptr);
    result.claims = QJsonDocument::fromJson(json ? QByteArray(json) : QByteArray()).object();
    std::free(json);
    jwt_free(jwt);
    const QJsonValue exp = result.claims.value(QLatin1String("exp"));
    if (!exp.isDouble() || qint64(exp.toDouble()) <= nowSeconds) {
        result.error = QStringLiteral("token expired");
        return result;
    }
    result.ok = true;
    return result;
}

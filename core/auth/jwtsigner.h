#pragma once
// HS256 JSON Web Tokens through libjwt: the tunnel's `registered` token and its check on clients.
#include <QByteArray>
#include <QJsonObject>
#include <QString>

class JwtSigner
{
public:
    explicit JwtSigner(QByteArray secret) : m_secret(std::move(secret)) {}

    // Signs `claims` (string and integer values) with HS256.
    QString sign(const QJsonObject &claims) const;

    struct Verified
    {
        bool ok = false;
        QString error; // why not, in words a log can show
        QJsonObject claims;
    };
    // Checks the signature (HS256 only; "none" and every other algorithm are refused) and `exp`
    // against `nowSeconds`.
    Verified verify(const QString &token, qint64 nowSeconds) const;

private:
    QByteArray m_secret;
};

#include "adminclient.h"

#include <QEventLoop>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QTimer>

namespace AdminClient {

QString connectHostFor(const QString &listenHost)
{
    if (listenHost.isEmpty() || listenHost == QLatin1String("0.0.0.0") || listenHost == QLatin1String("localhost"))
        return QStringLiteral("127.0.0.1");
    if (listenHost == QLatin1String("::"))
        return QStringLiteral("::1");
    return listenHost;
}

Result requestPairingCode(const QString &host, quint16 port, const QByteArray &adminToken, int timeoutMs)
{
    Result result;
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(host);
    url.setPort(port);
    url.setPath(QStringLiteral("/api/admin/pairing-code"));
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setTransferTimeout(timeoutMs);
    if (!adminToken.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + adminToken);

    QNetworkAccessManager network;
    network.setProxy(QNetworkProxy::NoProxy); // an http_proxy in the environment must not take this
    QNetworkReply *reply = network.post(request, QByteArray("{}"));
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QJsonObject body = QJsonDocument::fromJson(reply->readAll()).object();
    const QString where = QStringLiteral("%1:%2").arg(host).arg(port);
    if (status == 0) {
        result.error = QStringLiteral("no relay answers on %1 (%2). Is switchboard-server running? "
                                      "Give --port (and --host) if it listens elsewhere.")
                           .arg(where, reply->errorString());
    } else if (status == 401) {
        result.error = QStringLiteral("the relay on %1 refused: %2").arg(where, body.value(QLatin1String("error")).toString());
    } else if (status != 200) {
        const QString why = body.value(QLatin1String("error")).toString();
        result.error = QStringLiteral("the relay on %1 answered %2%3. Is it a Switchboard relay of this version?")
                           .arg(where)
                           .arg(status)
                           .arg(why.isEmpty() ? QString() : QStringLiteral(": ") + why);
    } else {
        result.code.code = body.value(QLatin1String("code")).toString();
        result.code.url = QUrl(body.value(QLatin1String("url")).toString());
        result.code.expiresAt = QDateTime::fromString(body.value(QLatin1String("expiresAt")).toString(), Qt::ISODate);
        result.ok = !result.code.code.isEmpty() && result.code.url.isValid();
        if (!result.ok)
            result.error = QStringLiteral("the relay on %1 sent no pairing code").arg(where);
    }
    delete reply;
    return result;
}

} // namespace AdminClient

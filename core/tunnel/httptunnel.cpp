#include "httptunnel.h"

#include "desktopdirectory.h"
#include "log/logcategories.h"
#include "net/httpresponse.h"
#include "sessions/sessionregistry.h"
#include "socketio/socketioclient.h"

#include <QJsonArray>
#include <QRandomGenerator>

namespace {

QJsonObject headersAsObject(const HttpRequest &request)
{
    // Node's shape: lowercased names; repeated headers joined with ", ", except set-cookie (an
    // array) and cookie (joined with "; ").
    QJsonObject headers;
    for (const auto &[name, value] : request.headers) {
        const QString key = QString::fromLatin1(name);
        const QString text = QString::fromUtf8(value);
        if (!headers.contains(key)) {
            headers.insert(key, key == QLatin1String("set-cookie") ? QJsonValue(QJsonArray{text}) : QJsonValue(text));
            continue;
        }
        QJsonValue existing = headers.value(key);
        if (existing.isArray()) {
            QJsonArray list = existing.toArray();
            list.append(text);
            headers.insert(key, list);
        } else {
            const QString glue = key == QLatin1String("cookie") ? QStringLiteral("; ") : QStringLiteral(", ");
            headers.insert(key, existing.toString() + glue + text);
        }
    }
    return headers;
}

// The relay's own answers on a session host, byte for byte as the original sent them
// (PROTOCOLS.md): HttpResponse::text() would end them with a newline.
HttpResponse exactText(int status, const QByteArray &text)
{
    HttpResponse response;
    response.status = status;
    response.setHeader("Content-Type", "text/plain; charset=utf-8");
    response.body = text;
    return response;
}

bool isHopByHop(const QString &name)
{
    // Framing is the relay's job on this connection: the desktop's framing headers do not apply.
    static const QStringList names{QStringLiteral("transfer-encoding"), QStringLiteral("content-length"),
                                   QStringLiteral("connection"), QStringLiteral("keep-alive"),
                                   QStringLiteral("upgrade")};
    return names.contains(name);
}

} // namespace

HttpTunnel::HttpTunnel(DesktopDirectory *directory, SessionRegistry *registry, double ratePerSecond, int burst,
                       int timeoutMs, QObject *parent)
    : QObject(parent),
      m_directory(directory),
      m_registry(registry),
      m_rateLimiter(ratePerSecond, burst),
      m_timeoutMs(timeoutMs)
{
}

void HttpTunnel::handle(const QString &sessionId, const HttpRequest &request, HttpResponder responder)
{
    DesktopSession *session = m_directory->find(sessionId);
    if (!session) {
        responder.send(exactText(404, QStringLiteral("Session %1 not found").arg(sessionId).toUtf8()));
        return;
    }
    if (!m_rateLimiter.allow(request.peerAddress)) {
        HttpResponse tooMany = exactText(429, "Too many requests");
        tooMany.setHeader("Retry-After", QByteArray::number(m_rateLimiter.retryAfterSeconds(request.peerAddress)));
        responder.send(tooMany);
        return;
    }
    if (request.method == "OPTIONS") {
        // Preflight answered by the relay, as the original's CORS middleware did.
        HttpResponse preflight;
        preflight.status = 204;
        const QByteArray origin = request.header("origin");
        preflight.setHeader("Access-Control-Allow-Origin", origin.isEmpty() ? QByteArray("*") : origin);
        preflight.setHeader("Access-Control-Allow-Methods", "GET,HEAD,PUT,PATCH,POST,DELETE");
        const QByteArray wanted = request.header("access-control-request-headers");
        if (!wanted.isEmpty())
            preflight.setHeader("Access-Control-Allow-Headers", wanted);
        preflight.setHeader("Access-Control-Allow-Credentials", "true");
        preflight.setHeader("Vary", "Origin, Access-Control-Request-Headers");
        responder.send(preflight);
        return;
    }
    if (!session->desktopOnline()) {
        responder.send(exactText(503, "Desktop is offline"));
        return;
    }

    const QString requestId = QStringLiteral("req-%1-%2").arg(++m_counter).arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0'));
    QJsonObject event{{QStringLiteral("id"), requestId},
                      {QStringLiteral("method"), QString::fromLatin1(request.method)},
                      {QStringLiteral("url"), QString::fromUtf8(request.target)},
                      {QStringLiteral("headers"), headersAsObject(request)}};
    if (request.method != "GET" && request.method != "HEAD")
        event.insert(QStringLiteral("body"), QString::fromLatin1(request.body.toBase64()));

    const bool asset = request.target.contains("/_nuxt/") || request.target.contains("/node_modules/");
    auto *timer = new QTimer(this);
    timer->setSingleShot(true);
    connect(timer, &QTimer::timeout, this, [this, requestId] {
        finish(requestId, exactText(504, "Gateway Timeout - Desktop not responding"));
    });
    timer->start(asset ? 2 * m_timeoutMs : m_timeoutMs);
    m_pending.insert(requestId, Pending{sessionId, responder, timer, request.method == "HEAD"});
    m_registry->addBytes(Session::keyFor(QStringLiteral("tunnel"), sessionId), quint64(request.body.size()), 0);
    session->desktop->emitEvent(QStringLiteral("http:request"), QJsonArray{event});
}

void HttpTunnel::onResponse(const QString &sessionId, const QJsonObject &answer)
{
    const QString requestId = answer.value(QLatin1String("id")).toString();
    const auto it = m_pending.constFind(requestId);
    if (it == m_pending.cend() || it->sessionId != sessionId)
        return; // unknown, late, or another desktop's request
    HttpResponse response;
    const int status = answer.value(QLatin1String("status")).toInt(200);
    response.status = status >= 100 && status <= 599 ? status : 502;
    const QJsonObject headers = answer.value(QLatin1String("headers")).toObject();
    bool hasAllowOrigin = false;
    for (auto h = headers.constBegin(); h != headers.constEnd(); ++h) {
        const QString name = h.key().toLower();
        if (isHopByHop(name) || name.contains(QLatin1Char('\n')) || name.contains(QLatin1Char('\r')))
            continue;
        hasAllowOrigin |= name == QLatin1String("access-control-allow-origin");
        const QJsonArray values = h.value().isArray() ? h.value().toArray() : QJsonArray{h.value()};
        for (const QJsonValue &v : values) {
            const QString text = v.isString() ? v.toString() : QString::number(v.toDouble());
            if (text.contains(QLatin1Char('\n')) || text.contains(QLatin1Char('\r')))
                continue; // no header injection through the desktop's answer
            response.headers.append(qMakePair(h.key().toUtf8(), text.toUtf8()));
        }
    }
    if (!hasAllowOrigin)
        response.headers.append(qMakePair(QByteArray("Access-Control-Allow-Origin"), QByteArray("*")));
    if (it->head) {
        // A HEAD answer has no body but says how long the GET's would be.
        bool ok = false;
        const qint64 length = headers.value(QLatin1String("content-length")).toVariant().toString().toLongLong(&ok);
        if (ok && length >= 0)
            response.announcedLength = length;
    }
    // content-encoding passes through: the body is still encoded as the desktop sent it.
    response.body = QByteArray::fromBase64(answer.value(QLatin1String("body")).toString().toLatin1());
    m_registry->addBytes(Session::keyFor(QStringLiteral("tunnel"), sessionId), 0, quint64(response.body.size()));
    finish(requestId, response);
}

void HttpTunnel::desktopLeft(const QString &sessionId)
{
    QStringList affected;
    for (auto it = m_pending.cbegin(); it != m_pending.cend(); ++it) {
        if (it->sessionId == sessionId)
            affected << it.key();
    }
    for (const QString &id : std::as_const(affected))
        finish(id, exactText(503, "Desktop disconnected"));
}

void HttpTunnel::finish(const QString &requestId, const HttpResponse &response)
{
    const auto it = m_pending.find(requestId);
    if (it == m_pending.end())
        return;
    const Pending pending = *it;
    m_pending.erase(it);
    pending.timer->deleteLater();
    pending.responder.send(response);
}

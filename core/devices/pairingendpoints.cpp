#include "pairingendpoints.h"

#include "jsonreply.h"
#include "net/router.h"
#include "phonepairing.h"
#include "relay.h"

#include <QFile>
#include <QJsonParseError>

namespace {

QByteArray pageHtml()
{
    QFile file(QStringLiteral(":/web/pair.html"));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

int statusFor(PhonePairing::Outcome outcome)
{
    switch (outcome) {
    case PhonePairing::Outcome::Paired:
        return 200;
    case PhonePairing::Outcome::BadInput:
        return 400;
    case PhonePairing::Outcome::WrongCode:
        return 403;
    case PhonePairing::Outcome::Expired:
    case PhonePairing::Outcome::Used:
        return 410;
    case PhonePairing::Outcome::Locked:
        return 423;
    }
    return 400;
}

} // namespace

PairingEndpoints::PairingEndpoints(Relay *relay, PhonePairing *pairing)
    : QObject(relay),
      m_pairing(pairing),
      // Twenty tries at once, then one every three seconds: plenty for a person typing, useless
      // for guessing (the code locks after five wrong tries anyway) or for locking code after
      // code from one address.
      m_attempts(1.0 / 3.0, 20)
{
    Route page;
    page.name = QStringLiteral("pair-page");
    page.priority = 10;
    page.methods = {"GET", "HEAD"};
    page.matches = Router::pathIs(QStringLiteral("/pair"));
    page.http = [](const HttpRequest &, HttpResponder reply) {
        HttpResponse r = HttpResponse::html(200, pageHtml());
        r.setHeader("Cache-Control", "no-cache");
        // The page needs nothing from elsewhere; nothing else may run in it or frame it.
        r.setHeader("Content-Security-Policy",
                    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
                    "connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
        r.setHeader("Referrer-Policy", "no-referrer");
        reply.send(r);
    };
    relay->router().addRoute(std::move(page));

    Route api;
    api.name = QStringLiteral("pair-api");
    api.priority = 10;
    api.methods = {"POST"};
    api.matches = Router::pathIs(QStringLiteral("/api/pair"));
    api.http = [this](const HttpRequest &r, HttpResponder reply) { redeem(r, reply); };
    relay->router().addRoute(std::move(api));
}

void PairingEndpoints::redeem(const HttpRequest &request, HttpResponder reply)
{
    if (!m_attempts.allow(request.peerAddress)) {
        const int wait = m_attempts.retryAfterSeconds(request.peerAddress);
        HttpResponse r = JsonReply::error(429, QStringLiteral("Too many attempts. Wait %1 seconds and try again.").arg(wait));
        r.setHeader("Retry-After", QByteArray::number(wait));
        reply.send(r);
        return;
    }
    if (request.body.size() > kMaxBodyBytes) {
        reply.send(JsonReply::error(413, QStringLiteral("The request is too large.")));
        return;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(request.body, &parseError);
    const QJsonValue code = doc.object().value(QLatin1String("code"));
    const QJsonValue name = doc.object().value(QLatin1String("name"));
    if (!doc.isObject() || !code.isString() || !(name.isString() || name.isUndefined())) {
        reply.send(JsonReply::error(400, QStringLiteral("Send JSON: {\"code\": \"...\", \"name\": \"...\"}.")));
        return;
    }
    if (name.toString().size() > kMaxNameChars) {
        reply.send(JsonReply::error(400, QStringLiteral("The device name is too long.")));
        return;
    }
    const PhonePairing::Redemption result = m_pairing->redeem(code.toString(), name.toString());
    if (result.outcome != PhonePairing::Outcome::Paired) {
        reply.send(JsonReply::error(statusFor(result.outcome), result.message));
        return;
    }
    reply.send(JsonReply::ok({{QStringLiteral("deviceId"), result.device.id},
                              {QStringLiteral("name"), result.device.name},
                              {QStringLiteral("token"), result.token}}));
}

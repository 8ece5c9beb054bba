#include "adminendpoints.h"

#include "deviceregistry.h"
#include "jsonreply.h"
#include "net/router.h"
#include "phonepairing.h"
#include "qrcode.h"
#include "relay.h"
#include "sessions/sessioncontrol.h"
#include "sessions/sessionregistry.h"

#include <QJsonArray>

namespace {

const QString kPrefix = QStringLiteral("/api/admin/");

QString iso(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODate) : QString();
}

QJsonObject codeJson(const PairingCode &code)
{
    return {{QStringLiteral("code"), code.code},
            {QStringLiteral("url"), code.url.toString()},
            {QStringLiteral("expiresAt"), iso(code.expiresAt)}};
}

QJsonObject deviceJson(const PairedDevice &d)
{
    return {{QStringLiteral("id"), d.id},
            {QStringLiteral("name"), d.name},
            {QStringLiteral("pairedAt"), iso(d.pairedAt)},
            {QStringLiteral("lastSeen"), iso(d.lastSeen)}};
}

QJsonObject sessionJson(const Session &s)
{
    return {{QStringLiteral("service"), s.service},
            {QStringLiteral("id"), s.id},
            {QStringLiteral("peers"), QJsonArray::fromStringList(s.peers)},
            {QStringLiteral("remoteAddresses"), QJsonArray::fromStringList(s.remoteAddresses)},
            {QStringLiteral("bytesIn"), double(s.bytesIn)},
            {QStringLiteral("bytesOut"), double(s.bytesOut)},
            {QStringLiteral("startedAt"), iso(s.startedAt)}};
}

} // namespace

AdminEndpoints::AdminEndpoints(Relay *relay) : QObject(relay), m_relay(relay)
{
    addRoute(QStringLiteral("pairing-code"), false, {"GET", "POST"}, [this](const HttpRequest &r, HttpResponder reply) {
        if (r.method == "POST") {
            reply.send(JsonReply::ok(codeJson(m_relay->phonePairing()->issueCode())));
            return;
        }
        const auto code = m_relay->phonePairing()->currentCode();
        reply.send(code ? JsonReply::ok(codeJson(*code)) : JsonReply::error(404, QStringLiteral("No pairing code is live.")));
    });
    addRoute(QStringLiteral("pairing-qr.svg"), false, {"GET", "HEAD"}, [this](const HttpRequest &, HttpResponder reply) {
        const auto code = m_relay->phonePairing()->currentCode();
        if (!code) {
            reply.send(JsonReply::error(404, QStringLiteral("No pairing code is live.")));
            return;
        }
        HttpResponse r;
        r.setHeader("Content-Type", "image/svg+xml");
        r.setHeader("Cache-Control", "no-store");
        r.body = QrCode::encode(code->url.toString()).toSvg();
        reply.send(r);
    });
    addRoute(QStringLiteral("devices"), false, {"GET", "HEAD"}, [this](const HttpRequest &, HttpResponder reply) {
        QJsonArray list;
        for (const PairedDevice &d : m_relay->devices()->devices())
            list << deviceJson(d);
        reply.send(JsonReply::ok({{QStringLiteral("devices"), list}}));
    });
    addRoute(QStringLiteral("devices/"), true, {"DELETE"}, [this](const HttpRequest &r, HttpResponder reply) {
        const QString id = r.path.mid(kPrefix.size() + int(strlen("devices/")));
        if (id.isEmpty() || id.size() > 64 || !m_relay->devices()->revoke(id)) {
            reply.send(JsonReply::error(404, QStringLiteral("No paired device has that id.")));
            return;
        }
        reply.send(JsonReply::ok({{QStringLiteral("revoked"), id}}));
    });
    // The tray's "Disconnect", headless: DELETE /api/admin/sessions/<service>/<id>.
    addRoute(QStringLiteral("sessions/"), true, {"DELETE"}, [this](const HttpRequest &r, HttpResponder reply) {
        const QStringList parts = r.path.mid(kPrefix.size() + int(strlen("sessions/"))).split(QLatin1Char('/'));
        SessionControl *control = SessionControl::of(m_relay->sessions());
        if (parts.size() != 2 || parts[0].isEmpty() || parts[1].isEmpty() || parts[1].size() > 256) {
            reply.send(JsonReply::error(400, QStringLiteral("Use /api/admin/sessions/<service>/<id>.")));
            return;
        }
        if (!control->canDisconnect(parts[0])) {
            reply.send(JsonReply::error(404, QStringLiteral("Sessions of that service cannot be disconnected.")));
            return;
        }
        if (!control->disconnectSession(parts[0], parts[1])) {
            reply.send(JsonReply::error(404, QStringLiteral("No such session.")));
            return;
        }
        reply.send(JsonReply::ok({{QStringLiteral("disconnected"), parts[0] + QLatin1Char('/') + parts[1]}}));
    });
    addRoute(QStringLiteral("sessions"), false, {"GET", "HEAD"}, [this](const HttpRequest &, HttpResponder reply) {
        QJsonArray list;
        for (const Session &s : m_relay->sessions()->sessions())
            list << sessionJson(s);
        reply.send(JsonReply::ok({{QStringLiteral("sessions"), list}}));
    });
}

void AdminEndpoints::addRoute(const QString &path, bool prefix, const QList<QByteArray> &methods,
                              HttpHandler handler)
{
    Route route;
    route.name = QStringLiteral("admin");
    route.priority = 10;
    route.methods = methods;
    route.matches = prefix ? Router::pathStartsWith(kPrefix + path) : Router::pathIs(kPrefix + path);
    route.http = [this, handler = std::move(handler)](const HttpRequest &r, HttpResponder reply) {
        const bool admitted = m_access && m_access->admits(r);
        if (!admitted) {
            HttpResponse refusal = JsonReply::error(
                401, QStringLiteral("Admin only: ask from this machine, or send Authorization: Bearer <admin token>."));
            refusal.setHeader("WWW-Authenticate", "Bearer");
            reply.send(refusal);
            return;
        }
        handler(r, reply);
    };
    m_relay->router().addRoute(std::move(route));
}

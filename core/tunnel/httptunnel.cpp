#include "httptunnel.h"

#include "desktopdirectory.h"
#include "httprequestevent.h"
#include "log/logcategories.h"
#include "net/httpresponse.h"
#include "sessions/sessionregistry.h"
#include "socketio/socketioclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>

namespace {

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

} // namespace

HttpTunnel::HttpTunnel(DesktopDirectory *directory, SessionRegistry *registry, double ratePerSecond, int burst,
                       int timeoutMs, QObject *parent)
    : QObject(parent),
      m_directory(directory),
      m_registry(registry),
      m_rateLimiter(ratePerSecond, burst),
      m_timeoutMs(timeoutMs)
{
    m_clock.start();
    m_expiryTimer.setSingleShot(true);
    connect(&m_expiryTimer, &QTimer::timeout, this, &HttpTunnel::expireOverdue);
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

    const quint64 sequence = ++m_counter;
    // The number finds the request again; the random part keeps a desktop from answering
    // requests it was never sent by guessing numbers.
    const QByteArray requestId = "req-" + QByteArray::number(sequence) + '-'
                                 + QByteArray::number(QRandomGenerator::global()->generate(), 16);
    const bool asset = request.target.contains("/_nuxt/") || request.target.contains("/node_modules/");
    const Patience patience = asset ? Asset : Page;
    const qint64 deadline = m_clock.elapsed() + (asset ? 2 * qint64(m_timeoutMs) : qint64(m_timeoutMs));
    m_pending[patience].emplace_hint(m_pending[patience].end(), sequence,
                                     Pending{requestId, sessionId, responder, deadline, request.method == "HEAD"});
    scheduleExpiry();
    m_registry->addBytes(Session::keyFor(QStringLiteral("tunnel"), sessionId), quint64(request.body.size()), 0);
    session->desktop->emitEventJson(HttpRequestEvent::json(requestId, request));
}

bool HttpTunnel::onResponseJson(const QString &sessionId, QByteArrayView eventJson)
{
    std::optional<HttpResponseEvent> answer = m_responseParser.parse(eventJson);
    if (!answer)
        return false;
    // "req-<sequence>-<random>": find it by the number, then check the whole id and the session.
    // (Read in place: this runs for every answer, and split() would allocate a list each time.)
    const QByteArrayView id(answer->id);
    const qsizetype dash = id.startsWith("req-") ? id.indexOf('-', 4) : -1;
    bool numbered = false;
    const quint64 sequence = dash > 4 ? id.sliced(4, dash - 4).toULongLong(&numbered) : 0;
    if (!numbered)
        return true; // unknown: not one of ours
    for (PendingMap &map : m_pending) {
        const auto it = map.find(sequence);
        if (it == map.end())
            continue;
        if (it->second.id != answer->id || it->second.sessionId != sessionId)
            return true; // late, forged, or another desktop's request
        HttpResponse response;
        response.status = answer->status;
        response.headers = std::move(answer->headers);
        if (!answer->hasAllowOrigin)
            response.headers.append(qMakePair(QByteArray("Access-Control-Allow-Origin"), QByteArray("*")));
        // A HEAD answer has no body but says how long the GET's would be.
        if (it->second.head && answer->announcedLength >= 0)
            response.announcedLength = answer->announcedLength;
        // content-encoding passes through: the body is still encoded as the desktop sent it.
        response.body = std::move(answer->body);
        m_registry->addBytes(Session::keyFor(QStringLiteral("tunnel"), sessionId), 0, quint64(response.body.size()));
        finish(map, it, response);
        return true;
    }
    return true;
}

void HttpTunnel::onResponse(const QString &sessionId, const QJsonObject &answer)
{
    // Rare (the desktop asked for an ack): one reader for both ways in.
    onResponseJson(sessionId, QJsonDocument(QJsonArray{QStringLiteral("http:response"), answer}).toJson(QJsonDocument::Compact));
}

void HttpTunnel::desktopLeft(const QString &sessionId)
{
    for (PendingMap &map : m_pending) {
        for (auto it = map.begin(); it != map.end();) {
            if (it->second.sessionId != sessionId) {
                ++it;
                continue;
            }
            const auto next = std::next(it);
            finish(map, it, exactText(503, "Desktop disconnected"));
            it = next;
        }
    }
}

void HttpTunnel::finish(PendingMap &map, PendingMap::iterator it, const HttpResponse &response)
{
    const HttpResponder responder = it->second.responder;
    map.erase(it);
    responder.send(response);
}

void HttpTunnel::expireOverdue()
{
    m_expiryDueMs = -1;
    const qint64 now = m_clock.elapsed();
    for (PendingMap &map : m_pending) {
        while (!map.empty() && map.begin()->second.deadlineMs <= now)
            finish(map, map.begin(), exactText(504, "Gateway Timeout - Desktop not responding"));
    }
    scheduleExpiry();
}

void HttpTunnel::scheduleExpiry()
{
    // One timer for all waiting requests, started again only when the next deadline moves
    // earlier: starting a timer per request cost as much as writing the request out.
    qint64 next = -1;
    for (const PendingMap &map : m_pending) {
        if (!map.empty() && (next < 0 || map.begin()->second.deadlineMs < next))
            next = map.begin()->second.deadlineMs;
    }
    if (next < 0 || (m_expiryDueMs >= 0 && m_expiryDueMs <= next))
        return;
    m_expiryDueMs = next;
    m_expiryTimer.start(int(std::max<qint64>(0, next - m_clock.elapsed())));
}

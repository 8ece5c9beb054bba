#pragma once
// Plain HTTP on a session subdomain, carried to the desktop as Socket.IO events: `http:request`
// {id, method, url, headers, body?} out, `http:response` {id, status, headers, body} back, with
// the raw request body in base64 (the original re-serialised JSON and lost other bodies).
#include "auth/ratelimiter.h"
#include "net/httprequest.h"
#include "net/httpresponder.h"
#include "net/httpresponse.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QTimer>

class DesktopDirectory;
class SessionRegistry;

class HttpTunnel : public QObject
{
    Q_OBJECT
public:
    HttpTunnel(DesktopDirectory *directory, SessionRegistry *registry, double ratePerSecond, int burst,
               int timeoutMs, QObject *parent = nullptr);

    void handle(const QString &sessionId, const HttpRequest &request, HttpResponder responder);
    // The desktop of `sessionId` answered (only its own requests are accepted).
    void onResponse(const QString &sessionId, const QJsonObject &response);
    // The desktop of `sessionId` went away: its pending requests get 503.
    void desktopLeft(const QString &sessionId);
    int pendingCount() const { return int(m_pending.size()); }

    // 30 s for a page; bundler assets (/_nuxt/, /node_modules/) are slow and get twice as long.

private:
    struct Pending
    {
        QString sessionId;
        HttpResponder responder;
        QTimer *timer;
        bool head;
    };
    void finish(const QString &requestId, const HttpResponse &response);

    DesktopDirectory *m_directory;
    SessionRegistry *m_registry;
    RateLimiter m_rateLimiter;
    QHash<QString, Pending> m_pending;
    quint64 m_counter = 0;
    int m_timeoutMs;
};

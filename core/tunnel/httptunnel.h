#pragma once
// Plain HTTP on a session subdomain, carried to the desktop as Socket.IO events: `http:request`
// {id, method, url, headers, body?} out, `http:response` {id, status, headers, body} back, with
// the raw request body in base64 (the original re-serialised JSON and lost other bodies).
//
// Every request on a busy tunnel passes through here, so the events are written and read as JSON
// text (httprequestevent.h, httpresponseevent.h) and the waiting requests share one timer.
#include "auth/ratelimiter.h"
#include "httpresponseevent.h"
#include "net/httprequest.h"
#include "net/httpresponder.h"
#include "net/httpresponse.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QObject>
#include <QTimer>
#include <map>

class DesktopDirectory;
class SessionRegistry;

class HttpTunnel : public QObject
{
    Q_OBJECT
public:
    HttpTunnel(DesktopDirectory *directory, SessionRegistry *registry, double ratePerSecond, int burst,
               int timeoutMs, QObject *parent = nullptr);

    void handle(const QString &sessionId, const HttpRequest &request, HttpResponder responder);
    // The desktop of `sessionId` answered (only its own requests are accepted), with the
    // event's JSON text (["http:response",{...}]). False when that is not such an event.
    bool onResponseJson(const QString &sessionId, QByteArrayView eventJson);
    // The same answer, already parsed (an event that came with an ack id).
    void onResponse(const QString &sessionId, const QJsonObject &response);
    // The desktop of `sessionId` went away: its pending requests get 503.
    void desktopLeft(const QString &sessionId);
    int pendingCount() const { return int(m_pending[0].size() + m_pending[1].size()); }

private:
    // 30 s for a page; bundler assets (/_nuxt/, /node_modules/) are slow and get twice as long.
    enum Patience { Page = 0, Asset = 1 };
    struct Pending
    {
        QByteArray id;
        QString sessionId;
        HttpResponder responder;
        qint64 deadlineMs;
        bool head;
    };
    // Waiting requests by sequence number, one map per patience: within a map the deadlines come
    // in the same order as the numbers, so the first entry is always the next to expire.
    using PendingMap = std::map<quint64, Pending>;

    void finish(PendingMap &map, PendingMap::iterator it, const HttpResponse &response);
    void expireOverdue();
    void scheduleExpiry();

    DesktopDirectory *m_directory;
    SessionRegistry *m_registry;
    RateLimiter m_rateLimiter;
    HttpResponseEventParser m_responseParser;
    PendingMap m_pending[2];
    quint64 m_counter = 0;
    int m_timeoutMs;
    QElapsedTimer m_clock;
    QTimer m_expiryTimer;
    qint64 m_expiryDueMs = -1; // when m_expiryTimer fires, while it runs
};

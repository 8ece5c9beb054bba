#include "websockettunnel.h"

#include "desktopdirectory.h"
#include "log/logcategories.h"
#include "net/pipe/pipe.h"
#include "net/websocket/websocketconnection.h"
#include "net/websocket/websockethandshake.h"
#include "sessions/session.h"
#include "socketio/socketioclient.h"
#include "tunnelstream.h"

#include <QJsonArray>

WebSocketTunnel::WebSocketTunnel(DesktopDirectory *directory, SessionRegistry *registry, qint64 pipeBufferBytes,
                                 QObject *parent)
    : QObject(parent), m_directory(directory), m_registry(registry), m_pipeBufferBytes(pipeBufferBytes)
{
}

void WebSocketTunnel::accept(const QString &sessionId, WebSocketConnection *browser)
{
    DesktopSession *session = m_directory->find(sessionId);
    if (!session) {
        browser->close(WebSocketCloseCode::PolicyViolation, QStringLiteral("Session %1 not found").arg(sessionId));
        return;
    }
    if (!session->desktopOnline()) {
        browser->close(WebSocketCloseCode::TryAgainLater, QStringLiteral("Desktop is offline"));
        return;
    }
    int streamsOfSession = 0;
    for (const Stream &s : std::as_const(m_streams))
        streamsOfSession += s.sessionId == sessionId ? 1 : 0;
    if (streamsOfSession >= kMaxStreamsPerSession) {
        browser->close(WebSocketCloseCode::TryAgainLater, QStringLiteral("Too many tunnelled WebSockets"));
        return;
    }

    const QString id = QStringLiteral("ws-%1").arg(++m_counter);
    auto *stream = new TunnelStream(id, session->desktop, this);
    m_streams.insert(id, Stream{stream, sessionId});
    connect(stream, &PipeEndpoint::closed, this, [this, id, stream] {
        m_streams.remove(id);
        stream->deleteLater();
    });

    // Repeated headers are joined with ", " as Node does.
    QJsonObject headers;
    for (const auto &[name, value] : browser->request().headers) {
        const QString key = QString::fromLatin1(name);
        const QString text = QString::fromUtf8(value);
        headers.insert(key, headers.contains(key) ? headers.value(key).toString() + QStringLiteral(", ") + text : text);
    }
    const QByteArray protocol = WebSocketHandshake::firstOfferedSubprotocol(browser->request());
    session->desktop->emitEvent(QStringLiteral("ws:open"),
                                QJsonArray{QJsonObject{{QStringLiteral("id"), id},
                                                       {QStringLiteral("url"), QString::fromUtf8(browser->request().target)},
                                                       {QStringLiteral("headers"), headers},
                                                       {QStringLiteral("protocol"), QString::fromLatin1(protocol)}}});
    qCDebug(lcTunnel).noquote() << "session" << sessionId << ": tunnelling WebSocket" << browser->request().target << "as" << id;

    Pipe::Options options;
    options.highWaterBytes = m_pipeBufferBytes;
    options.lowWaterBytes = m_pipeBufferBytes / 4;
    options.forwardCloseCode = true;
    auto *pipe = new Pipe(browser, stream, m_registry, Session::keyFor(QStringLiteral("tunnel"), sessionId),
                          lcTunnel(), options, this);
    pipe->start();
}

bool WebSocketTunnel::onDesktopEvent(const QString &sessionId, const QString &name, const QJsonObject &payload)
{
    if (!name.startsWith(QLatin1String("ws:")))
        return false;
    const auto it = m_streams.constFind(payload.value(QLatin1String("id")).toString());
    if (it == m_streams.cend() || it->sessionId != sessionId || !it->endpoint)
        return true; // another desktop's stream, or one already gone: ignored
    TunnelStream *stream = it->endpoint;
    if (name == QLatin1String("ws:message")) {
        const bool binary = payload.value(QLatin1String("binary")).toBool();
        const QString data = payload.value(QLatin1String("data")).toString();
        stream->deliver(binary ? QByteArray::fromBase64(data.toLatin1()) : data.toUtf8(), !binary);
    } else if (name == QLatin1String("ws:close")) {
        const int code = payload.value(QLatin1String("code")).toInt(1000);
        stream->remoteClosed(quint16(code >= 1000 && code <= 4999 ? code : 1000),
                             payload.value(QLatin1String("reason")).toString().left(123));
    } else if (name == QLatin1String("ws:error")) {
        stream->remoteClosed(WebSocketCloseCode::InternalError,
                             payload.value(QLatin1String("message")).toString().left(123));
    }
    // ws:opened only confirms; nothing waits for it (the browser's frames already flow).
    return true;
}

void WebSocketTunnel::desktopLeft(const QString &sessionId)
{
    const QList<Stream> streams = m_streams.values();
    for (const Stream &s : streams) {
        if (s.sessionId == sessionId && s.endpoint)
            s.endpoint->remoteClosed(WebSocketCloseCode::GoingAway, QStringLiteral("Desktop disconnected"));
    }
}

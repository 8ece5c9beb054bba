#include "engineiohttp.h"

#include <QJsonDocument>
#include <QJsonObject>

QByteArray EngineIoHttp::message(Error error)
{
    switch (error) {
    case Error::UnknownTransport: return "Transport unknown";
    case Error::UnknownSid: return "Session ID unknown";
    case Error::BadHandshakeMethod: return "Bad handshake method";
    case Error::BadRequest: return "Bad request";
    case Error::Forbidden: return "Forbidden";
    case Error::UnsupportedProtocolVersion: return "Unsupported protocol version";
    }
    return "Bad request";
}

HttpResponse EngineIoHttp::error(Error error, const HttpRequest &request, const QString &message)
{
    const QJsonObject body{
        {QStringLiteral("code"), int(error)},
        {QStringLiteral("message"), message.isEmpty() ? QString::fromUtf8(EngineIoHttp::message(error)) : message},
    };
    HttpResponse response = HttpResponse::json(error == Error::Forbidden ? 403 : 400,
                                                QJsonDocument(body).toJson(QJsonDocument::Compact));
    addCorsHeaders(response, request.header("origin"));
    return response;
}

HttpResponse EngineIoHttp::payload(const QByteArray &body, const QByteArray &origin)
{
    HttpResponse response;
    response.status = 200;
    response.setHeader("Content-Type", "text/plain; charset=UTF-8");
    response.setHeader("Cache-Control", "no-store");
    response.body = body;
    addCorsHeaders(response, origin);
    return response;
}

HttpResponse EngineIoHttp::ok(const QByteArray &origin)
{
    HttpResponse response;
    response.status = 200;
    response.setHeader("Content-Type", "text/html");
    response.setHeader("Cache-Control", "no-store");
    response.body = "ok";
    addCorsHeaders(response, origin);
    return response;
}

HttpResponse EngineIoHttp::preflight(const HttpRequest &request)
{
    HttpResponse response;
    response.status = 204;
    addCorsHeaders(response, request.header("origin"));
    // The defaults of the `cors` middleware the original uses.
    response.setHeader("Access-Control-Allow-Methods", "GET,HEAD,PUT,PATCH,POST,DELETE");
    const QByteArray requested = request.header("access-control-request-headers");
    if (!requested.isEmpty() && isHeaderValueValid(requested)) {
        response.setHeader("Access-Control-Allow-Headers", requested);
        response.setHeader("Vary", "Origin, Access-Control-Request-Headers");
    }
    return response;
}

void EngineIoHttp::addCorsHeaders(HttpResponse &response, const QByteArray &origin)
{
    if (!origin.isEmpty() && isHeaderValueValid(origin))
        response.setHeader("Access-Control-Allow-Origin", origin);
    response.setHeader("Vary", "Origin");
    response.setHeader("Access-Control-Allow-Credentials", "true");
}

bool EngineIoHttp::isHeaderValueValid(const QByteArray &origin)
{
    for (const char c : origin) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && u != '\t') || u == 0x7f)
            return false;
    }
    return true;
}

#pragma once
// The HTTP side of Engine.IO as the reference server answers it: the JSON error bodies with their
// numeric codes, the plain-text packet payloads, "ok" for a POST, and CORS as the original relay
// configures it (origin: true, credentials: true: the request's Origin is reflected).
#include "net/httprequest.h"
#include "net/httpresponse.h"

class EngineIoHttp
{
public:
    // The reference server's error codes and messages (engine.io Server.errors / errorMessages).
    enum class Error {
        UnknownTransport = 0, // "Transport unknown"
        UnknownSid = 1, // "Session ID unknown"
        BadHandshakeMethod = 2, // "Bad handshake method"
        BadRequest = 3, // "Bad request"
        Forbidden = 4, // "Forbidden"
        UnsupportedProtocolVersion = 5, // "Unsupported protocol version"
    };
    static QByteArray message(Error error);

    // 400 (403 for Forbidden) {"code":N,"message":"..."} as application/json.
    static HttpResponse error(Error error, const HttpRequest &request, const QString &message = {});
    // 200 with packets encoded as a polling payload, text/plain; charset=UTF-8.
    static HttpResponse payload(const QByteArray &body, const QByteArray &origin);
    // 200 "ok" as text/html (the reference's choice, against a download dialog in old browsers).
    static HttpResponse ok(const QByteArray &origin);
    // The answer to an OPTIONS preflight: 204 with the methods and the requested headers allowed.
    static HttpResponse preflight(const HttpRequest &request);

    // Access-Control-Allow-Origin (the request's Origin, when it sent one), Vary: Origin and
    // Access-Control-Allow-Credentials: true.
    static void addCorsHeaders(HttpResponse &response, const QByteArray &origin);
    // A header value with control characters (an Origin so made is refused as Bad request, as the
    // reference does).
    static bool isHeaderValueValid(const QByteArray &origin);
};

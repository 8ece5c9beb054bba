#include "httpresponse.h"

HttpResponse &HttpResponse::setHeader(const QByteArray &name, const QByteArray &value)
{
    for (auto &header : headers) {
        if (header.first.compare(name, Qt::CaseInsensitive) == 0) {
            header.second = value;
            return *this;
        }
    }
    headers.append({name, value});
    return *this;
}

QByteArray HttpResponse::header(QByteArrayView name) const
{
    for (const auto &header : headers) {
        if (QByteArrayView(header.first).compare(name, Qt::CaseInsensitive) == 0)
            return header.second;
    }
    return {};
}

namespace {
HttpResponse withBody(int status, const QByteArray &contentType, const QByteArray &body)
{
    HttpResponse r;
    r.status = status;
    r.setHeader("Content-Type", contentType);
    r.body = body;
    return r;
}
} // namespace

HttpResponse HttpResponse::text(int status, const QByteArray &text)
{
    return withBody(status, "text/plain; charset=utf-8", text.endsWith('\n') ? text : text + '\n');
}

HttpResponse HttpResponse::json(int status, const QByteArray &json)
{
    return withBody(status, "application/json", json);
}

HttpResponse HttpResponse::html(int status, const QByteArray &html)
{
    return withBody(status, "text/html; charset=utf-8", html);
}

QByteArray HttpResponse::reasonPhrase(int status)
{
    switch (status) {
    case 101: return "Switching Protocols";
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 413: return "Payload Too Large";
    case 426: return "Upgrade Required";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "Unknown";
    }
}

QByteArray HttpResponse::serialize(bool headRequest, bool keepAlive) const
{
    // Appended piece by piece into one buffer: `a + b + c` chains built a temporary per header,
    // a measurable share of a tunnelled request (docs/PERFORMANCE.md).
    // 204 and 304 end with their head (RFC 9110 sections 15.3.5 and 15.4.5): without a
    // Content-Length, any body bytes written after them would be read as the next response.
    const bool bodyless = status == 204 || status == 304;
    const bool withBody = !headRequest && !bodyless;
    qsizetype headerBytes = 0;
    for (const auto &[name, value] : headers)
        headerBytes += name.size() + value.size() + 4;
    QByteArray out;
    out.reserve(128 + headerBytes + (withBody ? body.size() : 0));
    out.append("HTTP/1.1 ");
    out.append(QByteArray::number(status));
    out.append(' ');
    out.append(reasonPhrase(status));
    out.append("\r\n");
    for (const auto &[name, value] : headers) {
        if (name.compare("content-length", Qt::CaseInsensitive) == 0
            || name.compare("connection", Qt::CaseInsensitive) == 0)
            continue;
        out.append(name);
        out.append(": ");
        out.append(value);
        out.append("\r\n");
    }
    if (!bodyless) {
        out.append("Content-Length: ");
        out.append(QByteArray::number(announcedLength >= 0 ? announcedLength : body.size()));
        out.append("\r\n");
    }
    out.append((keepAlive && !closeAfter) ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n");
    if (withBody)
        out.append(body);
    return out;
}

#pragma once
// The desktop's answer to an `http:request`: ["http:response",{"id","status","headers","body"}]
// (PROTOCOLS.md section 1), read straight from the packet's JSON text with simdjson (Debian's
// libsimdjson-dev): walking it as a QJsonObject, and Qt's base64 decoder, were the largest costs
// of a tunnelled request (docs/PERFORMANCE.md).
#include <QByteArray>
#include <QList>
#include <QPair>
#include <memory>
#include <optional>

struct HttpResponseEvent
{
    QByteArray id;
    // 100..599; a missing or non-integer status is 200, one out of range 502.
    int status = 200;
    // What may be passed on to the browser, names as the desktop spelled them: hop-by-hop headers
    // (framing is the relay's job), names that are not HTTP tokens and values with CR, LF or NUL
    // (header injection) are left out. An array value is one header line per element.
    QList<QPair<QByteArray, QByteArray>> headers;
    bool hasAllowOrigin = false;
    // The content-length the desktop announced, or -1 (a HEAD answer passes it on).
    qint64 announcedLength = -1;
    QByteArray body; // decoded from base64
};

class HttpResponseEventParser
{
public:
    HttpResponseEventParser();
    ~HttpResponseEventParser();
    HttpResponseEventParser(const HttpResponseEventParser &) = delete;
    HttpResponseEventParser &operator=(const HttpResponseEventParser &) = delete;

    // `eventJson` is the whole event array. Empty when it is not valid JSON of that shape.
    std::optional<HttpResponseEvent> parse(QByteArrayView eventJson);

private:
    struct Parsers;
    std::unique_ptr<Parsers> m_parsers;
};

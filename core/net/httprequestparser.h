#pragma once
// Incremental HTTP/1.x request parser on Debian's http-parser, with the relay's limits.
// The head is parsed from bytes the caller has only peeked at, so nothing is consumed before the
// route (and with it the limits) is known; the body is fed as it is read.
#include "httprequest.h"

#include <http_parser.h>
#include <memory>

class HttpRequestParser
{
public:
    enum class HeadStatus { Incomplete, Complete, TooLarge, Malformed };
    enum class BodyStatus { NeedMore, Complete, TooLarge, Malformed };

    explicit HttpRequestParser(int maxHeadBytes, qint64 maxBodyBytes);
    ~HttpRequestParser();
    HttpRequestParser(const HttpRequestParser &) = delete;
    HttpRequestParser &operator=(const HttpRequestParser &) = delete;

    // Looks for the end of the head in `bytes` (everything received so far, from the start of the
    // request) and parses it once complete. `headLength()` then tells how many bytes it spans.
    HeadStatus parseHead(QByteArrayView bytes);
    qsizetype headLength() const { return m_headLength; }
    // Feeds bytes that follow the head; `consumed` says how many belonged to this request (the
    // rest are the next pipelined request).
    BodyStatus feedBody(QByteArrayView bytes, qsizetype &consumed);
    // True when the head announced no body at all.
    bool expectsBody() const;
    // The head declared a Content-Length over the body limit: answer 413 without reading it.
    bool declaredBodyTooLarge() const;

    const HttpRequest &request() const { return m_request; }
    HttpRequest &request() { return m_request; }
    QString error() const { return m_error; }
    void reset();

private:
    static int onUrl(http_parser *, const char *, size_t);
    static int onHeaderField(http_parser *, const char *, size_t);
    static int onHeaderValue(http_parser *, const char *, size_t);
    static int onHeadersComplete(http_parser *);
    static int onBody(http_parser *, const char *, size_t);
    static int onMessageComplete(http_parser *);
    void finishHead();

    http_parser m_parser{};
    http_parser_settings m_settings{};
    const int m_maxHeadBytes;
    const qint64 m_maxBodyBytes;
    qsizetype m_scanned = 0; // how far the search for the blank line has got
    qsizetype m_headLength = 0;
    bool m_lastWasValue = false;
    bool m_headersDone = false;
    bool m_messageDone = false;
    bool m_bodyTooLarge = false;
    QByteArray m_url;
    HttpRequest m_request;
    QString m_error;
};

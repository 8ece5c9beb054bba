#include "httprequestparser.h"

#include <QUrl>

namespace {
HttpRequestParser *self(http_parser *p)
{
    return static_cast<HttpRequestParser *>(p->data);
}
} // namespace

HttpRequestParser::HttpRequestParser(int maxHeadBytes, qint64 maxBodyBytes)
    : m_maxHeadBytes(maxHeadBytes), m_maxBodyBytes(maxBodyBytes)
{
    http_parser_settings_init(&m_settings);
    m_settings.on_url = &HttpRequestParser::onUrl;
    m_settings.on_header_field = &HttpRequestParser::onHeaderField;
    m_settings.on_header_value = &HttpRequestParser::onHeaderValue;
    m_settings.on_headers_complete = &HttpRequestParser::onHeadersComplete;
    m_settings.on_body = &HttpRequestParser::onBody;
    m_settings.on_message_complete = &HttpRequestParser::onMessageComplete;
    reset();
}

HttpRequestParser::~HttpRequestParser() = default;

void HttpRequestParser::reset()
{
    http_parser_init(&m_parser, HTTP_REQUEST);
    m_parser.data = this;
    m_scanned = 0;
    m_headLength = 0;
    m_lastWasValue = false;
    m_headersDone = false;
    m_messageDone = false;
    m_bodyTooLarge = false;
    m_url.clear();
    m_request = HttpRequest{};
    m_error.clear();
}

HttpRequestParser::HeadStatus HttpRequestParser::parseHead(QByteArrayView bytes)
{
    // Only look for the blank line in bytes not searched before, so a client that sends its head
    // one byte at a time costs linear, not quadratic, work.
    const qsizetype from = std::max<qsizetype>(0, m_scanned - 3);
    const qsizetype end = bytes.indexOf(QByteArrayView("\r\n\r\n"), from);
    if (end < 0) {
        m_scanned = bytes.size();
        if (bytes.size() > m_maxHeadBytes) {
            m_error = QStringLiteral("request head over %1 bytes").arg(m_maxHeadBytes);
            return HeadStatus::TooLarge;
        }
        return HeadStatus::Incomplete;
    }
    m_headLength = end + 4;
    if (m_headLength > m_maxHeadBytes) {
        m_error = QStringLiteral("request head over %1 bytes").arg(m_maxHeadBytes);
        return HeadStatus::TooLarge;
    }
    const size_t parsed = http_parser_execute(&m_parser, &m_settings, bytes.data(), size_t(m_headLength));
    const auto err = HTTP_PARSER_ERRNO(&m_parser);
    if ((err != HPE_OK && err != HPE_PAUSED) || !m_headersDone || parsed == 0) {
        m_error = QString::fromLatin1(http_errno_description(err));
        return HeadStatus::Malformed;
    }
    if (err == HPE_PAUSED)
        http_parser_pause(&m_parser, 0);
    finishHead();
    return HeadStatus::Complete;
}

bool HttpRequestParser::expectsBody() const
{
    return !m_messageDone && !m_request.upgradeToWebSocket;
}

bool HttpRequestParser::declaredBodyTooLarge() const
{
    return m_bodyTooLarge;
}

HttpRequestParser::BodyStatus HttpRequestParser::feedBody(QByteArrayView bytes, qsizetype &consumed)
{
    consumed = 0;
    if (m_messageDone)
        return BodyStatus::Complete;
    if (m_bodyTooLarge)
        return BodyStatus::TooLarge;
    if (bytes.isEmpty()) // http-parser reads an empty buffer as the end of the stream
        return BodyStatus::NeedMore;
    consumed = qsizetype(http_parser_execute(&m_parser, &m_settings, bytes.data(), size_t(bytes.size())));
    const auto err = HTTP_PARSER_ERRNO(&m_parser);
    if (m_bodyTooLarge)
        return BodyStatus::TooLarge;
    if (err != HPE_OK && err != HPE_PAUSED) {
        m_error = QString::fromLatin1(http_errno_description(err));
        return BodyStatus::Malformed;
    }
    if (m_messageDone) {
        http_parser_pause(&m_parser, 0);
        return BodyStatus::Complete;
    }
    return BodyStatus::NeedMore;
}

void HttpRequestParser::finishHead()
{
    HttpRequest &r = m_request;
    r.method = QByteArray(http_method_str(http_method(m_parser.method)));
    r.target = m_url;
    QByteArray pathPart = m_url;
    if (pathPart.startsWith("http://") || pathPart.startsWith("https://")) {
        // Absolute form: keep only what follows the authority.
        const QUrl url = QUrl::fromEncoded(pathPart);
        pathPart = url.path(QUrl::FullyEncoded).toUtf8();
        if (url.hasQuery())
            pathPart += '?' + url.query(QUrl::FullyEncoded).toUtf8();
        // RFC 9112 section 3.2.2: the target's authority wins over any Host header. Userinfo
        // is not part of the host.
        QUrl authority = url;
        authority.setUserInfo(QString());
        r.host = authority.authority().toLower();
    }
    const qsizetype question = pathPart.indexOf('?');
    const QByteArray rawPath = question < 0 ? pathPart : pathPart.left(question);
    r.path = QUrl::fromPercentEncoding(rawPath);
    if (r.path.isEmpty())
        r.path = QStringLiteral("/");
    if (question >= 0)
        r.query = QUrlQuery(QString::fromUtf8(pathPart.mid(question + 1)));
    if (r.host.isEmpty())
        r.host = QString::fromLatin1(r.header("host")).trimmed().toLower();
    r.keepAlive = http_should_keep_alive(&m_parser) != 0;
    r.upgradeToWebSocket = m_parser.upgrade && r.method == "GET"
                           && r.header("upgrade").toLower().contains("websocket");
}

int HttpRequestParser::onUrl(http_parser *p, const char *at, size_t length)
{
    self(p)->m_url.append(at, qsizetype(length));
    return 0;
}

int HttpRequestParser::onHeaderField(http_parser *p, const char *at, size_t length)
{
    auto *me = self(p);
    if (me->m_lastWasValue || me->m_request.headers.isEmpty())
        me->m_request.headers.append({QByteArray(), QByteArray()});
    me->m_request.headers.last().first.append(QByteArray(at, qsizetype(length)).toLower());
    me->m_lastWasValue = false;
    return 0;
}

int HttpRequestParser::onHeaderValue(http_parser *p, const char *at, size_t length)
{
    auto *me = self(p);
    if (me->m_request.headers.isEmpty())
        return 1;
    me->m_request.headers.last().second.append(at, qsizetype(length));
    me->m_lastWasValue = true;
    return 0;
}

int HttpRequestParser::onHeadersComplete(http_parser *p)
{
    auto *me = self(p);
    me->m_headersDone = true;
    for (auto &header : me->m_request.headers)
        header.second = header.second.trimmed();
    // content_length is ULLONG_MAX when the head declares none (chunked or no body).
    if (p->content_length != ULLONG_MAX && p->content_length > quint64(me->m_maxBodyBytes))
        me->m_bodyTooLarge = true;
    return 0;
}

int HttpRequestParser::onBody(http_parser *p, const char *at, size_t length)
{
    auto *me = self(p);
    if (me->m_request.body.size() + qint64(length) > me->m_maxBodyBytes) {
        me->m_bodyTooLarge = true;
        return 1;
    }
    me->m_request.body.append(at, qsizetype(length));
    return 0;
}

int HttpRequestParser::onMessageComplete(http_parser *p)
{
    auto *me = self(p);
    me->m_messageDone = true;
    http_parser_pause(p, 1);
    return 0;
}

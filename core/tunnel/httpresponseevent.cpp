#include "httpresponseevent.h"

#include "base64decoder.h"

#include <simdjson.h>

#include <cmath>

namespace {

// The DOM API, not On-Demand: its parsing picks the CPU's fastest kernels at run time, where
// On-Demand is fixed when compiling (to the portable fallback for a generic x86-64 build). It
// also checks the whole packet, as the usual Socket.IO path does.
using simdjson::dom::element;
using simdjson::dom::element_type;

// Answers up to this size are parsed by a parser kept for the next one; a larger one gets a
// parser of its own, so a single 10 MB answer does not leave 10 MB of parser buffers behind.
constexpr qsizetype kReusedParserCapacity = 256 * 1024;

bool isTokenChar(unsigned char c)
{
    // RFC 9110 tchar.
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
        return true;
    return c != 0 && std::strchr("!#$%&'*+-.^_`|~", c) != nullptr;
}

bool isToken(std::string_view name)
{
    return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) { return isTokenChar(uchar(c)); });
}

bool isHopByHop(const QByteArray &lowercaseName)
{
    // Framing is the relay's job on the browser's connection: the desktop's does not apply.
    return lowercaseName == "transfer-encoding" || lowercaseName == "content-length" || lowercaseName == "connection"
        || lowercaseName == "keep-alive" || lowercaseName == "upgrade";
}

bool isSafeValue(std::string_view text)
{
    return text.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

QByteArray bytes(std::string_view text)
{
    return QByteArray(text.data(), qsizetype(text.size()));
}

// A header value as text: strings as they are, numbers as JavaScript would print them.
std::optional<QByteArray> headerText(element item)
{
    if (item.is_string()) {
        const std::string_view text = item.get_string().value_unsafe();
        if (!isSafeValue(text))
            return std::nullopt;
        return bytes(text);
    }
    if (item.is_number()) {
        double number = 0;
        if (item.get_double().get(number) || !std::isfinite(number))
            return std::nullopt;
        if (number == std::floor(number) && std::fabs(number) < 9007199254740992.0)
            return QByteArray::number(qint64(number));
        return QByteArray::number(number, 'g', 17);
    }
    return std::nullopt; // true, null, objects: not header values
}

void readHeaders(element headersValue, HttpResponseEvent &event)
{
    simdjson::dom::object headers;
    if (headersValue.get_object().get(headers))
        return; // not an object: no headers
    for (const simdjson::dom::key_value_pair field : headers) {
        const std::string_view name = field.key;
        const QByteArray lower = bytes(name).toLower();
        QList<QByteArray> values;
        simdjson::dom::array list;
        if (!field.value.get_array().get(list)) {
            for (const element item : list) {
                if (const auto text = headerText(item))
                    values.append(*text);
            }
        } else if (const auto text = headerText(field.value)) {
            values.append(*text);
        }
        if (lower == "content-length" && !values.isEmpty()) {
            bool ok = false;
            const qint64 length = values.first().trimmed().toLongLong(&ok);
            if (ok && length >= 0)
                event.announcedLength = length;
        }
        if (isHopByHop(lower) || !isToken(name))
            continue;
        event.hasAllowOrigin |= lower == "access-control-allow-origin";
        for (const QByteArray &text : std::as_const(values))
            event.headers.append(qMakePair(bytes(name), text));
    }
}

int statusFrom(element statusValue)
{
    // As QJsonValue::toInt(200) read it: an integral number, or 200.
    double number = 0;
    if (statusValue.get_double().get(number) || number != std::floor(number))
        return 200;
    return number >= 100 && number <= 599 ? int(number) : 502;
}

QByteArray decodeBase64(std::string_view text)
{
    // The usual padded base64 (Node's Buffer writes it) fast; anything else with Qt's lenient
    // decoder, as before.
    if (auto decoded = Base64Decoder::decodeStrict(QByteArrayView(text.data(), qsizetype(text.size()))))
        return *std::move(decoded);
    return QByteArray::fromBase64(bytes(text));
}

bool readAnswer(element answerValue, HttpResponseEvent &event)
{
    simdjson::dom::object answer;
    if (answerValue.get_object().get(answer))
        return false;
    for (const simdjson::dom::key_value_pair field : answer) {
        const std::string_view key = field.key;
        const element fieldValue = field.value;
        if (key == "id") {
            std::string_view id;
            if (!fieldValue.get_string().get(id))
                event.id = bytes(id);
        } else if (key == "status") {
            event.status = statusFrom(fieldValue);
        } else if (key == "headers") {
            event.headers.clear();
            event.hasAllowOrigin = false;
            event.announcedLength = -1;
            readHeaders(fieldValue, event);
        } else if (key == "body") {
            std::string_view body;
            if (!fieldValue.get_string().get(body))
                event.body = decodeBase64(body);
        }
    }
    return true;
}

} // namespace

struct HttpResponseEventParser::Parsers
{
    simdjson::dom::parser reused{size_t(kReusedParserCapacity)};
};

HttpResponseEventParser::HttpResponseEventParser() : m_parsers(std::make_unique<Parsers>()) {}

HttpResponseEventParser::~HttpResponseEventParser() = default;

std::optional<HttpResponseEvent> HttpResponseEventParser::parse(QByteArrayView eventJson)
{
    std::unique_ptr<simdjson::dom::parser> ownParser;
    simdjson::dom::parser *parser = &m_parsers->reused;
    if (eventJson.size() > kReusedParserCapacity) {
        ownParser = std::make_unique<simdjson::dom::parser>(size_t(eventJson.size()));
        parser = ownParser.get();
    }
    // simdjson reads a few bytes past the end: it wants its own padded copy.
    const simdjson::padded_string padded(eventJson.data(), size_t(eventJson.size()));
    simdjson::dom::array array;
    if (parser->parse(padded).get_array().get(array))
        return std::nullopt;
    HttpResponseEvent event;
    int index = 0;
    for (const element item : array) {
        std::string_view name;
        if (index == 0 && (item.get_string().get(name) || name != "http:response"))
            return std::nullopt;
        if (index == 1 && !readAnswer(item, event))
            return std::nullopt;
        if (++index == 2)
            return event; // later arguments are not looked at
    }
    return std::nullopt;
}

#include "httprequestevent.h"

#include "jsonstring.h"

#include <QVarLengthArray>

namespace {

struct MergedHeader
{
    QByteArrayView name;
    QVarLengthArray<QByteArrayView, 1> values;
};

void appendHeaders(QByteArray &out, const HttpRequest &request)
{
    // Requests carry a dozen headers or so: a linear search beats hashing them.
    QVarLengthArray<MergedHeader, 24> merged;
    for (const auto &header : request.headers) {
        // Not a structured binding: clang before 16 cannot capture one in the lambda (C++20).
        const QByteArray &name = header.first;
        const QByteArray &value = header.second;
        auto it = std::find_if(merged.begin(), merged.end(), [&](const MergedHeader &h) { return h.name == name; });
        if (it == merged.end()) {
            merged.append(MergedHeader{name, {}});
            it = merged.end() - 1;
        }
        it->values.append(value);
    }
    out.append('{');
    bool first = true;
    for (const MergedHeader &header : merged) {
        if (!first)
            out.append(',');
        first = false;
        appendJsonString(out, header.name);
        out.append(':');
        if (header.name == "set-cookie") {
            out.append('[');
            for (qsizetype i = 0; i < header.values.size(); ++i) {
                if (i > 0)
                    out.append(',');
                appendJsonString(out, header.values[i]);
            }
            out.append(']');
            continue;
        }
        if (header.values.size() == 1) {
            appendJsonString(out, header.values.first());
            continue;
        }
        const QByteArrayView glue = header.name == "cookie" ? QByteArrayView("; ") : QByteArrayView(", ");
        QByteArray joined;
        for (qsizetype i = 0; i < header.values.size(); ++i) {
            if (i > 0)
                joined.append(glue);
            joined.append(header.values[i]);
        }
        appendJsonString(out, joined);
    }
    out.append('}');
}

} // namespace

QByteArray HttpRequestEvent::json(QByteArrayView requestId, const HttpRequest &request)
{
    QByteArray out;
    out.reserve(160 + request.target.size() + request.body.size() * 4 / 3 + 64 * request.headers.size());
    out.append(R"(["http:request",{"id":)");
    appendJsonString(out, requestId);
    out.append(R"(,"method":)");
    appendJsonString(out, request.method);
    out.append(R"(,"url":)");
    appendJsonString(out, request.target);
    out.append(R"(,"headers":)");
    appendHeaders(out, request);
    if (request.method != "GET" && request.method != "HEAD") {
        out.append(R"(,"body":")");
        out.append(request.body.toBase64());
        out.append('"');
    }
    out.append("}]");
    return out;
}

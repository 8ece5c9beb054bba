// HTTP request heads (core/net/httprequestparser), fed the way HttpConnection feeds them: the
// bytes received so far, growing, until the head is complete; then the body, in pieces, on the
// same parser, and a second request after reset() (keep-alive). Upgrade requests also go through
// the WebSocket handshake checks (core/net/websocket/websockethandshake), as the gateway does.
#include "net/httprequestparser.h"
#include "net/websocket/websockethandshake.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));
    HttpRequestParser parser(16 * 1024, 64 * 1024); // HttpConnection::Limits' head limit
    for (int round = 0; round < 2; ++round) {
        // The head arrives in two reads: the first third, then everything.
        HttpRequestParser::HeadStatus status = parser.parseHead(input.first(input.size() / 3));
        if (status == HttpRequestParser::HeadStatus::Incomplete)
            status = parser.parseHead(input);
        if (status != HttpRequestParser::HeadStatus::Complete)
            return 0;
        const HttpRequest &request = parser.request();
        (void)request.path; (void)request.headers;
        (void)parser.expectsBody();
        (void)parser.declaredBodyTooLarge();
        if (request.upgradeToWebSocket) {
            (void)WebSocketHandshake::firstOfferedSubprotocol(request);
            (void)WebSocketHandshake::answer(request, true);
        }
        QByteArrayView rest = input.sliced(parser.headLength());
        while (parser.expectsBody() && !rest.isEmpty()) {
            qsizetype consumed = 0;
            const auto body = parser.feedBody(rest.first(std::min<qsizetype>(rest.size(), 7)), consumed);
            if (consumed < 0 || consumed > rest.size())
                __builtin_trap();
            rest = rest.sliced(consumed);
            if (body != HttpRequestParser::BodyStatus::NeedMore || consumed == 0)
                break;
        }
        parser.reset();
        input = rest;
    }
    return 0;
}

#pragma once
// The server side of the opening handshake (RFC 6455 section 4.2). No extensions and no
// subprotocols are accepted: every relayed protocol works without them, and per-message
// compression would make the relay inflate and deflate bytes it only forwards.
#include "net/httprequest.h"
#include "net/httpresponse.h"

namespace WebSocketHandshake {
struct Result
{
    bool ok = false;
    QByteArray switchingProtocols; // the 101 response to write, when ok
    HttpResponse refusal; // the error to send otherwise
};
// With `acceptFirstSubprotocol`, the first protocol the client offers is named in the answer.
Result answer(const HttpRequest &request, bool acceptFirstSubprotocol = false);
QByteArray firstOfferedSubprotocol(const HttpRequest &request);
QByteArray acceptKey(const QByteArray &clientKey);
}

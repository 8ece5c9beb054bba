#include "websockethandshake.h"

#include <QCryptographicHash>

namespace WebSocketHandshake {

QByteArray acceptKey(const QByteArray &clientKey)
{
    return QCryptographicHash::hash(clientKey + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11",
                                    QCryptographicHash::Sha1)
        .toBase64();
}

QByteArray firstOfferedSubprotocol(const HttpRequest &request)
{
    const QByteArray offered = request.header("sec-websocket-protocol").split(',').value(0).trimmed();
    // A token (RFC 6455 section 4.1): no separators, no controls; anything else is not echoed.
    for (char c : offered) {
        if (quint8(c) <= 0x20 || quint8(c) >= 0x7f || QByteArrayView("()<>@,;:\\\"/[]?={}").contains(c))
            return {};
    }
    return offered.left(128);
}

Result answer(const HttpRequest &request, bool acceptFirstSubprotocol)
{
    Result result;
    if (request.header("sec-websocket-version").trimmed() != "13") {
        result.refusal = HttpResponse::text(426, "Unsupported WebSocket version (13 is spoken here)");
        result.refusal.setHeader("Sec-WebSocket-Version", "13");
        return result;
    }
    const QByteArray key = request.header("sec-websocket-key").trimmed();
    if (QByteArray::fromBase64(key).size() != 16) {
        result.refusal = HttpResponse::text(400, "Missing or malformed Sec-WebSocket-Key");
        return result;
    }
    result.ok = true;
    result.switchingProtocols = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                                "Connection: Upgrade\r\nSec-WebSocket-Accept: "
                                + acceptKey(key) + "\r\n";
    const QByteArray protocol = acceptFirstSubprotocol ? firstOfferedSubprotocol(request) : QByteArray();
    if (!protocol.isEmpty())
        result.switchingProtocols += "Sec-WebSocket-Protocol: " + protocol + "\r\n";
    result.switchingProtocols += "\r\n";
    return result;
}

} // namespace WebSocketHandshake

#pragma once
// The `http:request` event the relay sends a desktop for each request on its session host
// (PROTOCOLS.md section 1): ["http:request",{"id","method","url","headers","body"?}], written
// straight to JSON text. A QJsonObject per request, with its headers object, cost more than
// parsing and answering the request together (docs/PERFORMANCE.md).
#include "net/httprequest.h"

#include <QByteArray>

namespace HttpRequestEvent {

// Headers in Node's shape: names lowercased (the parser already made them so), in the order they
// came; a repeated header joined with ", ", except cookie (joined with "; ") and set-cookie (an
// array). The body, raw bytes in base64, only for methods other than GET and HEAD.
QByteArray json(QByteArrayView requestId, const HttpRequest &request);

} // namespace HttpRequestEvent

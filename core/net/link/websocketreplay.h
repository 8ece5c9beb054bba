#pragma once
// What a node sends another to hand over a WebSocket it has already accepted (a pairing client
// whose hello named a code held elsewhere): the upgrade request again, then the messages it has
// read so far, framed as a client frames them (masked). The other node's own 101 is dropped by
// the LinkForwarder, since the client already has this node's.
#include "net/httprequest.h"

#include <QByteArray>

namespace WebSocketReplay {
QByteArray upgradeRequest(const HttpRequest &request);
QByteArray clientFrame(const QByteArray &payload, bool text);
// A close frame as a server sends it, for a client whose handover failed.
QByteArray serverCloseFrame(quint16 code, const QByteArray &reason);
}

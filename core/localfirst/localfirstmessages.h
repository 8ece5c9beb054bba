#pragma once
// The msgpack frames of @localfirst/relay's /introduction endpoint: what clients send (Join,
// Leave, heartbeats) and the one thing the server sends (Introduction).
#include <QByteArray>
#include <QString>
#include <QStringList>

namespace LocalfirstMessages {

struct ClientMessage
{
    enum class Kind { Join, Leave, Other, Malformed };
    Kind kind = Kind::Malformed;
    QStringList documentIds; // deduplicated, in the order first seen
};

// Limits on what one frame may carry; a frame over them counts as malformed (and is ignored).
constexpr int kMaxDocumentIds = 10000;
constexpr int kMaxIdBytes = 1024;

// Never throws: bad msgpack, nil, a map without documentIds, ids that are not strings: Malformed.
ClientMessage decode(const QByteArray &frame);
QByteArray encodeIntroduction(const QString &peerId, const QStringList &documentIds);

} // namespace LocalfirstMessages

#pragma once
// A value every node of a cluster must share, settled at start-up before the event loop runs:
// the libp2p identity (behind one load balancer the nodes are one libp2p peer, so a client that
// pinned the relay's PeerId can land on any of them). The first node's value wins: this node's
// value is offered with SET NX and whatever Redis then holds is the answer.
//
// Synchronous (hiredis's blocking API) because start-up steps are; it waits at most `timeoutMs`.
#include <QByteArray>
#include <QString>
#include <QUrl>
#include <optional>

namespace RedisStartupClaim {

// The value under `key` after offering `value`; nothing (and `error` says why) when Redis could
// not be asked.
std::optional<QByteArray> claim(const QUrl &url, const QByteArray &key, const QByteArray &value, int timeoutMs,
                                QString *error);

} // namespace RedisStartupClaim

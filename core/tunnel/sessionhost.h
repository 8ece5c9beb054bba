#pragma once
// Session subdomains: "abc123.<domain>" names tunnel session ABC123. The label is
// case-insensitive and must be six characters of [A-Z0-9] once uppercased; the rest of the Host
// must be the relay's domain exactly (so with DOMAIN "localhost:8765" the share URL's own host
// "abc123.localhost:8765" is recognised, which the original never did).
#include <QString>

namespace SessionHost {
// The session id (uppercase) a Host names, or an empty string.
QString sessionIdFrom(const QString &host, const QString &domain);
bool isValidSessionId(const QString &id);
// The id's share URL: "<scheme>://<id lowercased>.<domain>".
QString urlFor(const QString &scheme, const QString &sessionId, const QString &domain);
}

#pragma once
// The addresses people copy: the relay's own, and one per session where the service has one
// (a tunnel lives on its own subdomain, a mesh on its path).
#include "sessions/session.h"

#include <QString>

class Relay;

namespace ShareUrls {
QString relayUrl(const Relay *relay);
QString sessionUrl(const Relay *relay, const Session &session);
}

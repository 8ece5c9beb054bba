#pragma once
// Whether a D-Bus session bus answers, found out without QtDBus. QtKeychain on Linux reaches the
// keychain over the session bus, and its first call connects with QDBusConnection::sessionBus(),
// which blocks the calling thread until the bus completes its handshake: on a box whose bus
// accepts and then never answers that is minutes, and no timer on the same thread can interrupt
// it. So before QtKeychain is touched, this does the first step of the handshake itself (SASL
// AUTH EXTERNAL over the bus socket) on a non-blocking socket, with a deadline.
#include <QString>

namespace DBusSessionProbe {

enum class Result { Answers, NoBus, CannotTell };

// CannotTell: an address form this does not speak (tcp:, launchd:) or a platform without D-Bus
// keychains; the caller then relies on its own timeout. `why` explains NoBus.
Result check(int timeoutMs, QString *why);

} // namespace DBusSessionProbe

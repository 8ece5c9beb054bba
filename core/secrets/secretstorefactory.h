#pragma once
// Picks where secrets live, once, at start: "keychain" insists on the keychain, "file" uses 0600
// files in the data directory, "auto" probes the keychain with a short timeout and falls back to
// files, logging once why (a NAS or a server has no Secret Service; that is normal, not an error).
#include "secretstore.h"

#include <memory>

namespace SecretStoreFactory {

inline constexpr int kProbeTimeoutMs = 2000;

struct Opened
{
    std::unique_ptr<SecretStore> store; // null when "keychain" was demanded and none answered
    QString note; // one line for the log: which backend, and why
};

// Keychain entries are grouped per data directory, as the files are: two relays of one user (the
// tray app and a test server) keep apart, and `switchboard-server pair` finds the relay's own.
QString keychainServiceFor(const QString &dataDir);

Opened open(const QString &mode, const QString &dataDir, const QString &keychainService,
            int probeTimeoutMs = kProbeTimeoutMs);

} // namespace SecretStoreFactory

#pragma once
// A secret the relay generates once and keeps in its data directory (mode 0600), so tokens it
// issued stay valid across restarts. Used for JWT_SECRET when the environment gives none; the
// tray app's keychain-backed store will take this role where a keychain exists.
#include <QByteArray>
#include <QString>

namespace SecretFile {
// Reads `name` from `directory`, or creates it with `bytes` random bytes (hex-encoded).
// Returns an empty array and sets `error` when neither works.
QByteArray loadOrCreate(const QString &directory, const QString &name, int bytes, QString *error);
// Writes `value` to `path` with mode 0600: to a temporary file created 0600, then renamed over
// the old one, so a reader sees the old secret or the new one, never half of it.
bool writePrivate(const QString &path, const QByteArray &value, QString *error);
}

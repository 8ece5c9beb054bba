#pragma once
// Ed25519 checks for the mesh's founder proofs and signed join tokens, and the decoding of the
// keys and signatures the Atmosphere clients write into their JSON.
#include <QByteArray>
#include <QString>
#include <optional>

namespace Ed25519 {

constexpr int PublicKeyBytes = 32;
constexpr int SignatureBytes = 64;

// True when `signature` (64 raw bytes) is a valid signature of `message` by `publicKey` (32 raw
// bytes). Wrong sizes and malformed keys are simply not valid.
bool verify(const QByteArray &publicKey, const QByteArray &message, const QByteArray &signature);

// The deployed clients (the Python node, the Kotlin app) encode keys and signatures as standard
// base64. Some tooling around them prints hex instead, and the wire text does not say which, so
// both are accepted: the lengths cannot collide (32 bytes are 64 hex digits but 43-44 base64
// characters; 64 bytes are 128 hex digits but 86-88 base64 characters). URL-safe base64 and
// missing padding are tolerated as well. Returns nothing unless exactly `expectedBytes` result.
std::optional<QByteArray> decode(const QString &text, int expectedBytes);

} // namespace Ed25519

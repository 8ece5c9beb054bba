#pragma once
// Decoding the base64 bodies of the desktops' HTTP answers. Written here because the decoders at
// hand are slow for this hot path: measured per byte of base64 under callgrind, OpenSSL's
// EVP_DecodeBlock takes about 9 instructions and Qt's QByteArray::fromBase64 about 22, which
// made decoding a 1 KiB answer the largest single cost of a tunnelled request; this table-driven
// loop takes about 5 (docs/PERFORMANCE.md).
#include <QByteArray>
#include <QByteArrayView>
#include <optional>

namespace Base64Decoder {

// Standard alphabet, padded to a multiple of four, nothing else (no whitespace, no URL-safe
// letters): what Node's Buffer writes. Anything else is empty, for a lenient decoder to try.
std::optional<QByteArray> decodeStrict(QByteArrayView text);

} // namespace Base64Decoder

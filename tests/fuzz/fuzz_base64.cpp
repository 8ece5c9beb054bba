// The tunnel's strict base64 decoder (core/tunnel/base64decoder): what it accepts must be what
// Qt's strict decoder accepts, byte for byte.
#include "tunnel/base64decoder.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView text(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto decoded = Base64Decoder::decodeStrict(text);
    if (decoded) {
        const auto qt = QByteArray::fromBase64Encoding(text.toByteArray(), QByteArray::AbortOnBase64DecodingErrors);
        if (qt.decodingStatus == QByteArray::Base64DecodingStatus::Ok && qt.decoded != *decoded)
            __builtin_trap();
    }
    return 0;
}

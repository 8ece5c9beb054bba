#include "jsonstring.h"

#include <QString>

namespace {

// Writes the string's body; `validUtf8` says bytes of 0x80 and above may be copied as they are.
void appendEscaped(QByteArray &out, QByteArrayView text, bool validUtf8)
{
    static const char hex[] = "0123456789abcdef";
    qsizetype runStart = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c != '"' && c != '\\' && (c < 0x80 || validUtf8))
            continue;
        out.append(text.sliced(runStart, i - runStart));
        runStart = i + 1;
        if (c >= 0x80) {
            // Not known to be valid UTF-8: let Qt repair the rest once and write that.
            const QByteArray repaired = QString::fromUtf8(text.sliced(i)).toUtf8();
            appendEscaped(out, repaired, true);
            return;
        }
        switch (c) {
        case '"': out.append("\\\"", 2); break;
        case '\\': out.append("\\\\", 2); break;
        case '\n': out.append("\\n", 2); break;
        case '\r': out.append("\\r", 2); break;
        case '\t': out.append("\\t", 2); break;
        default: {
            const char escape[] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xf]};
            out.append(escape, sizeof escape);
        }
        }
    }
    out.append(text.sliced(runStart));
}

bool isAscii(QByteArrayView text)
{
    for (const char c : text) {
        if (static_cast<unsigned char>(c) >= 0x80)
            return false;
    }
    return true;
}

} // namespace

void appendJsonString(QByteArray &out, QByteArrayView utf8)
{
    out.append('"');
    // Plain ASCII (nearly every URL and header) needs no UTF-8 check.
    appendEscaped(out, utf8, isAscii(utf8));
    out.append('"');
}

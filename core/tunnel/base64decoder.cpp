#include "base64decoder.h"

#include <array>

namespace {

// Four tables, one per position in a quad, each holding the letter's six bits already shifted
// into place: a quad decodes with four loads and three ORs. A letter outside the alphabet has
// bit 31 set, which survives the ORs.
constexpr quint32 kInvalid = 0x80000000u;
using Table = std::array<quint32, 256>;

constexpr Table makeTable(int shift)
{
    Table table{};
    for (auto &entry : table)
        entry = kInvalid;
    const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (quint32 i = 0; i < 64; ++i)
        table[static_cast<unsigned char>(alphabet[i])] = i << shift;
    return table;
}

constexpr Table kFirst = makeTable(18), kSecond = makeTable(12), kThird = makeTable(6), kFourth = makeTable(0);

inline quint32 quad(const char *from)
{
    return kFirst[uchar(from[0])] | kSecond[uchar(from[1])] | kThird[uchar(from[2])] | kFourth[uchar(from[3])];
}

} // namespace

std::optional<QByteArray> Base64Decoder::decodeStrict(QByteArrayView text)
{
    const qsizetype size = text.size();
    if (size == 0)
        return QByteArray();
    if (size % 4 != 0)
        return std::nullopt;
    const int padding = (text[size - 1] == '=') + (text[size - 1] == '=' && text[size - 2] == '=');
    QByteArray out(size / 4 * 3 - padding, Qt::Uninitialized);
    auto *to = reinterpret_cast<unsigned char *>(out.data());
    const char *from = text.data();
    // Every quad but the last: four letters, three bytes.
    const qsizetype fullQuads = size / 4 - 1;
    for (qsizetype q = 0; q < fullQuads; ++q, from += 4, to += 3) {
        const quint32 bits = quad(from);
        if (bits & kInvalid)
            return std::nullopt;
        to[0] = uchar(bits >> 16);
        to[1] = uchar(bits >> 8);
        to[2] = uchar(bits);
    }
    // The last quad, its padding read as 'A' (zero bits) once counted.
    const char last[4] = {from[0], from[1], padding >= 2 ? 'A' : from[2], padding >= 1 ? 'A' : from[3]};
    const quint32 bits = quad(last);
    if (bits & kInvalid)
        return std::nullopt;
    to[0] = uchar(bits >> 16);
    if (padding < 2)
        to[1] = uchar(bits >> 8);
    if (padding < 1)
        to[2] = uchar(bits);
    return out;
}

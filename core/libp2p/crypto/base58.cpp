#include "base58.h"

#include <array>
#include <vector>

namespace Libp2p::Base58 {

namespace {

constexpr char Alphabet[] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

constexpr std::array<qint8, 128> makeDigitTable()
{
    std::array<qint8, 128> table{};
    for (auto &entry : table)
        entry = -1;
    for (int i = 0; i < 58; ++i)
        table[size_t(Alphabet[i])] = qint8(i);
    return table;
}
constexpr std::array<qint8, 128> DigitOf = makeDigitTable();

} // namespace

QByteArray encode(QByteArrayView bytes)
{
    qsizetype zeros = 0;
    while (zeros < bytes.size() && bytes[zeros] == 0)
        ++zeros;
    // Base-58 digits, least significant first; log(256)/log(58) < 1.37 digits per byte.
    std::vector<quint8> digits;
    digits.reserve(size_t((bytes.size() - zeros) * 137 / 100 + 1));
    for (qsizetype i = zeros; i < bytes.size(); ++i) {
        quint32 carry = quint8(bytes[i]);
        for (quint8 &digit : digits) {
            carry += quint32(digit) << 8;
            digit = quint8(carry % 58);
            carry /= 58;
        }
        while (carry > 0) {
            digits.push_back(quint8(carry % 58));
            carry /= 58;
        }
    }
    QByteArray text(zeros, '1');
    text.reserve(zeros + qsizetype(digits.size()));
    for (auto it = digits.rbegin(); it != digits.rend(); ++it)
        text.append(Alphabet[*it]);
    return text;
}

std::optional<QByteArray> decode(QByteArrayView text, qsizetype maxTextLength)
{
    if (text.isEmpty() || text.size() > maxTextLength)
        return std::nullopt;
    qsizetype ones = 0;
    while (ones < text.size() && text[ones] == '1')
        ++ones;
    // Base-256 bytes, least significant first.
    std::vector<quint8> bytes;
    bytes.reserve(size_t((text.size() - ones) * 733 / 1000 + 1));
    for (qsizetype i = ones; i < text.size(); ++i) {
        const quint8 c = quint8(text[i]);
        if (c >= 128 || DigitOf[c] < 0)
            return std::nullopt;
        quint32 carry = quint32(DigitOf[c]);
        for (quint8 &byte : bytes) {
            carry += quint32(byte) * 58;
            byte = quint8(carry & 0xff);
            carry >>= 8;
        }
        while (carry > 0) {
            bytes.push_back(quint8(carry & 0xff));
            carry >>= 8;
        }
    }
    QByteArray result(ones, '\0');
    result.reserve(ones + qsizetype(bytes.size()));
    for (auto it = bytes.rbegin(); it != bytes.rend(); ++it)
        result.append(char(*it));
    return result;
}

} // namespace Libp2p::Base58

#include "pythonjson.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>
#include <QVariant>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <algorithm>

namespace {

void appendUnicodeEscape(QByteArray &out, char16_t unit)
{
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "\\u%04x", unsigned(unit));
    out += buffer;
}

// Python sorts dictionary keys by code point; QString compares UTF-16 units, which orders
// characters above U+FFFF before U+E000..U+FFFF. Comparing UCS-4 gets Python's order.
bool codePointLess(const QString &a, const QString &b)
{
    const QList<uint> ua = a.toUcs4();
    const QList<uint> ub = b.toUcs4();
    return std::lexicographical_compare(ua.cbegin(), ua.cend(), ub.cbegin(), ub.cend());
}

} // namespace

bool PythonJson::isInteger(const QJsonValue &value)
{
    return value.isDouble() && value.toVariant().typeId() == QMetaType::LongLong;
}

QByteArray PythonJson::string(const QString &text)
{
    QByteArray out;
    out.reserve(text.size() + 2);
    out += '"';
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        switch (u) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        default:
            // Surrogate halves come out one by one, as Python writes them.
            if (u >= 0x20 && u <= 0x7e)
                out += char(u);
            else
                appendUnicodeEscape(out, u);
        }
    }
    out += '"';
    return out;
}

QByteArray PythonJson::integer(qint64 value)
{
    return QByteArray::number(value);
}

QByteArray PythonJson::floatRepr(double value)
{
    if (std::isnan(value))
        return "NaN";
    if (std::isinf(value))
        return value > 0 ? "Infinity" : "-Infinity";
    // Shortest round-trip digits and exponent, then laid out by Python's rules.
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific);
    const std::string sci(buffer, result.ptr);
    const size_t e = sci.find('e');
    std::string mantissa = sci.substr(0, e);
    const int exponent = std::stoi(sci.substr(e + 1));
    const bool negative = !mantissa.empty() && mantissa[0] == '-';
    if (negative)
        mantissa.erase(0, 1);
    std::string digits;
    for (char ch : mantissa) {
        if (ch != '.')
            digits += ch;
    }
    // value = 0.DIGITS x 10^decimalPoint
    const int decimalPoint = exponent + 1;
    std::string text;
    if (decimalPoint > 16 || decimalPoint < -3) {
        text = digits.substr(0, 1);
        if (digits.size() > 1)
            text += '.' + digits.substr(1);
        char exp[16];
        std::snprintf(exp, sizeof exp, "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
        text += exp;
    } else if (decimalPoint <= 0) {
        text = "0." + std::string(size_t(-decimalPoint), '0') + digits;
    } else if (size_t(decimalPoint) >= digits.size()) {
        text = digits + std::string(size_t(decimalPoint) - digits.size(), '0') + ".0";
    } else {
        text = digits.substr(0, size_t(decimalPoint)) + '.' + digits.substr(size_t(decimalPoint));
    }
    return QByteArray::fromStdString((negative ? "-" : "") + text);
}

QByteArray PythonJson::dumps(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return "null";
    case QJsonValue::Bool:
        return value.toBool() ? "true" : "false";
    case QJsonValue::Double:
        return isInteger(value) ? integer(value.toInteger()) : floatRepr(value.toDouble());
    case QJsonValue::String:
        return string(value.toString());
    case QJsonValue::Array: {
        QByteArray out = "[";
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (i > 0)
                out += ',';
            out += dumps(array.at(i));
        }
        return out + ']';
    }
    case QJsonValue::Object: {
        // Walked with an iterator, not looked up by key: Qt 6.4 fails to find some keys mixing
        // characters above U+FFFF with others by value() (its search order is not its storage order).
        const QJsonObject object = value.toObject();
        QList<std::pair<QString, QJsonValue>> members;
        for (auto it = object.constBegin(); it != object.constEnd(); ++it)
            members.append({it.key(), it.value()});
        std::sort(members.begin(), members.end(),
                  [](const auto &a, const auto &b) { return codePointLess(a.first, b.first); });
        QByteArray out = "{";
        for (qsizetype i = 0; i < members.size(); ++i) {
            if (i > 0)
                out += ',';
            out += string(members.at(i).first) + ':' + dumps(members.at(i).second);
        }
        return out + '}';
    }
    }
    return "null";
}

#pragma once
// The exact bytes Python's `json.dumps(value, sort_keys=True, separators=(',', ':'))` produces
// (with its default ensure_ascii=True). Atmosphere tokens are signed over that text, so checking
// a signature means rebuilding it byte for byte: keys in code-point order, every character
// outside printable ASCII escaped as \uXXXX (surrogate pairs above U+FFFF), integers as written,
// floats as Python's repr.
#include <QByteArray>
#include <QJsonValue>
#include <QString>

namespace PythonJson {

QByteArray dumps(const QJsonValue &value);
QByteArray string(const QString &text);
QByteArray integer(qint64 value);
// repr(float): the shortest text that reads back as the same double, "1.0" rather than "1",
// exponent form ("1e+16", "1e-05") outside 1e-4 <= |x| < 1e16.
QByteArray floatRepr(double value);
// True when the JSON text had an integer literal. Qt keeps integral numbers as integers (even
// "2.0"), so a signer's float that happens to be integral cannot be told apart; callers that
// need the float form ask for it with floatRepr.
bool isInteger(const QJsonValue &value);

} // namespace PythonJson

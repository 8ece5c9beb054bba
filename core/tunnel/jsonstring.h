#pragma once
// Writing a JSON string literal straight into a byte buffer, for the tunnel's hot path, which
// writes its events as text instead of building QJsonObjects (see httprequestevent.h).
#include <QByteArray>
#include <QByteArrayView>

// Appends `utf8` to `out` as a JSON string, quotes included. Bytes that are not valid UTF-8 become
// U+FFFD, as QString::fromUtf8 makes them, so the output is always valid JSON.
void appendJsonString(QByteArray &out, QByteArrayView utf8);

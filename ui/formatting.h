#pragma once
// Numbers as people read them, in the user's locale: sizes, rates and durations.
#include <QString>

namespace Formatting {
QString bytes(quint64 bytes);
QString rate(double bytesPerSecond);
QString duration(qint64 seconds);
}

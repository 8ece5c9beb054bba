#include "formatting.h"

#include <QCoreApplication>
#include <QLocale>

namespace Formatting {

QString bytes(quint64 bytes)
{
    return QLocale().formattedDataSize(qint64(bytes), 1, QLocale::DataSizeTraditionalFormat);
}

QString rate(double bytesPerSecond)
{
    if (bytesPerSecond < 1)
        return QStringLiteral("—");
    return QCoreApplication::translate("Formatting", "%1/s").arg(bytes(quint64(bytesPerSecond)));
}

QString duration(qint64 seconds)
{
    if (seconds < 0)
        seconds = 0;
    const qint64 h = seconds / 3600;
    const qint64 m = (seconds % 3600) / 60;
    const qint64 s = seconds % 60;
    if (h > 0)
        return QStringLiteral("%1:%2:%3").arg(h).arg(m, 2, 10, QLatin1Char('0')).arg(s, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(m).arg(s, 2, 10, QLatin1Char('0'));
}

} // namespace Formatting

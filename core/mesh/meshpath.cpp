#include "meshpath.h"

std::optional<QString> MeshPath::meshIdFrom(const QString &path, int maxChars)
{
    if (!path.startsWith(prefix()))
        return std::nullopt;
    const QString id = path.mid(prefix().size());
    if (id.isEmpty() || id.size() > maxChars || id.contains(QLatin1Char('/')))
        return std::nullopt;
    for (const QChar c : id) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f) // control characters have no business in a name
            return std::nullopt;
    }
    return id;
}

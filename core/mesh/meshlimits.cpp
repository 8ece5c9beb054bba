#include "meshlimits.h"

#include "log/logcategories.h"

#include <QByteArray>
#include <QString>

namespace {

// Reads `name` as seconds; keeps `fallbackMs` when it is unset or not a positive number.
qint64 secondsFromEnvironment(const char *name, qint64 fallbackMs)
{
    const QByteArray raw = qgetenv(name);
    if (raw.isEmpty())
        return fallbackMs;
    bool ok = false;
    const double seconds = QString::fromLatin1(raw).toDouble(&ok);
    if (!ok || !(seconds > 0) || seconds > 7 * 24 * 3600) {
        qCWarning(lcMesh).noquote() << name << "is not a positive number of seconds:" << raw
                                    << "- keeping" << fallbackMs / 1000.0;
        return fallbackMs;
    }
    return std::max<qint64>(1, qint64(seconds * 1000));
}

} // namespace

MeshLimits MeshLimits::fromEnvironment()
{
    MeshLimits limits;
    limits.registrationTimeoutMs =
        secondsFromEnvironment("SWITCHBOARD_MESH_REGISTRATION_TIMEOUT", limits.registrationTimeoutMs);
    limits.idleTimeoutMs = secondsFromEnvironment("SWITCHBOARD_MESH_IDLE_TIMEOUT", limits.idleTimeoutMs);
    limits.llmTimeoutMs = secondsFromEnvironment("SWITCHBOARD_MESH_LLM_TIMEOUT", limits.llmTimeoutMs);
    return limits;
}

#pragma once
// The mesh id in a /relay/{mesh_id} path: one non-empty path segment (the path arrives
// percent-decoded, so an encoded '/' cannot sneak a second one in) of bounded length.
#include <QString>
#include <optional>

namespace MeshPath {

inline const QString &prefix()
{
    static const QString p = QStringLiteral("/relay/");
    return p;
}

std::optional<QString> meshIdFrom(const QString &path, int maxChars);

} // namespace MeshPath

#include "meshmessages.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

namespace {

const QString kFirstMessageReason = QStringLiteral("First message must be register_mesh or join");

MeshRefusal invalidField(const QString &message)
{
    return MeshRefusal{QStringLiteral("INVALID_FIELD"), message, 1008, QStringLiteral("Invalid registration")};
}

MeshRefusal closeOnly(const QString &reason)
{
    return MeshRefusal{QString(), QString(), 1008, reason};
}

// An optional string field: absent or null gives `fallback`; any other non-string is an error.
bool optionalString(const QJsonObject &object, const char *key, int maxChars, QString *out, QString *error)
{
    const QJsonValue value = object.value(QLatin1String(key));
    if (value.isUndefined() || value.isNull())
        return true;
    if (!value.isString()) {
        *error = QStringLiteral("%1 must be a string").arg(QLatin1String(key));
        return false;
    }
    if (maxChars > 0 && value.toString().size() > maxChars) {
        *error = QStringLiteral("%1 is longer than %2 characters").arg(QLatin1String(key)).arg(maxChars);
        return false;
    }
    *out = value.toString();
    return true;
}

} // namespace

MeshMessages::Frame MeshMessages::parse(const QByteArray &data, bool text)
{
    Frame frame;
    if (!text) {
        frame.error = QStringLiteral("Binary frames are not supported");
        return frame;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(data, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        frame.error = QStringLiteral("Invalid JSON");
        return frame;
    }
    if (!document.isObject()) {
        frame.error = QStringLiteral("Message must be a JSON object");
        return frame;
    }
    frame.object = document.object();
    const QJsonValue type = frame.object.value(QLatin1String("type"));
    if (!type.isString() || type.toString().isEmpty()) {
        frame.error = QStringLiteral("Message type missing");
        return frame;
    }
    frame.type = type.toString();
    return frame;
}

QString MeshMessages::defaultName(const QString &nodeId)
{
    return nodeId.left(8);
}

std::optional<QStringList> MeshMessages::parseCapabilities(const QJsonValue &value, const MeshLimits &limits,
                                                           QString *error)
{
    if (value.isUndefined() || value.isNull())
        return QStringList();
    if (!value.isArray()) {
        *error = QStringLiteral("capabilities must be a list of strings");
        return std::nullopt;
    }
    const QJsonArray array = value.toArray();
    if (array.size() > limits.maxCapabilities) {
        *error = QStringLiteral("capabilities has more than %1 entries").arg(limits.maxCapabilities);
        return std::nullopt;
    }
    QStringList capabilities;
    for (const QJsonValue &entry : array) {
        if (!entry.isString()) {
            *error = QStringLiteral("capabilities must be a list of strings");
            return std::nullopt;
        }
        if (entry.toString().size() > limits.maxCapabilityChars) {
            *error = QStringLiteral("a capability is longer than %1 characters").arg(limits.maxCapabilityChars);
            return std::nullopt;
        }
        capabilities << entry.toString();
    }
    return capabilities;
}

MeshMessages::JoinParse MeshMessages::parseJoin(const Frame &frame, const MeshLimits &limits)
{
    JoinParse result;
    JoinRequest &request = result.request;
    // Whatever the first frame is wrong about, the original answers with this one close.
    if (!frame.ok()) {
        result.refusal = closeOnly(kFirstMessageReason);
        return result;
    }
    if (frame.type == QLatin1String("register_mesh"))
        request.kind = JoinRequest::RegisterMesh;
    else if (frame.type == QLatin1String("join") || frame.type == QLatin1String("register"))
        request.kind = JoinRequest::Join;
    else {
        result.refusal = closeOnly(kFirstMessageReason);
        return result;
    }
    const QJsonObject &o = frame.object;
    const bool founder = request.kind == JoinRequest::RegisterMesh;

    const QJsonValue nodeId = o.value(QLatin1String("node_id"));
    if (!nodeId.isString() || nodeId.toString().isEmpty()) {
        result.refusal = founder ? MeshRefusal{QStringLiteral("MISSING_FIELDS"),
                                               QStringLiteral("Missing required fields for mesh registration"),
                                               1008, QStringLiteral("Missing required fields")}
                                 : closeOnly(QStringLiteral("node_id required"));
        return result;
    }
    request.nodeId = nodeId.toString();
    if (request.nodeId.size() > limits.maxNodeIdChars) {
        result.refusal = invalidField(QStringLiteral("node_id is longer than %1 characters").arg(limits.maxNodeIdChars));
        return result;
    }

    QString error;
    request.name = defaultName(request.nodeId);
    if (!optionalString(o, founder ? "display_name" : "name", limits.maxNameChars, &request.name, &error)) {
        result.refusal = invalidField(error);
        return result;
    }
    const auto capabilities = parseCapabilities(o.value(QLatin1String("capabilities")), limits, &error);
    if (!capabilities) {
        result.refusal = invalidField(error);
        return result;
    }
    request.capabilities = *capabilities;
    request.token = o.value(QLatin1String("token"));
    if (request.token.isNull())
        request.token = QJsonValue(QJsonValue::Undefined);

    if (founder) {
        const QJsonValue meshKey = o.value(QLatin1String("mesh_public_key"));
        const QJsonValue proof = o.value(QLatin1String("founder_proof"));
        if (!meshKey.isString() || meshKey.toString().isEmpty() || !proof.isString() || proof.toString().isEmpty()) {
            result.refusal = MeshRefusal{QStringLiteral("MISSING_FIELDS"),
                                         QStringLiteral("Missing required fields for mesh registration"), 1008,
                                         QStringLiteral("Missing required fields")};
            return result;
        }
        request.meshPublicKey = meshKey.toString();
        request.founderProof = proof.toString();
        if (!optionalString(o, "node_public_key", 256, &request.nodePublicKey, &error)
            || !optionalString(o, "mesh_id", limits.maxMeshIdChars, &request.meshIdField, &error)
            || !optionalString(o, "name", limits.maxNameChars, &request.meshName, &error)) {
            result.refusal = invalidField(error);
            return result;
        }
    }
    return result;
}

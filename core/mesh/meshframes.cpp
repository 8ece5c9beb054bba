#include "meshframes.h"

#include <QJsonDocument>

namespace {

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace

QByteArray MeshFrames::error(const QString &message)
{
    return compact({{QStringLiteral("type"), QStringLiteral("error")}, {QStringLiteral("message"), message}});
}

QByteArray MeshFrames::error(const QString &code, const QString &message)
{
    if (code.isEmpty())
        return error(message);
    return compact({{QStringLiteral("type"), QStringLiteral("error")},
                    {QStringLiteral("code"), code},
                    {QStringLiteral("message"), message}});
}

QByteArray MeshFrames::capabilitiesNotGranted(const QStringList &refused)
{
    return error(QStringLiteral("Capabilities not granted by your token: %1").arg(refused.join(QStringLiteral(", "))));
}

QByteArray MeshFrames::meshRegistered()
{
    return compact({{QStringLiteral("type"), QStringLiteral("mesh_registered")}, {QStringLiteral("success"), true}});
}

QByteArray MeshFrames::joined(const QString &meshName, const QString &meshId, int nodeCount)
{
    return compact({{QStringLiteral("type"), QStringLiteral("joined")},
                    {QStringLiteral("mesh"), meshName},
                    {QStringLiteral("mesh_id"), meshId},
                    {QStringLiteral("node_count"), nodeCount}});
}

QByteArray MeshFrames::peers(const QJsonArray &peerList)
{
    return compact({{QStringLiteral("type"), QStringLiteral("peers")}, {QStringLiteral("peers"), peerList}});
}

QJsonObject MeshFrames::peerInfo(const QString &nodeId, const QString &name, const QStringList &capabilities,
                                 bool isFounder, double joinedAtSeconds)
{
    return {{QStringLiteral("node_id"), nodeId},
            {QStringLiteral("name"), name},
            {QStringLiteral("capabilities"), QJsonArray::fromStringList(capabilities)},
            {QStringLiteral("is_founder"), isFounder},
            {QStringLiteral("joined_at"), joinedAtSeconds}};
}

QByteArray MeshFrames::peerJoined(const QString &nodeId, const QString &name, const QStringList &capabilities,
                                  bool isFounder)
{
    return compact({{QStringLiteral("type"), QStringLiteral("peer_joined")},
                    {QStringLiteral("node_id"), nodeId},
                    {QStringLiteral("name"), name},
                    {QStringLiteral("capabilities"), QJsonArray::fromStringList(capabilities)},
                    {QStringLiteral("is_founder"), isFounder}});
}

QByteArray MeshFrames::peerLeft(const QString &nodeId)
{
    return compact({{QStringLiteral("type"), QStringLiteral("peer_left")}, {QStringLiteral("node_id"), nodeId}});
}

QByteArray MeshFrames::peerUpdated(const QString &nodeId, const QStringList &capabilities)
{
    return compact({{QStringLiteral("type"), QStringLiteral("peer_updated")},
                    {QStringLiteral("node_id"), nodeId},
                    {QStringLiteral("capabilities"), QJsonArray::fromStringList(capabilities)}});
}

QByteArray MeshFrames::message(const QString &from, const QJsonValue &payload)
{
    return compact({{QStringLiteral("type"), QStringLiteral("message")},
                    {QStringLiteral("from"), from},
                    {QStringLiteral("payload"), payload}});
}

QByteArray MeshFrames::pong(double nowSeconds)
{
    return "{\"type\":\"pong\",\"timestamp\":" + QByteArray::number(nowSeconds, 'f', 6) + '}';
}

QByteArray MeshFrames::llmRequest(const QJsonObject &forwarded)
{
    return compact(forwarded);
}

QByteArray MeshFrames::llmResponse(const QString &from, const QString &requestId, const QJsonValue &response,
                                   const QJsonValue &error)
{
    // Absent fields go out as null, as the original's dict.get() does.
    const auto orNull = [](const QJsonValue &v) { return v.isUndefined() ? QJsonValue(QJsonValue::Null) : v; };
    return compact({{QStringLiteral("type"), QStringLiteral("llm_response")},
                    {QStringLiteral("from"), from},
                    {QStringLiteral("request_id"), requestId},
                    {QStringLiteral("response"), orNull(response)},
                    {QStringLiteral("error"), orNull(error)}});
}

QByteArray MeshFrames::llmError(const QString &requestId, const QString &error)
{
    return compact({{QStringLiteral("type"), QStringLiteral("llm_error")},
                    {QStringLiteral("request_id"), requestId},
                    {QStringLiteral("error"), error},
                    {QStringLiteral("message"), error}});
}

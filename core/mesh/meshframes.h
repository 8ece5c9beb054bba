#pragma once
// The frames the relay sends, with the field names both dialects' clients read (PROTOCOLS.md
// section 4). Each returns compact JSON text ready for sendText().
#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>

namespace MeshFrames {

QByteArray error(const QString &message);
QByteArray error(const QString &code, const QString &message);
// The claims a member's signed token does not grant, which the relay does not hold. Without a
// `code`, like the other errors after which the connection stays open (in the deployed dialect
// a coded error comes before a close).
QByteArray capabilitiesNotGranted(const QStringList &refused);
QByteArray meshRegistered();
// `meshName` is the registered mesh name (or the first eight characters of the id);
// `nodeCount` includes the joiner.
QByteArray joined(const QString &meshName, const QString &meshId, int nodeCount);
QByteArray peers(const QJsonArray &peerList);
QJsonObject peerInfo(const QString &nodeId, const QString &name, const QStringList &capabilities, bool isFounder,
                     double joinedAtSeconds);
QByteArray peerJoined(const QString &nodeId, const QString &name, const QStringList &capabilities, bool isFounder);
QByteArray peerLeft(const QString &nodeId);
QByteArray peerUpdated(const QString &nodeId, const QStringList &capabilities);
QByteArray message(const QString &from, const QJsonValue &payload);
// The timestamp is written with a fractional part, as Python's time.time() is: clients that
// decode it into a float type are not handed an integer.
QByteArray pong(double nowSeconds);
QByteArray llmRequest(const QJsonObject &forwarded);
QByteArray llmResponse(const QString &from, const QString &requestId, const QJsonValue &response,
                       const QJsonValue &error);
// A request that cannot be answered (no capable peer, the worker left, timed out). Shaped like
// the original's own llm_error, plus `message` for clients that read every error that way.
QByteArray llmError(const QString &requestId, const QString &error);

} // namespace MeshFrames

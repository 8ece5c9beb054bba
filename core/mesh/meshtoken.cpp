#include "meshtoken.h"

#include "ed25519.h"
#include "pythonjson.h"

#include <QJsonArray>

#include <algorithm>

namespace {

std::optional<QString> nonEmptyString(const QJsonObject &object, const char *key)
{
    const QJsonValue value = object.value(QLatin1String(key));
    if (!value.isString() || value.toString().isEmpty())
        return std::nullopt;
    return value.toString();
}

bool codePointLess(const QString &a, const QString &b)
{
    const QList<uint> ua = a.toUcs4();
    const QList<uint> ub = b.toUcs4();
    return std::lexicographical_compare(ua.cbegin(), ua.cend(), ub.cbegin(), ub.cend());
}

// The ways a number may have been written by the signer (see signedTextCandidates).
QList<QByteArray> numberForms(const QJsonValue &value)
{
    if (!value.isDouble())
        return {PythonJson::dumps(value)};
    if (PythonJson::isInteger(value))
        return {PythonJson::integer(value.toInteger()), PythonJson::floatRepr(double(value.toInteger()))};
    return {PythonJson::floatRepr(value.toDouble())};
}

} // namespace

std::optional<MeshToken> MeshToken::fromJson(const QJsonObject &object, QString *error)
{
    const auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return std::nullopt;
    };
    MeshToken token;
    const auto meshId = nonEmptyString(object, "mesh_id");
    const auto issuerId = nonEmptyString(object, "issuer_id");
    const auto nonce = nonEmptyString(object, "nonce");
    const auto signature = nonEmptyString(object, "signature");
    if (!meshId || !issuerId || !nonce || !signature)
        return fail(QStringLiteral("Missing required token fields"));
    token.meshId = *meshId;
    token.issuerId = *issuerId;
    token.nonce = *nonce;
    token.signature = *signature;

    const QJsonValue nodeId = object.value(QLatin1String("node_id"));
    if (nodeId.isString())
        token.nodeId = nodeId.toString();
    else if (!nodeId.isNull() && !nodeId.isUndefined())
        return fail(QStringLiteral("Token node_id must be a string or null"));

    token.expiresAt = object.value(QLatin1String("expires_at"));
    if (!token.expiresAt.isDouble())
        return fail(QStringLiteral("Token expires_at must be a number"));
    token.issuedAt = object.value(QLatin1String("issued_at"));
    if (token.issuedAt.isUndefined())
        token.issuedAt = QJsonValue(QJsonValue::Null);
    if (!token.issuedAt.isDouble() && !token.issuedAt.isNull())
        return fail(QStringLiteral("Token issued_at must be a number"));

    const QJsonValue capabilities = object.value(QLatin1String("capabilities"));
    if (capabilities.isArray()) {
        for (const QJsonValue &c : capabilities.toArray()) {
            if (!c.isString())
                return fail(QStringLiteral("Token capabilities must be strings"));
            token.capabilities << c.toString();
        }
    } else if (!capabilities.isUndefined() && !capabilities.isNull()) {
        return fail(QStringLiteral("Token capabilities must be a list"));
    }
    return token;
}

QList<QByteArray> MeshToken::signedTextCandidates() const
{
    QStringList sortedCapabilities = capabilities;
    std::sort(sortedCapabilities.begin(), sortedCapabilities.end(), codePointLess);
    QByteArray capabilitiesText = "[";
    for (qsizetype i = 0; i < sortedCapabilities.size(); ++i) {
        if (i > 0)
            capabilitiesText += ',';
        capabilitiesText += PythonJson::string(sortedCapabilities.at(i));
    }
    capabilitiesText += ']';
    const QByteArray nodeIdText = nodeId ? PythonJson::string(*nodeId) : QByteArray("null");

    // Keys in Python's sorted order: capabilities, expires_at, issued_at, issuer_id, mesh_id,
    // node_id, nonce.
    QList<QByteArray> texts;
    for (const QByteArray &expires : numberForms(expiresAt)) {
        for (const QByteArray &issued : numberForms(issuedAt)) {
            texts << "{\"capabilities\":" + capabilitiesText + ",\"expires_at\":" + expires
                         + ",\"issued_at\":" + issued + ",\"issuer_id\":" + PythonJson::string(issuerId)
                         + ",\"mesh_id\":" + PythonJson::string(meshId) + ",\"node_id\":" + nodeIdText
                         + ",\"nonce\":" + PythonJson::string(nonce) + '}';
        }
    }
    return texts;
}

QString checkMeshToken(const MeshToken &token, const QString &meshId, const QString &joiningNodeId,
                       const QByteArray &meshPublicKey, double nowSeconds)
{
    if (token.meshId != meshId)
        return QStringLiteral("Token is for a different mesh");
    if (nowSeconds > token.expiresAt.toDouble())
        return QStringLiteral("Token expired");
    if (token.isBoundToNode() && *token.nodeId != joiningNodeId)
        return QStringLiteral("Token bound to different node");
    const auto signature = Ed25519::decode(token.signature, Ed25519::SignatureBytes);
    if (!signature)
        return QStringLiteral("Invalid signature encoding");
    for (const QByteArray &text : token.signedTextCandidates()) {
        if (Ed25519::verify(meshPublicKey, text, *signature))
            return {};
    }
    return QStringLiteral("Invalid signature");
}

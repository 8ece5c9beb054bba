#pragma once
// A deployed-dialect join token: a JSON object a mesh founder signs with the mesh key (Ed25519),
//   {mesh_id, node_id, issued_at, expires_at, capabilities, issuer_id, nonce, signature}
// The signature covers Python's compact, key-sorted json.dumps of every field but `signature`,
// with `capabilities` sorted (see PythonJson). node_id null makes an open invite for any node.
#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

struct MeshToken
{
    QString meshId;
    std::optional<QString> nodeId; // nullopt: an open invite
    QJsonValue issuedAt; // a number or null, kept as sent for the signed text
    QJsonValue expiresAt; // a number
    QStringList capabilities; // all the member may hold (CapabilityGrant), whatever it claims
    QString issuerId;
    QString nonce;
    QString signature; // base64 (or hex), see Ed25519::decode

    // Nothing when a field is missing or has the wrong type; `error` says which.
    static std::optional<MeshToken> fromJson(const QJsonObject &object, QString *error);

    // The texts the issuer may have signed. Qt cannot tell `1770000000` from `1770000000.0`, and a
    // Python signer that used time.time() instead of int(time.time()) would have signed the
    // latter, so integral timestamps are tried both ways (at most four texts).
    QList<QByteArray> signedTextCandidates() const;

    // As in the original, an empty node_id binds to nothing (it is still part of the signed text).
    bool isBoundToNode() const { return nodeId.has_value() && !nodeId->isEmpty(); }
};

// The checks that need no state: the token is for `meshId` (a token for mesh A never admits to
// mesh B), not expired at `nowSeconds`, bound to `joiningNodeId` or open, and signed by
// `meshPublicKey` (32 raw bytes). Replay (nonce reuse) is the registry's part. Returns an empty
// string when the token passes, else the reason, in the original's wording where it has one.
QString checkMeshToken(const MeshToken &token, const QString &meshId, const QString &joiningNodeId,
                       const QByteArray &meshPublicKey, double nowSeconds);

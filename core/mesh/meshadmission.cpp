#include "meshadmission.h"

#include "ed25519.h"

#include <openssl/crypto.h>

namespace {

using JoinRequest = MeshMessages::JoinRequest;

MeshRefusal tokenRequired()
{
    return MeshRefusal{QStringLiteral("TOKEN_REQUIRED"), QStringLiteral("This mesh requires a token to join"), 1008,
                       QStringLiteral("Token required")};
}

MeshRefusal tokenInvalid(const QString &why)
{
    return MeshRefusal{QStringLiteral("TOKEN_INVALID"), why, 1008, QStringLiteral("Token verification failed: ") + why};
}

MeshRefusal registrationFailed(const QString &why)
{
    return MeshRefusal{QStringLiteral("REGISTRATION_FAILED"), why, 1008, why};
}

bool sameSecret(const QString &a, const QString &b)
{
    const QByteArray x = a.toUtf8();
    const QByteArray y = b.toUtf8();
    // Constant time over the contents, so the configured token cannot be guessed byte by byte.
    return x.size() == y.size() && CRYPTO_memcmp(x.constData(), y.constData(), size_t(x.size())) == 0;
}

// What authentication established: whether the caller may join, and whether it proved which node
// it is (needed to replace a live connection with the same node id).
struct Authentication
{
    std::optional<MeshRefusal> refusal;
    bool provedNodeIdentity = false;
    bool isFounder = false;
    bool sendMeshRegistered = false;
    std::optional<MeshRegistrations::Registration> newRegistration;
    std::optional<MeshToken> usedToken;
    std::optional<QString> deviceId;
    CapabilityGrant capabilityGrant;
};

// A string token that is not the configured one may still be a paired device's.
std::optional<QString> pairedDevice(const QJsonValue &token, const AdmissionContext &context)
{
    if (!token.isString() || !context.deviceForToken)
        return std::nullopt;
    return context.deviceForToken(token.toString());
}

Authentication refuse(const MeshRefusal &refusal)
{
    Authentication a;
    a.refusal = refusal;
    return a;
}

Authentication checkSignedToken(const QJsonObject &tokenObject, const JoinRequest &request,
                                const AdmissionContext &context)
{
    QString error;
    const auto token = MeshToken::fromJson(tokenObject, &error);
    if (!token)
        return refuse(tokenInvalid(error));
    const MeshRegistrations::Registration *registration = context.registrations->find(context.meshId);
    // Checked before anything else: a token for mesh A never admits to mesh B, whatever key A has.
    if (token->meshId != context.meshId)
        return refuse(tokenInvalid(QStringLiteral("Token is for a different mesh")));
    if (!registration)
        return refuse(tokenInvalid(QStringLiteral("Mesh not registered")));
    error = checkMeshToken(*token, context.meshId, request.nodeId, registration->meshPublicKey, context.nowSeconds);
    if (!error.isEmpty())
        return refuse(tokenInvalid(error));
    if (!context.registrations->nonceUsableBy(context.meshId, token->nonce, request.nodeId))
        return refuse(tokenInvalid(QStringLiteral("Token already used (replay)")));
    Authentication a;
    a.provedNodeIdentity = token->isBoundToNode();
    a.isFounder = a.provedNodeIdentity && registration->founderProofKeys.contains(request.nodeId);
    a.usedToken = token;
    // The founder signed which capabilities this member gets; a founder joining with a token of
    // its own is held to what it signed for itself, too.
    a.capabilityGrant = CapabilityGrant::limitedTo(token->capabilities);
    return a;
}

Authentication checkFounder(const JoinRequest &request, const AdmissionContext &context)
{
    if (!request.meshIdField.isEmpty() && request.meshIdField != context.meshId)
        return refuse(registrationFailed(QStringLiteral("mesh_id does not match the relay URL")));
    const auto proof = Ed25519::decode(request.founderProof, Ed25519::SignatureBytes);
    if (!proof)
        return refuse(registrationFailed(QStringLiteral("Invalid founder proof: founder_proof is not a signature")));
    const QByteArray signedText = context.meshId.toUtf8();

    Authentication a;
    a.provedNodeIdentity = true;
    a.isFounder = true;
    a.sendMeshRegistered = true;
    if (const auto *existing = context.registrations->find(context.meshId)) {
        // Coming back: the proof must verify with the key recorded at the first registration,
        // not with whatever key this frame offers.
        const auto known = existing->founderProofKeys.constFind(request.nodeId);
        if (known == existing->founderProofKeys.cend())
            return refuse(registrationFailed(QStringLiteral("Mesh already registered by different founder")));
        if (!Ed25519::verify(*known, signedText, *proof))
            return refuse(registrationFailed(QStringLiteral("Invalid founder proof")));
        return a;
    }

    const auto meshKey = Ed25519::decode(request.meshPublicKey, Ed25519::PublicKeyBytes);
    if (!meshKey)
        return refuse(registrationFailed(QStringLiteral("Invalid founder proof: mesh_public_key is not a key")));
    // The proof is by the founder's node key when it sends one, else by the mesh key itself.
    QByteArray proofKey = *meshKey;
    if (!request.nodePublicKey.isEmpty()) {
        const auto nodeKey = Ed25519::decode(request.nodePublicKey, Ed25519::PublicKeyBytes);
        if (!nodeKey)
            return refuse(registrationFailed(QStringLiteral("Invalid founder proof: node_public_key is not a key")));
        proofKey = *nodeKey;
    }
    if (!Ed25519::verify(proofKey, signedText, *proof))
        return refuse(registrationFailed(QStringLiteral("Invalid founder proof")));
    if (context.registrations->count() >= context.limits.maxRegisteredMeshes)
        return refuse(registrationFailed(QStringLiteral("Too many registered meshes")));
    MeshRegistrations::Registration registration;
    registration.meshPublicKey = *meshKey;
    registration.meshName = request.meshName;
    registration.founderProofKeys.insert(request.nodeId, proofKey);
    a.newRegistration = registration;
    return a;
}

Authentication authenticate(const JoinRequest &request, const AdmissionContext &context)
{
    const QJsonValue &token = request.token;
    const bool hasToken = !token.isUndefined() && !token.isNull();

    if (context.configuredToken) {
        // The operator's token guards the mesh in both dialects; the founder's proof comes on top.
        if (request.kind == JoinRequest::RegisterMesh) {
            if (!hasToken)
                return refuse(tokenRequired());
            const auto device = pairedDevice(token, context);
            if (!device && (!token.isString() || !sameSecret(token.toString(), *context.configuredToken)))
                return refuse(tokenInvalid(QStringLiteral("Invalid token")));
            Authentication founder = checkFounder(request, context);
            founder.deviceId = device;
            return founder;
        }
        if (!hasToken)
            return refuse(tokenRequired());
        if (token.isString()) {
            if (sameSecret(token.toString(), *context.configuredToken))
                return {};
            Authentication a;
            a.deviceId = pairedDevice(token, context);
            if (!a.deviceId)
                return refuse(tokenInvalid(QStringLiteral("Invalid token")));
            return a;
        }
        if (token.isObject())
            return checkSignedToken(token.toObject(), request, context);
        return refuse(tokenInvalid(QStringLiteral("Invalid token")));
    }

    if (request.kind == JoinRequest::RegisterMesh)
        return checkFounder(request, context);
    const bool registered = context.registrations->isRegistered(context.meshId);
    if (!hasToken)
        return registered ? refuse(tokenRequired()) : Authentication{};
    if (token.isObject())
        return checkSignedToken(token.toObject(), request, context);
    // A seed client's string on an open mesh is ignored, as the seed relay did without a
    // configured token; a registered mesh only takes signed tokens.
    if (token.isString() && !registered)
        return {};
    return refuse(tokenInvalid(QStringLiteral("Invalid token")));
}

} // namespace

Admission decideAdmission(const JoinRequest &request, const AdmissionContext &context)
{
    Admission admission;
    const Authentication auth = authenticate(request, context);
    if (auth.refusal) {
        admission.refusal = auth.refusal;
        return admission;
    }
    if (context.nodeIdConnected) {
        if (!auth.provedNodeIdentity) {
            admission.refusal = MeshRefusal{QStringLiteral("NODE_ID_IN_USE"),
                                            QStringLiteral("Node %1 is already connected").arg(request.nodeId), 1008,
                                            QStringLiteral("node_id already connected")};
            return admission;
        }
        admission.replacesExisting = true;
    } else if (context.peersInMesh >= context.limits.maxPeersPerMesh) {
        admission.refusal = MeshRefusal{QStringLiteral("MESH_FULL"), QStringLiteral("Mesh is full"), 1013,
                                        QStringLiteral("Mesh is full")};
        return admission;
    } else if (!context.meshHasPeers && context.meshCount >= context.limits.maxMeshes) {
        admission.refusal = MeshRefusal{QStringLiteral("TOO_MANY_MESHES"), QStringLiteral("Relay has too many meshes"),
                                        1013, QStringLiteral("Relay has too many meshes")};
        return admission;
    }
    admission.isFounder = auth.isFounder;
    admission.sendMeshRegistered = auth.sendMeshRegistered;
    admission.newRegistration = auth.newRegistration;
    admission.usedToken = auth.usedToken;
    admission.deviceId = auth.deviceId;
    admission.capabilityGrant = auth.capabilityGrant;
    return admission;
}

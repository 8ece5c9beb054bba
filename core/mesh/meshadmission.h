#pragma once
// Whether a first frame gets its sender into the mesh, decided without changing anything: the
// caller applies an admission only once every check has passed, so a refused join never registers
// a mesh, burns a nonce, or evicts anyone.
//
// The rules, and why:
//  - A mesh with a token configured (--mesh-tokens) admits a `token` string equal to it (the seed
//    dialect's shared secret) or, in the deployed dialect, a valid signed token; a founder
//    registering such a mesh must present the configured string too, or anyone could register a
//    key for it and mint their own tokens.
//  - A paired device's token (Devices: phone pairing) counts as the configured token: the owner
//    of the relay paired that device, so it may join the meshes the owner protects. It does not
//    open a mesh a founder registered: there the founder, not the relay's owner, decides.
//  - A mesh a founder has registered admits a valid signed token for this mesh (never another
//    mesh's), or the founder re-proving itself with register_mesh. The original let any node
//    that merely claimed a founder's node id rejoin as founder; here a founder proves itself.
//  - Any other mesh is open, as in the original (seed clients without tokens keep working).
//  - A node id already connected in the mesh is refused (NODE_ID_IN_USE), unless the newcomer
//    proves it is that node: a verified founder proof for that node id, or a signed token bound
//    to that node id. Then it replaces the old connection (a reconnecting client whose old socket
//    has not timed out yet). An open invite or the shared configured string proves nothing about
//    which node one is, so it cannot take over a live node id.
//  - A member admitted with a signed token holds only the capabilities the token grants (see
//    CapabilityGrant); every other way in leaves its claims as they are.
//  - Limits last, so that an unauthenticated caller learns nothing about who is connected.
#include "meshcapabilitygrant.h"
#include "meshlimits.h"
#include "meshmessages.h"
#include "meshregistrations.h"
#include "meshtoken.h"

#include <functional>
#include <optional>

struct AdmissionContext
{
    QString meshId;
    std::optional<QString> configuredToken;
    const MeshRegistrations *registrations = nullptr;
    bool nodeIdConnected = false; // a live peer in this mesh uses the request's node id
    int peersInMesh = 0;
    int meshCount = 0; // meshes with peers right now
    bool meshHasPeers = false;
    double nowSeconds = 0;
    MeshLimits limits;
    // The paired device a token belongs to, or empty (looked up, nothing marked).
    std::function<std::optional<QString>(const QString &token)> deviceForToken;
};

struct Admission
{
    std::optional<MeshRefusal> refusal;
    bool isFounder = false;
    bool replacesExisting = false;
    bool sendMeshRegistered = false;
    // A first registration to record under the mesh id.
    std::optional<MeshRegistrations::Registration> newRegistration;
    // A signed token whose nonce is now taken by this node.
    std::optional<MeshToken> usedToken;
    // The paired device whose token admitted this peer: revoking it closes the peer.
    std::optional<QString> deviceId;
    // What of its claimed capabilities the member may hold, now and on capabilities_update.
    CapabilityGrant capabilityGrant;

    bool admitted() const { return !refusal.has_value(); }
};

Admission decideAdmission(const MeshMessages::JoinRequest &request, const AdmissionContext &context);

// Unit tests for decideAdmission: who gets into a mesh with which first frame, and the holes of
// the original that stay closed (founder takeover, eviction by a failed join, tokens across
// meshes, replayed tokens).
#include "mesh/meshadmission.h"
#include "tst_mesh_testkeys.h"

#include <QtTest>

namespace {

using JoinRequest = MeshMessages::JoinRequest;
constexpr double kNow = 1770400000.0;

JoinRequest join(const QString &nodeId, const QJsonValue &token = QJsonValue(QJsonValue::Undefined))
{
    JoinRequest r;
    r.kind = JoinRequest::Join;
    r.nodeId = nodeId;
    r.name = nodeId;
    r.token = token;
    return r;
}

JoinRequest registerMesh(const QString &meshId, const QString &nodeId, const TestKey &meshKey, const TestKey &nodeKey)
{
    JoinRequest r;
    r.kind = JoinRequest::RegisterMesh;
    r.nodeId = nodeId;
    r.meshPublicKey = meshKey.publicKeyBase64();
    r.nodePublicKey = nodeKey.publicKeyBase64();
    r.founderProof = nodeKey.signBase64(meshId.toUtf8());
    r.meshName = QStringLiteral("Home");
    return r;
}

} // namespace

class tst_MeshAdmission : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void openMeshAdmitsWithoutToken();
    void openMeshIgnoresSeedStringToken();
    void founderRegistersWithValidProof();
    void founderProofByMeshKeyWhenNoNodeKey();
    void invalidFounderProofRefused();
    void registrationMeshIdMustMatchUrl();
    void founderComesBackWithProof();
    void impostorCannotReRegisterWithOwnNodeKey();
    void otherNodeCannotRegisterTakenMesh();
    void registeredMeshRequiresToken();
    void founderNodeIdWithoutProofIsNotAFounder();
    void validSignedTokenAdmits();
    void tokenForOtherMeshRefused();
    void tokenReplayedByOtherNodeRefused();
    void tokenReusedBySameNodeAdmitted();
    void stringTokenOnRegisteredMeshRefused();
    void configuredTokenString();
    void configuredMeshAcceptsSignedTokenToo();
    void configuredMeshFounderNeedsTheToken();
    void pairedDeviceTokenOpensAConfiguredMesh();
    void pairedDeviceTokenDoesNotOpenARegisteredMesh();
    void liveNodeIdNotTakenOverWithoutProof();
    void liveNodeIdTakenOverByBoundToken();
    void openInviteCannotTakeOverLiveNodeId();
    void foundersProofReplacesItsOwnConnection();
    void authenticationComesBeforeConflicts();
    void meshFull();
    void tooManyMeshes();
    void tooManyRegistrations();
    void signedTokenLimitsCapabilitiesToItsGrant();
    void signedTokenWithoutCapabilitiesGrantsNone();
    void unverifiedMembersAndFoundersHoldWhatTheyClaim();
    void capabilityGrantKeepsClaimOrderAndNamesRefusalsOnce();

private:
    AdmissionContext context(const QString &meshId = QStringLiteral("m1")) const
    {
        AdmissionContext c;
        c.meshId = meshId;
        c.registrations = &m_registrations;
        c.nowSeconds = kNow;
        return c;
    }
    // Registers `meshId` with `mesh` as mesh key and `founder` as the proof key of node "mac".
    void registerFounder(const QString &meshId = QStringLiteral("m1"))
    {
        const Admission a = decideAdmission(registerMesh(meshId, QStringLiteral("mac"), m_meshKey, m_founderKey),
                                            context(meshId));
        QVERIFY(a.admitted());
        m_registrations.add(meshId, *a.newRegistration);
    }
    void expectRefusal(const Admission &a, const QString &code, const QString &message, quint16 closeCode = 1008)
    {
        QVERIFY2(a.refusal, "expected a refusal");
        QCOMPARE(a.refusal->code, code);
        QCOMPARE(a.refusal->message, message);
        QCOMPARE(a.refusal->closeCode, closeCode);
    }

    MeshRegistrations m_registrations;
    TestKey m_meshKey;
    TestKey m_founderKey;
};

void tst_MeshAdmission::init()
{
    m_registrations = MeshRegistrations();
}

void tst_MeshAdmission::openMeshAdmitsWithoutToken()
{
    const Admission a = decideAdmission(join(QStringLiteral("phone")), context());
    QVERIFY(a.admitted());
    QVERIFY(!a.isFounder);
    QVERIFY(!a.sendMeshRegistered);
    QVERIFY(!a.newRegistration);
}

void tst_MeshAdmission::openMeshIgnoresSeedStringToken()
{
    QVERIFY(decideAdmission(join(QStringLiteral("phone"), QStringLiteral("mesh-auth-token")), context()).admitted());
}

void tst_MeshAdmission::founderRegistersWithValidProof()
{
    const Admission a = decideAdmission(registerMesh(QStringLiteral("m1"), QStringLiteral("mac"), m_meshKey, m_founderKey),
                                        context());
    QVERIFY(a.admitted());
    QVERIFY(a.isFounder);
    QVERIFY(a.sendMeshRegistered);
    QVERIFY(a.newRegistration);
    QCOMPARE(a.newRegistration->meshPublicKey, m_meshKey.publicKey());
    QCOMPARE(a.newRegistration->meshName, QStringLiteral("Home"));
    QCOMPARE(a.newRegistration->founderProofKeys.value(QStringLiteral("mac")), m_founderKey.publicKey());
}

void tst_MeshAdmission::founderProofByMeshKeyWhenNoNodeKey()
{
    JoinRequest r = registerMesh(QStringLiteral("m1"), QStringLiteral("mac"), m_meshKey, m_meshKey);
    r.nodePublicKey.clear();
    const Admission a = decideAdmission(r, context());
    QVERIFY(a.admitted());
    QCOMPARE(a.newRegistration->founderProofKeys.value(QStringLiteral("mac")), m_meshKey.publicKey());
}

void tst_MeshAdmission::invalidFounderProofRefused()
{
    JoinRequest r = registerMesh(QStringLiteral("m1"), QStringLiteral("mac"), m_meshKey, m_founderKey);
    r.founderProof = m_founderKey.signBase64("m2"); // proves another mesh
    expectRefusal(decideAdmission(r, context()), QStringLiteral("REGISTRATION_FAILED"), QStringLiteral("Invalid founder proof"));
    r.founderProof = QStringLiteral("garbage");
    QVERIFY(decideAdmission(r, context()).refusal);
}

void tst_MeshAdmission::registrationMeshIdMustMatchUrl()
{
    JoinRequest r = registerMesh(QStringLiteral("m1"), QStringLiteral("mac"), m_meshKey, m_founderKey);
    r.meshIdField = QStringLiteral("m2");
    expectRefusal(decideAdmission(r, context()), QStringLiteral("REGISTRATION_FAILED"),
                  QStringLiteral("mesh_id does not match the relay URL"));
    r.meshIdField = QStringLiteral("m1");
    QVERIFY(decideAdmission(r, context()).admitted());
}

void tst_MeshAdmission::founderComesBackWithProof()
{
    registerFounder();
    const Admission a = decideAdmission(registerMesh(QStringLiteral("m1"), QStringLiteral("mac"), m_meshKey, m_founderKey),
                                        context());
    QVERIFY(a.admitted());
    QVERIFY(a.isFounder);
    QVERIFY(a.sendMeshRegistered);
    QVERIFY(!a.newRegistration); // the first registration stays
}

void tst_MeshAdmission::impostorCannotReRegisterWithOwnNodeKey()
{
    registerFounder();
    TestKey impostor;
    // Signed correctly, but with a key that is not the one the founder registered with.
    const Admission a = decideAdmission(registerMesh(QStringLiteral("m1"), QStringLiteral("mac"), impostor, impostor), context());
    expectRefusal(a, QStringLiteral("REGISTRATION_FAILED"), QStringLiteral("Invalid founder proof"));
}

void tst_MeshAdmission::otherNodeCannotRegisterTakenMesh()
{
    registerFounder();
    TestKey other;
    expectRefusal(decideAdmission(registerMesh(QStringLiteral("m1"), QStringLiteral("pc"), other, other), context()),
                  QStringLiteral("REGISTRATION_FAILED"), QStringLiteral("Mesh already registered by different founder"));
}

void tst_MeshAdmission::registeredMeshRequiresToken()
{
    registerFounder();
    const Admission a = decideAdmission(join(QStringLiteral("phone")), context());
    expectRefusal(a, QStringLiteral("TOKEN_REQUIRED"), QStringLiteral("This mesh requires a token to join"));
    QCOMPARE(a.refusal->closeReason, QStringLiteral("Token required"));
}

void tst_MeshAdmission::founderNodeIdWithoutProofIsNotAFounder()
{
    // The original let anyone who named a founder's node id rejoin as founder, without a token.
    registerFounder();
    expectRefusal(decideAdmission(join(QStringLiteral("mac")), context()), QStringLiteral("TOKEN_REQUIRED"),
                  QStringLiteral("This mesh requires a token to join"));
}

void tst_MeshAdmission::validSignedTokenAdmits()
{
    registerFounder();
    const QJsonObject token = m_meshKey.token(QStringLiteral("m1"), QStringLiteral("phone"), 1770390000, 1770476400,
                                              QStringLiteral("n1"));
    const Admission a = decideAdmission(join(QStringLiteral("phone"), token), context());
    QVERIFY(a.admitted());
    QVERIFY(!a.isFounder);
    QVERIFY(a.usedToken);
    QCOMPARE(a.usedToken->nonce, QStringLiteral("n1"));
}

void tst_MeshAdmission::tokenForOtherMeshRefused()
{
    // Both meshes registered with the same mesh key: the signature is valid, the mesh is not.
    registerFounder(QStringLiteral("mesh-a"));
    registerFounder(QStringLiteral("mesh-b"));
    const QJsonObject token = m_meshKey.token(QStringLiteral("mesh-a"), QJsonValue::Null, 1770390000, 1770476400,
                                              QStringLiteral("n1"));
    QVERIFY(decideAdmission(join(QStringLiteral("phone"), token), context(QStringLiteral("mesh-a"))).admitted());
    const Admission a = decideAdmission(join(QStringLiteral("phone"), token), context(QStringLiteral("mesh-b")));
    expectRefusal(a, QStringLiteral("TOKEN_INVALID"), QStringLiteral("Token is for a different mesh"));
    QCOMPARE(a.refusal->closeReason, QStringLiteral("Token verification failed: Token is for a different mesh"));
}

void tst_MeshAdmission::tokenReplayedByOtherNodeRefused()
{
    registerFounder();
    const QJsonObject invite = m_meshKey.token(QStringLiteral("m1"), QJsonValue::Null, 1770390000, 1770476400,
                                               QStringLiteral("n1"));
    m_registrations.recordNonce(QStringLiteral("m1"), QStringLiteral("n1"), QStringLiteral("phone"), 1770476400);
    expectRefusal(decideAdmission(join(QStringLiteral("laptop"), invite), context()), QStringLiteral("TOKEN_INVALID"),
                  QStringLiteral("Token already used (replay)"));
}

void tst_MeshAdmission::tokenReusedBySameNodeAdmitted()
{
    registerFounder();
    const QJsonObject invite = m_meshKey.token(QStringLiteral("m1"), QJsonValue::Null, 1770390000, 1770476400,
                                               QStringLiteral("n1"));
    m_registrations.recordNonce(QStringLiteral("m1"), QStringLiteral("n1"), QStringLiteral("phone"), 1770476400);
    QVERIFY(decideAdmission(join(QStringLiteral("phone"), invite), context()).admitted());
}

void tst_MeshAdmission::stringTokenOnRegisteredMeshRefused()
{
    registerFounder();
    expectRefusal(decideAdmission(join(QStringLiteral("phone"), QStringLiteral("secret")), context()),
                  QStringLiteral("TOKEN_INVALID"), QStringLiteral("Invalid token"));
    expectRefusal(decideAdmission(join(QStringLiteral("phone"), QJsonValue(42)), context()), QStringLiteral("TOKEN_INVALID"),
                  QStringLiteral("Invalid token"));
}

void tst_MeshAdmission::configuredTokenString()
{
    AdmissionContext c = context();
    c.configuredToken = QStringLiteral("s3cret");
    QVERIFY(decideAdmission(join(QStringLiteral("phone"), QStringLiteral("s3cret")), c).admitted());
    expectRefusal(decideAdmission(join(QStringLiteral("phone"), QStringLiteral("s3cret!")), c), QStringLiteral("TOKEN_INVALID"),
                  QStringLiteral("Invalid token"));
    expectRefusal(decideAdmission(join(QStringLiteral("phone")), c), QStringLiteral("TOKEN_REQUIRED"),
                  QStringLiteral("This mesh requires a token to join"));
}

void tst_MeshAdmission::pairedDeviceTokenOpensAConfiguredMesh()
{
    AdmissionContext c = context();
    c.configuredToken = QStringLiteral("s3cret");
    c.deviceForToken = [](const QString &token) -> std::optional<QString> {
        if (token == QLatin1String("sbd_phone"))
            return QStringLiteral("device-1");
        return std::nullopt;
    };
    const Admission a = decideAdmission(join(QStringLiteral("phone"), QStringLiteral("sbd_phone")), c);
    QVERIFY(a.admitted());
    QCOMPARE(a.deviceId, std::optional<QString>(QStringLiteral("device-1")));
    // The configured string admits as before, and is no device.
    const Admission shared = decideAdmission(join(QStringLiteral("tablet"), QStringLiteral("s3cret")), c);
    QVERIFY(shared.admitted());
    QVERIFY(!shared.deviceId);
    expectRefusal(decideAdmission(join(QStringLiteral("phone"), QStringLiteral("sbd_other")), c),
                  QStringLiteral("TOKEN_INVALID"), QStringLiteral("Invalid token"));
}

void tst_MeshAdmission::pairedDeviceTokenDoesNotOpenARegisteredMesh()
{
    registerFounder();
    AdmissionContext c = context();
    c.deviceForToken = [](const QString &) -> std::optional<QString> { return QStringLiteral("device-1"); };
    expectRefusal(decideAdmission(join(QStringLiteral("phone"), QStringLiteral("sbd_phone")), c),
                  QStringLiteral("TOKEN_INVALID"), QStringLiteral("Invalid token"));
}

void tst_MeshAdmission::configuredMeshAcceptsSignedTokenToo()
{
    registerFounder();
    AdmissionContext c = context();
    c.configuredToken = QStringLiteral("s3cret");
    const QJsonObject token = m_meshKey.token(QStringLiteral("m1"), QJsonValue::Null, 1770390000, 1770476400,
                                              QStringLiteral("n1"));
    QVERIFY(decideAdmission(join(QStringLiteral("phone"), token), c).admitted());
}

void tst_MeshAdmission::configuredMeshFounderNeedsTheToken()
{
    AdmissionContext c = context();
    c.configuredToken = QStringLiteral("s3cret");
    JoinRequest r = registerMesh(QStringLiteral("m1"), QStringLiteral("mac"), m_meshKey, m_founderKey);
    expectRefusal(decideAdmission(r, c), QStringLiteral("TOKEN_REQUIRED"), QStringLiteral("This mesh requires a token to join"));
    r.token = QStringLiteral("s3cret");
    const Admission a = decideAdmission(r, c);
    QVERIFY(a.admitted());
    QVERIFY(a.newRegistration);
}

void tst_MeshAdmission::liveNodeIdNotTakenOverWithoutProof()
{
    AdmissionContext c = context();
    c.nodeIdConnected = true;
    c.meshHasPeers = true;
    c.peersInMesh = 1;
    const Admission a = decideAdmission(join(QStringLiteral("phone")), c);
    expectRefusal(a, QStringLiteral("NODE_ID_IN_USE"), QStringLiteral("Node phone is already connected"));
    QVERIFY(!a.replacesExisting);
}

void tst_MeshAdmission::liveNodeIdTakenOverByBoundToken()
{
    registerFounder();
    AdmissionContext c = context();
    c.nodeIdConnected = true;
    c.meshHasPeers = true;
    c.peersInMesh = 1;
    const QJsonObject token = m_meshKey.token(QStringLiteral("m1"), QStringLiteral("phone"), 1770390000, 1770476400,
                                              QStringLiteral("n1"));
    const Admission a = decideAdmission(join(QStringLiteral("phone"), token), c);
    QVERIFY(a.admitted());
    QVERIFY(a.replacesExisting);
}

void tst_MeshAdmission::openInviteCannotTakeOverLiveNodeId()
{
    registerFounder();
    AdmissionContext c = context();
    c.nodeIdConnected = true;
    c.meshHasPeers = true;
    c.peersInMesh = 1;
    const QJsonObject invite = m_meshKey.token(QStringLiteral("m1"), QJsonValue::Null, 1770390000, 1770476400,
                                               QStringLiteral("n1"));
    expectRefusal(decideAdmission(join(QStringLiteral("phone"), invite), c), QStringLiteral("NODE_ID_IN_USE"),
                  QStringLiteral("Node phone is already connected"));
}

void tst_MeshAdmission::foundersProofReplacesItsOwnConnection()
{
    registerFounder();
    AdmissionContext c = context();
    c.nodeIdConnected = true;
    c.meshHasPeers = true;
    c.peersInMesh = 1;
    const Admission a = decideAdmission(registerMesh(QStringLiteral("m1"), QStringLiteral("mac"), m_meshKey, m_founderKey), c);
    QVERIFY(a.admitted());
    QVERIFY(a.replacesExisting);
    QVERIFY(a.isFounder);
}

void tst_MeshAdmission::authenticationComesBeforeConflicts()
{
    // An unauthenticated caller must not learn whether a node id is connected.
    registerFounder();
    AdmissionContext c = context();
    c.nodeIdConnected = true;
    c.meshHasPeers = true;
    c.peersInMesh = 1;
    expectRefusal(decideAdmission(join(QStringLiteral("mac")), c), QStringLiteral("TOKEN_REQUIRED"),
                  QStringLiteral("This mesh requires a token to join"));
}

void tst_MeshAdmission::meshFull()
{
    AdmissionContext c = context();
    c.meshHasPeers = true;
    c.peersInMesh = c.limits.maxPeersPerMesh;
    expectRefusal(decideAdmission(join(QStringLiteral("phone")), c), QStringLiteral("MESH_FULL"), QStringLiteral("Mesh is full"),
                  1013);
    c.peersInMesh = c.limits.maxPeersPerMesh - 1;
    QVERIFY(decideAdmission(join(QStringLiteral("phone")), c).admitted());
}

void tst_MeshAdmission::tooManyMeshes()
{
    AdmissionContext c = context();
    c.meshCount = c.limits.maxMeshes;
    expectRefusal(decideAdmission(join(QStringLiteral("phone")), c), QStringLiteral("TOO_MANY_MESHES"),
                  QStringLiteral("Relay has too many meshes"), 1013);
    c.meshHasPeers = true; // joining an existing mesh adds no mesh
    c.peersInMesh = 1;
    QVERIFY(decideAdmission(join(QStringLiteral("phone")), c).admitted());
}

void tst_MeshAdmission::tooManyRegistrations()
{
    AdmissionContext c = context(QStringLiteral("m2"));
    c.limits.maxRegisteredMeshes = 1;
    registerFounder(QStringLiteral("m1"));
    expectRefusal(decideAdmission(registerMesh(QStringLiteral("m2"), QStringLiteral("mac"), m_meshKey, m_founderKey), c),
                  QStringLiteral("REGISTRATION_FAILED"), QStringLiteral("Too many registered meshes"));
}

void tst_MeshAdmission::signedTokenLimitsCapabilitiesToItsGrant()
{
    // The hole: a member granted ['participant'] claimed llm and was sent other members' prompts.
    registerFounder();
    const QJsonObject participant = m_meshKey.token(QStringLiteral("m1"), QStringLiteral("phone"), 1770390000,
                                                    1770476400, QStringLiteral("n1"));
    const Admission a = decideAdmission(join(QStringLiteral("phone"), participant), context());
    QVERIFY(a.admitted());
    QVERIFY(a.capabilityGrant.isRestricted());
    const CapabilityGrant::Outcome claimedTooMuch = a.capabilityGrant.apply({"llm", "participant", "chat"});
    QCOMPARE(claimedTooMuch.held, (QStringList{"participant"}));
    QCOMPARE(claimedTooMuch.refused, (QStringList{"llm", "chat"}));

    const QJsonObject worker = m_meshKey.token(QStringLiteral("m1"), QJsonValue::Null, 1770390000, 1770476400,
                                               QStringLiteral("n2"), {QStringLiteral("participant"), QStringLiteral("llm")});
    const Admission w = decideAdmission(join(QStringLiteral("mac-mini"), worker), context());
    QVERIFY(w.admitted());
    const CapabilityGrant::Outcome honest = w.capabilityGrant.apply({"llm"});
    QCOMPARE(honest.held, (QStringList{"llm"}));
    QVERIFY(honest.refused.isEmpty());

    // The same holds for a founder's node id coming in with a token rather than its proof: it gets
    // what that token grants.
    const QJsonObject foundersToken = m_meshKey.token(QStringLiteral("m1"), QStringLiteral("mac"), 1770390000,
                                                      1770476400, QStringLiteral("n3"));
    const Admission f = decideAdmission(join(QStringLiteral("mac"), foundersToken), context());
    QVERIFY(f.admitted());
    QVERIFY(f.isFounder);
    QCOMPARE(f.capabilityGrant.apply({"llm"}).held, QStringList());
}

void tst_MeshAdmission::signedTokenWithoutCapabilitiesGrantsNone()
{
    registerFounder();
    const QJsonObject token = m_meshKey.token(QStringLiteral("m1"), QJsonValue::Null, 1770390000, 1770476400,
                                              QStringLiteral("n1"), {});
    const Admission a = decideAdmission(join(QStringLiteral("phone"), token), context());
    QVERIFY(a.admitted());
    QVERIFY(a.capabilityGrant.isRestricted());
    QCOMPARE(a.capabilityGrant.apply({"chat"}).refused, (QStringList{"chat"}));
}

void tst_MeshAdmission::unverifiedMembersAndFoundersHoldWhatTheyClaim()
{
    const QStringList claims{QStringLiteral("llm"), QStringLiteral("vision")};
    // An open mesh: nothing to check a claim against.
    const Admission open = decideAdmission(join(QStringLiteral("phone")), context());
    QVERIFY(!open.capabilityGrant.isRestricted());
    QCOMPARE(open.capabilityGrant.apply(claims).held, claims);

    // A founder proving itself with register_mesh, the first time and coming back.
    const Admission first = decideAdmission(
        registerMesh(QStringLiteral("m1"), QStringLiteral("mac"), m_meshKey, m_founderKey), context());
    QVERIFY(!first.capabilityGrant.isRestricted());
    registerFounder();
    const Admission again = decideAdmission(
        registerMesh(QStringLiteral("m1"), QStringLiteral("mac"), m_meshKey, m_founderKey), context());
    QVERIFY(!again.capabilityGrant.isRestricted());

    // The operator's shared token carries no capabilities.
    AdmissionContext c = context(QStringLiteral("club"));
    c.configuredToken = QStringLiteral("s3cret");
    const Admission shared = decideAdmission(join(QStringLiteral("phone"), QStringLiteral("s3cret")), c);
    QVERIFY(shared.admitted());
    QVERIFY(!shared.capabilityGrant.isRestricted());
}

void tst_MeshAdmission::capabilityGrantKeepsClaimOrderAndNamesRefusalsOnce()
{
    const CapabilityGrant grant = CapabilityGrant::limitedTo({"vision", "llm"});
    const CapabilityGrant::Outcome outcome = grant.apply({"llm", "chat", "vision", "chat", "admin"});
    QCOMPARE(outcome.held, (QStringList{"llm", "vision"}));
    QCOMPARE(outcome.refused, (QStringList{"chat", "admin"}));
    QVERIFY(grant.apply({}).held.isEmpty());
    // Names are compared exactly: "LLM" is not "llm", and routing only knows "llm".
    QCOMPARE(grant.apply({"LLM"}).refused, (QStringList{"LLM"}));
}

QTEST_GUILESS_MAIN(tst_MeshAdmission)
#include "tst_meshadmission.moc"

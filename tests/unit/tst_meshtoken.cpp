// Unit tests for MeshToken: parsing, the canonical text the founder signs (checked against the
// text Python's json.dumps produces for the same token), and checkMeshToken's verdicts.
#include "mesh/meshtoken.h"
#include "tst_mesh_testkeys.h"

#include <QJsonDocument>
#include <QtTest>

namespace {

constexpr qint64 kIssued = 1770390000;
constexpr qint64 kExpires = 1770476400;
constexpr double kNow = 1770400000.0;

// What Python prints for json.dumps of this token's signed fields (sort_keys, compact).
const QByteArray kPythonText =
    R"({"capabilities":["chat","llm","participant","\ud83d\ude00"],"expires_at":1770476400,"issued_at":1770390000,)"
    R"("issuer_id":"founder\"1","mesh_id":"mesh-\u00e9","node_id":null,"nonce":"ab\ncd"})";

QJsonObject pythonExampleToken(const QString &signature)
{
    return QJsonObject{{QStringLiteral("mesh_id"), QStringLiteral("mesh-é")},
                       {QStringLiteral("node_id"), QJsonValue::Null},
                       {QStringLiteral("issued_at"), kIssued},
                       {QStringLiteral("expires_at"), kExpires},
                       {QStringLiteral("capabilities"),
                        QJsonArray{QStringLiteral("llm"), QStringLiteral("participant"), QString::fromUtf8("😀"),
                                   QStringLiteral("chat")}},
                       {QStringLiteral("issuer_id"), QStringLiteral("founder\"1")},
                       {QStringLiteral("nonce"), QStringLiteral("ab\ncd")},
                       {QStringLiteral("signature"), signature}};
}

MeshToken parse(const QJsonObject &object)
{
    QString error;
    const auto token = MeshToken::fromJson(object, &error);
    if (!token)
        qFatal("token did not parse: %s", qPrintable(error));
    return *token;
}

} // namespace

class tst_MeshToken : public QObject
{
    Q_OBJECT

private slots:
    void canonicalTextMatchesPython();
    void integralTimestampsAlsoTriedAsFloats();
    void parseRejectsMissingOrMistypedFields_data();
    void parseRejectsMissingOrMistypedFields();
    void validTokenPasses();
    void signatureOverPythonTextPasses();
    void tamperedFieldFails();
    void otherKeyFails();
    void tokenForOtherMeshFails();
    void expiredTokenFails();
    void boundTokenOnlyForItsNode();
    void emptyNodeIdIsAnOpenInvite();
    void hexSignatureAccepted();
};

void tst_MeshToken::canonicalTextMatchesPython()
{
    const MeshToken token = parse(pythonExampleToken(QStringLiteral("sig")));
    QCOMPARE(token.signedTextCandidates().first(), kPythonText);
}

void tst_MeshToken::integralTimestampsAlsoTriedAsFloats()
{
    const QList<QByteArray> texts = parse(pythonExampleToken(QStringLiteral("sig"))).signedTextCandidates();
    QCOMPARE(texts.size(), 4);
    QVERIFY(texts.contains(QByteArray(kPythonText).replace("1770476400", "1770476400.0").replace("1770390000", "1770390000.0")));
}

void tst_MeshToken::parseRejectsMissingOrMistypedFields_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QJsonValue>("value"); // undefined: removed
    QTest::newRow("no mesh_id") << "mesh_id" << QJsonValue(QJsonValue::Undefined);
    QTest::newRow("empty nonce") << "nonce" << QJsonValue(QString());
    QTest::newRow("no signature") << "signature" << QJsonValue(QJsonValue::Undefined);
    QTest::newRow("no issuer") << "issuer_id" << QJsonValue(QJsonValue::Undefined);
    QTest::newRow("numeric node_id") << "node_id" << QJsonValue(5);
    QTest::newRow("no expiry") << "expires_at" << QJsonValue(QJsonValue::Undefined);
    QTest::newRow("string expiry") << "expires_at" << QJsonValue(QStringLiteral("soon"));
    QTest::newRow("string issued_at") << "issued_at" << QJsonValue(QStringLiteral("then"));
    QTest::newRow("capabilities not a list") << "capabilities" << QJsonValue(QStringLiteral("llm"));
    QTest::newRow("capability not a string") << "capabilities" << QJsonValue(QJsonArray{1});
}

void tst_MeshToken::parseRejectsMissingOrMistypedFields()
{
    QFETCH(QString, field);
    QFETCH(QJsonValue, value);
    QJsonObject object = pythonExampleToken(QStringLiteral("sig"));
    if (value.isUndefined())
        object.remove(field);
    else
        object.insert(field, value);
    QString error;
    QVERIFY(!MeshToken::fromJson(object, &error));
    QVERIFY(!error.isEmpty());
}

void tst_MeshToken::validTokenPasses()
{
    TestKey mesh;
    const MeshToken token = parse(mesh.token(QStringLiteral("m1"), QStringLiteral("phone"), kIssued, kExpires, QStringLiteral("n1")));
    QCOMPARE(checkMeshToken(token, QStringLiteral("m1"), QStringLiteral("phone"), mesh.publicKey(), kNow), QString());
}

void tst_MeshToken::signatureOverPythonTextPasses()
{
    // Signed over Python's text, independent of the code under test.
    TestKey mesh;
    const MeshToken token = parse(pythonExampleToken(mesh.signBase64(kPythonText)));
    QCOMPARE(checkMeshToken(token, QStringLiteral("mesh-é"), QStringLiteral("anyone"), mesh.publicKey(), kNow), QString());
}

void tst_MeshToken::tamperedFieldFails()
{
    TestKey mesh;
    QJsonObject object = mesh.token(QStringLiteral("m1"), QStringLiteral("phone"), kIssued, kExpires, QStringLiteral("n1"));
    object.insert(QStringLiteral("capabilities"), QJsonArray{QStringLiteral("participant"), QStringLiteral("admin")});
    QCOMPARE(checkMeshToken(parse(object), QStringLiteral("m1"), QStringLiteral("phone"), mesh.publicKey(), kNow),
             QStringLiteral("Invalid signature"));
}

void tst_MeshToken::otherKeyFails()
{
    TestKey mesh, other;
    const MeshToken token = parse(other.token(QStringLiteral("m1"), QJsonValue::Null, kIssued, kExpires, QStringLiteral("n1")));
    QCOMPARE(checkMeshToken(token, QStringLiteral("m1"), QStringLiteral("phone"), mesh.publicKey(), kNow),
             QStringLiteral("Invalid signature"));
}

void tst_MeshToken::tokenForOtherMeshFails()
{
    TestKey mesh;
    const MeshToken token = parse(mesh.token(QStringLiteral("mesh-a"), QJsonValue::Null, kIssued, kExpires, QStringLiteral("n1")));
    QCOMPARE(checkMeshToken(token, QStringLiteral("mesh-b"), QStringLiteral("phone"), mesh.publicKey(), kNow),
             QStringLiteral("Token is for a different mesh"));
}

void tst_MeshToken::expiredTokenFails()
{
    TestKey mesh;
    const MeshToken token = parse(mesh.token(QStringLiteral("m1"), QJsonValue::Null, kIssued, kExpires, QStringLiteral("n1")));
    QCOMPARE(checkMeshToken(token, QStringLiteral("m1"), QStringLiteral("phone"), mesh.publicKey(), kExpires + 1.0),
             QStringLiteral("Token expired"));
}

void tst_MeshToken::boundTokenOnlyForItsNode()
{
    TestKey mesh;
    const MeshToken token = parse(mesh.token(QStringLiteral("m1"), QStringLiteral("phone"), kIssued, kExpires, QStringLiteral("n1")));
    QVERIFY(token.isBoundToNode());
    QCOMPARE(checkMeshToken(token, QStringLiteral("m1"), QStringLiteral("laptop"), mesh.publicKey(), kNow),
             QStringLiteral("Token bound to different node"));
}

void tst_MeshToken::emptyNodeIdIsAnOpenInvite()
{
    TestKey mesh;
    const MeshToken token = parse(mesh.token(QStringLiteral("m1"), QString(), kIssued, kExpires, QStringLiteral("n1")));
    QVERIFY(!token.isBoundToNode());
    QCOMPARE(checkMeshToken(token, QStringLiteral("m1"), QStringLiteral("laptop"), mesh.publicKey(), kNow), QString());
}

void tst_MeshToken::hexSignatureAccepted()
{
    TestKey mesh;
    QJsonObject object = mesh.token(QStringLiteral("m1"), QJsonValue::Null, kIssued, kExpires, QStringLiteral("n1"));
    const QByteArray raw = QByteArray::fromBase64(object.value(QStringLiteral("signature")).toString().toLatin1());
    object.insert(QStringLiteral("signature"), QString::fromLatin1(raw.toHex()));
    QCOMPARE(checkMeshToken(parse(object), QStringLiteral("m1"), QStringLiteral("x"), mesh.publicKey(), kNow), QString());
}

QTEST_GUILESS_MAIN(tst_MeshToken)
#include "tst_meshtoken.moc"

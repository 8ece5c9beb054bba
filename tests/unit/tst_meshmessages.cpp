// Unit tests for reading mesh frames (MeshMessages, MeshPath), writing them (MeshFrames), and the
// per-peer frame rate limit.
#include "mesh/frameratelimiter.h"
#include "mesh/meshframes.h"
#include "mesh/meshmessages.h"
#include "mesh/meshpath.h"

#include <QJsonDocument>
#include <QtTest>

namespace {

MeshMessages::JoinParse parseJoin(const QByteArray &text)
{
    return MeshMessages::parseJoin(MeshMessages::parse(text, true), MeshLimits());
}

QJsonObject object(const QByteArray &frame)
{
    return QJsonDocument::fromJson(frame).object();
}

} // namespace

class tst_MeshMessages : public QObject
{
    Q_OBJECT

private slots:
    void parseAcceptsObjectWithType();
    void parseRejects_data();
    void parseRejects();
    void firstFrameOfWrongKindClosesWithOriginalReason_data();
    void firstFrameOfWrongKindClosesWithOriginalReason();
    void joinWithoutNodeIdClosesWithoutErrorFrame();
    void registerMeshWithoutFieldsIsMissingFields();
    void joinFieldsAndDefaults();
    void registerAliasAndTokenTypes();
    void registerMeshFields();
    void overlongOrMistypedFieldsRefused_data();
    void overlongOrMistypedFieldsRefused();
    void capabilitiesLimits();
    void meshIdFromPath_data();
    void meshIdFromPath();
    void framesHaveTheWireFields();
    void pongTimestampHasAFraction();
    void llmResponseFillsAbsentFieldsWithNull();
    void rateLimiterAllowsBurstThenRate();
};

void tst_MeshMessages::parseAcceptsObjectWithType()
{
    const auto frame = MeshMessages::parse(R"({"type":"ping","x":1})", true);
    QVERIFY(frame.ok());
    QCOMPARE(frame.type, QStringLiteral("ping"));
    QCOMPARE(frame.object.value(QStringLiteral("x")).toInt(), 1);
}

void tst_MeshMessages::parseRejects_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<bool>("text");
    QTest::addColumn<QString>("error");
    QTest::newRow("binary") << QByteArray(R"({"type":"ping"})") << false << "Binary frames are not supported";
    QTest::newRow("not json") << QByteArray("hello") << true << "Invalid JSON";
    QTest::newRow("truncated") << QByteArray(R"({"type":"pi)") << true << "Invalid JSON";
    QTest::newRow("array") << QByteArray("[1,2]") << true << "Message must be a JSON object";
    QTest::newRow("scalar") << QByteArray("42") << true << "Invalid JSON";
    QTest::newRow("no type") << QByteArray(R"({"payload":{}})") << true << "Message type missing";
    QTest::newRow("numeric type") << QByteArray(R"({"type":7})") << true << "Message type missing";
    QTest::newRow("empty type") << QByteArray(R"({"type":""})") << true << "Message type missing";
}

void tst_MeshMessages::parseRejects()
{
    QFETCH(QByteArray, data);
    QFETCH(bool, text);
    QFETCH(QString, error);
    const auto frame = MeshMessages::parse(data, text);
    QVERIFY(!frame.ok());
    // A bare scalar is not JSON to Qt's document parser; either wording is an honest answer.
    if (data == "42")
        QVERIFY(frame.error == error || frame.error == QStringLiteral("Message must be a JSON object"));
    else
        QCOMPARE(frame.error, error);
}

void tst_MeshMessages::firstFrameOfWrongKindClosesWithOriginalReason_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::newRow("other type") << QByteArray(R"({"type":"broadcast","payload":{}})");
    QTest::newRow("not json") << QByteArray("hi");
    QTest::newRow("no type") << QByteArray(R"({"node_id":"a"})");
}

void tst_MeshMessages::firstFrameOfWrongKindClosesWithOriginalReason()
{
    QFETCH(QByteArray, data);
    const auto parsed = parseJoin(data);
    QVERIFY(parsed.refusal);
    QVERIFY(!parsed.refusal->sendsErrorFrame());
    QCOMPARE(parsed.refusal->closeCode, quint16(1008));
    QCOMPARE(parsed.refusal->closeReason, QStringLiteral("First message must be register_mesh or join"));
}

void tst_MeshMessages::joinWithoutNodeIdClosesWithoutErrorFrame()
{
    for (const QByteArray &frame : {QByteArray(R"({"type":"join"})"), QByteArray(R"({"type":"join","node_id":""})"),
                                    QByteArray(R"({"type":"register","node_id":12})")}) {
        const auto parsed = parseJoin(frame);
        QVERIFY(parsed.refusal);
        QVERIFY(!parsed.refusal->sendsErrorFrame());
        QCOMPARE(parsed.refusal->closeReason, QStringLiteral("node_id required"));
    }
}

void tst_MeshMessages::registerMeshWithoutFieldsIsMissingFields()
{
    for (const QByteArray &frame : {QByteArray(R"({"type":"register_mesh","mesh_public_key":"k","founder_proof":"p"})"),
                                    QByteArray(R"({"type":"register_mesh","node_id":"mac","founder_proof":"p"})"),
                                    QByteArray(R"({"type":"register_mesh","node_id":"mac","mesh_public_key":"k"})")}) {
        const auto parsed = parseJoin(frame);
        QVERIFY(parsed.refusal);
        QCOMPARE(parsed.refusal->code, QStringLiteral("MISSING_FIELDS"));
        QCOMPARE(parsed.refusal->message, QStringLiteral("Missing required fields for mesh registration"));
        QCOMPARE(parsed.refusal->closeReason, QStringLiteral("Missing required fields"));
    }
}

void tst_MeshMessages::joinFieldsAndDefaults()
{
    auto parsed = parseJoin(R"({"type":"join","node_id":"android-12345678","capabilities":["chat"],"name":"Pixel"})");
    QVERIFY(!parsed.refusal);
    QCOMPARE(parsed.request.kind, MeshMessages::JoinRequest::Join);
    QCOMPARE(parsed.request.nodeId, QStringLiteral("android-12345678"));
    QCOMPARE(parsed.request.name, QStringLiteral("Pixel"));
    QCOMPARE(parsed.request.capabilities, QStringList{QStringLiteral("chat")});
    QVERIFY(parsed.request.token.isUndefined());

    parsed = parseJoin(R"({"type":"join","node_id":"android-12345678","token":null,"name":null})");
    QVERIFY(!parsed.refusal);
    QCOMPARE(parsed.request.name, QStringLiteral("android-")); // the first eight characters
    QVERIFY(parsed.request.capabilities.isEmpty());
    QVERIFY(parsed.request.token.isUndefined());
}

void tst_MeshMessages::registerAliasAndTokenTypes()
{
    auto parsed = parseJoin(R"({"type":"register","node_id":"n","token":"mesh-auth-token"})");
    QVERIFY(!parsed.refusal);
    QCOMPARE(parsed.request.kind, MeshMessages::JoinRequest::Join);
    QVERIFY(parsed.request.token.isString());
    parsed = parseJoin(R"({"type":"register","node_id":"n","token":{"mesh_id":"m"}})");
    QVERIFY(parsed.request.token.isObject());
}

void tst_MeshMessages::registerMeshFields()
{
    const auto parsed = parseJoin(R"({"type":"register_mesh","mesh_id":"m1","node_id":"mac","mesh_public_key":"K",)"
                                  R"("founder_proof":"P","node_public_key":"N","name":"Home","display_name":"MacBook",)"
                                  R"("capabilities":["llm"]})");
    QVERIFY(!parsed.refusal);
    const auto &r = parsed.request;
    QCOMPARE(r.kind, MeshMessages::JoinRequest::RegisterMesh);
    QCOMPARE(r.meshIdField, QStringLiteral("m1"));
    QCOMPARE(r.meshPublicKey, QStringLiteral("K"));
    QCOMPARE(r.founderProof, QStringLiteral("P"));
    QCOMPARE(r.nodePublicKey, QStringLiteral("N"));
    QCOMPARE(r.meshName, QStringLiteral("Home")); // `name` names the mesh here
    QCOMPARE(r.name, QStringLiteral("MacBook")); // and display_name the node
    QCOMPARE(r.capabilities, QStringList{QStringLiteral("llm")});
}

void tst_MeshMessages::overlongOrMistypedFieldsRefused_data()
{
    QTest::addColumn<QByteArray>("frame");
    const QByteArray longId = QByteArray(129, 'n');
    QTest::newRow("long node_id") << QByteArray(R"({"type":"join","node_id":")" + longId + R"("})");
    QTest::newRow("long name") << QByteArray(R"({"type":"join","node_id":"n","name":")" + QByteArray(129, 'x') + R"("})");
    QTest::newRow("numeric name") << QByteArray(R"({"type":"join","node_id":"n","name":5})");
    QTest::newRow("capabilities string") << QByteArray(R"({"type":"join","node_id":"n","capabilities":"llm"})");
    QTest::newRow("numeric node key") << QByteArray(R"({"type":"register_mesh","node_id":"n","mesh_public_key":"k",)"
                                                    R"("founder_proof":"p","node_public_key":1})");
}

void tst_MeshMessages::overlongOrMistypedFieldsRefused()
{
    QFETCH(QByteArray, frame);
    const auto parsed = parseJoin(frame);
    QVERIFY(parsed.refusal);
    QCOMPARE(parsed.refusal->code, QStringLiteral("INVALID_FIELD"));
    QVERIFY(parsed.refusal->sendsErrorFrame());
    QCOMPARE(parsed.refusal->closeCode, quint16(1008));
}

void tst_MeshMessages::capabilitiesLimits()
{
    MeshLimits limits;
    QString error;
    QCOMPARE(MeshMessages::parseCapabilities(QJsonValue(), limits, &error), QStringList());
    QJsonArray many;
    for (int i = 0; i <= limits.maxCapabilities; ++i)
        many << QStringLiteral("c%1").arg(i);
    QVERIFY(!MeshMessages::parseCapabilities(many, limits, &error));
    many.removeLast();
    QCOMPARE(MeshMessages::parseCapabilities(many, limits, &error)->size(), limits.maxCapabilities);
    QVERIFY(!MeshMessages::parseCapabilities(QJsonArray{QString(limits.maxCapabilityChars + 1, QLatin1Char('c'))}, limits, &error));
    QVERIFY(!MeshMessages::parseCapabilities(QJsonArray{QStringLiteral("llm"), QJsonValue::Null}, limits, &error));
    QCOMPARE(error, QStringLiteral("capabilities must be a list of strings"));
}

void tst_MeshMessages::meshIdFromPath_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("meshId"); // empty: refused
    QTest::newRow("plain") << "/relay/my-mesh" << "my-mesh";
    QTest::newRow("unicode") << "/relay/maison-é" << "maison-é";
    QTest::newRow("empty") << "/relay/" << "";
    QTest::newRow("two segments") << "/relay/a/b" << "";
    QTest::newRow("trailing slash") << "/relay/a/" << "";
    QTest::newRow("control character") << "/relay/a\nb" << "";
    QTest::newRow("longest") << "/relay/" + QString(128, QLatin1Char('m')) << QString(128, QLatin1Char('m'));
    QTest::newRow("too long") << "/relay/" + QString(129, QLatin1Char('m')) << "";
    QTest::newRow("other prefix") << "/relayx/a" << "";
}

void tst_MeshMessages::meshIdFromPath()
{
    QFETCH(QString, path);
    QFETCH(QString, meshId);
    QCOMPARE(MeshPath::meshIdFrom(path, 128).value_or(QString()), meshId);
}

void tst_MeshMessages::framesHaveTheWireFields()
{
    QCOMPARE(object(MeshFrames::error(QStringLiteral("Peer x not found"))),
             (QJsonObject{{"type", "error"}, {"message", "Peer x not found"}}));
    QCOMPARE(object(MeshFrames::error(QStringLiteral("TOKEN_REQUIRED"), QStringLiteral("m"))),
             (QJsonObject{{"type", "error"}, {"code", "TOKEN_REQUIRED"}, {"message", "m"}}));
    QCOMPARE(object(MeshFrames::meshRegistered()), (QJsonObject{{"type", "mesh_registered"}, {"success", true}}));
    QCOMPARE(object(MeshFrames::joined(QStringLiteral("Home"), QStringLiteral("m1"), 2)),
             (QJsonObject{{"type", "joined"}, {"mesh", "Home"}, {"mesh_id", "m1"}, {"node_count", 2}}));
    QCOMPARE(object(MeshFrames::peerJoined(QStringLiteral("a"), QStringLiteral("A"), {QStringLiteral("llm")}, true)),
             (QJsonObject{{"type", "peer_joined"}, {"node_id", "a"}, {"name", "A"}, {"capabilities", QJsonArray{"llm"}},
                          {"is_founder", true}}));
    QCOMPARE(object(MeshFrames::peerLeft(QStringLiteral("a"))), (QJsonObject{{"type", "peer_left"}, {"node_id", "a"}}));
    QCOMPARE(object(MeshFrames::peerUpdated(QStringLiteral("a"), {})),
             (QJsonObject{{"type", "peer_updated"}, {"node_id", "a"}, {"capabilities", QJsonArray()}}));
    QCOMPARE(object(MeshFrames::message(QStringLiteral("a"), QJsonObject{{"k", 1}})),
             (QJsonObject{{"type", "message"}, {"from", "a"}, {"payload", QJsonObject{{"k", 1}}}}));
    QCOMPARE(object(MeshFrames::llmError(QStringLiteral("r1"), QStringLiteral("why"))),
             (QJsonObject{{"type", "llm_error"}, {"request_id", "r1"}, {"error", "why"}, {"message", "why"}}));
    const QJsonObject info = MeshFrames::peerInfo(QStringLiteral("a"), QStringLiteral("A"), {}, false, 12.5);
    QCOMPARE(info.keys(), (QStringList{"capabilities", "is_founder", "joined_at", "name", "node_id"}));
}

void tst_MeshMessages::pongTimestampHasAFraction()
{
    const QByteArray pong = MeshFrames::pong(1770390000.0);
    QCOMPARE(pong, QByteArray(R"({"type":"pong","timestamp":1770390000.000000})"));
    QCOMPARE(object(pong).value(QStringLiteral("timestamp")).toDouble(), 1770390000.0);
    QCOMPARE(object(MeshFrames::pong(1770390000.25)).value(QStringLiteral("timestamp")).toDouble(), 1770390000.25);
}

void tst_MeshMessages::llmResponseFillsAbsentFieldsWithNull()
{
    const QJsonObject o = object(MeshFrames::llmResponse(QStringLiteral("w"), QStringLiteral("r1"), QStringLiteral("hi"),
                                                         QJsonValue(QJsonValue::Undefined)));
    QCOMPARE(o.value(QStringLiteral("type")).toString(), QStringLiteral("llm_response"));
    QCOMPARE(o.value(QStringLiteral("from")).toString(), QStringLiteral("w"));
    QCOMPARE(o.value(QStringLiteral("response")).toString(), QStringLiteral("hi"));
    QVERIFY(o.contains(QStringLiteral("error")));
    QVERIFY(o.value(QStringLiteral("error")).isNull());
}

void tst_MeshMessages::rateLimiterAllowsBurstThenRate()
{
    FrameRateLimiter limiter(100);
    int allowed = 0;
    for (int i = 0; i < 150; ++i)
        allowed += limiter.allow(1000) ? 1 : 0;
    QCOMPARE(allowed, 100);
    QVERIFY(!limiter.allow(1005)); // half a frame refilled
    QVERIFY(limiter.allow(1010)); // one frame per 10 ms
    QVERIFY(!limiter.allow(1010));
    for (int i = 0; i < 100; ++i) // a full second later the bucket is full again, no fuller
        QVERIFY(limiter.allow(3000));
    QVERIFY(!limiter.allow(3000));
}

QTEST_GUILESS_MAIN(tst_MeshMessages)
#include "tst_meshmessages.moc"

// Unit tests for MeshRoom and MeshMessageHandler on fake sockets: what members are sent when
// others join, talk, ask for LLM work and leave; slow members closed without holding up the rest;
// replacement of a reconnecting node; the registry session and its byte counts.
#include "fakeendpoint.h"
#include "mesh/meshmessagehandler.h"
#include "mesh/meshpeer.h"
#include "mesh/meshroom.h"
#include "sessions/inmemorysessionregistry.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QtTest>

#include <memory>
#include <vector>

namespace {

struct Member
{
    FakeEndpoint *socket;
    MeshPeer *peer;
};

QList<QJsonObject> framesOf(const FakeEndpoint *socket)
{
    QList<QJsonObject> frames;
    for (const auto &sent : socket->sent)
        frames << QJsonDocument::fromJson(sent.first).object();
    return frames;
}

QStringList typesOf(const FakeEndpoint *socket)
{
    QStringList types;
    for (const QJsonObject &frame : framesOf(socket))
        types << frame.value(QStringLiteral("type")).toString();
    return types;
}

QJsonObject lastFrame(const FakeEndpoint *socket)
{
    return socket->sent.isEmpty() ? QJsonObject() : QJsonDocument::fromJson(socket->sent.last().first).object();
}

} // namespace

class tst_MeshRoom : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void joinerGetsJoinedThenPeersAndOthersGetPeerJoined();
    void sessionListsMembers();
    void broadcastSetsFromAndDoesNotEcho();
    void broadcastPayloadMustBeAnObject();
    void directReachesOnlyTarget();
    void directToUnknownTargetAnswersError();
    void pingAnswersPong();
    void capabilitiesUpdateTellsOthers();
    void capabilitiesUpdateBeyondGrantRefusedAndNeverRouted();
    void malformedFramesAnsweredAndMemberStays();
    void llmRequestsAlternateAndCarryMessagesModelFrom();
    void llmResponseOnlyFromAskedWorkerAndOnlyToRequester();
    void llmWithoutCapablePeerErrorsAndBroadcastsNothing();
    void llmRequestNotSentBackToRequester();
    void llmTimeoutErrorsRequester();
    void llmWorkerLeavingErrorsRequester();
    void slowMemberClosedOthersServed();
    void backlogAboveSoftLimitClosedOnlyWhenItLasts();
    void reconnectReplacesWithoutPeerLeft();
    void idleMembersClosed();
    void lastMemberLeavingEndsSessionAndEmptiesRoom();
    void bytesCounted();

private:
    Member add(const QString &nodeId, const QStringList &capabilities = {});
    void send(const Member &from, const QByteArray &text, qint64 nowMs = 1000);

    std::unique_ptr<InMemorySessionRegistry> m_registry;
    MeshLimits m_limits;
    MeshRoom *m_room = nullptr;
    std::vector<std::unique_ptr<FakeEndpoint>> m_sockets;
};

void tst_MeshRoom::init()
{
    m_registry = std::make_unique<InMemorySessionRegistry>();
    m_limits = MeshLimits();
    m_room = new MeshRoom(QStringLiteral("m1"), QStringLiteral("Home"), m_registry.get(), m_limits, nullptr);
}

void tst_MeshRoom::cleanup()
{
    delete m_room;
    m_room = nullptr;
    m_sockets.clear();
    m_registry.reset();
}

Member tst_MeshRoom::add(const QString &nodeId, const QStringList &capabilities)
{
    m_sockets.push_back(std::make_unique<FakeEndpoint>(nodeId));
    FakeEndpoint *socket = m_sockets.back().get();
    auto *peer = new MeshPeer(socket, QStringLiteral("192.0.2.1"), QStringLiteral("m1"), 100, m_room);
    m_room->admit(peer, nodeId, nodeId.toUpper(), capabilities, false, 1770000000.5);
    return {socket, peer};
}

void tst_MeshRoom::send(const Member &from, const QByteArray &text, qint64 nowMs)
{
    m_room->countReceived(text.size());
    MeshMessageHandler::handle(*m_room, *from.peer, MeshMessages::parse(text, true), m_limits, nowMs);
    m_room->settle();
}

void tst_MeshRoom::joinerGetsJoinedThenPeersAndOthersGetPeerJoined()
{
    const Member a = add(QStringLiteral("a"), {QStringLiteral("llm")});
    const Member b = add(QStringLiteral("b"));
    QCOMPARE(typesOf(b.socket), (QStringList{"joined", "peers"}));
    const QJsonObject joined = framesOf(b.socket).at(0);
    QCOMPARE(joined.value(QStringLiteral("mesh")).toString(), QStringLiteral("Home"));
    QCOMPARE(joined.value(QStringLiteral("mesh_id")).toString(), QStringLiteral("m1"));
    QCOMPARE(joined.value(QStringLiteral("node_count")).toInt(), 2);
    const QJsonArray peers = framesOf(b.socket).at(1).value(QStringLiteral("peers")).toArray();
    QCOMPARE(peers.size(), 1); // without the joiner itself
    QCOMPARE(peers.at(0).toObject().value(QStringLiteral("node_id")).toString(), QStringLiteral("a"));
    QCOMPARE(peers.at(0).toObject().value(QStringLiteral("capabilities")).toArray(), QJsonArray{"llm"});
    QCOMPARE(peers.at(0).toObject().value(QStringLiteral("joined_at")).toDouble(), 1770000000.5);

    QCOMPARE(typesOf(a.socket), (QStringList{"joined", "peers", "peer_joined"}));
    QCOMPARE(lastFrame(a.socket).value(QStringLiteral("node_id")).toString(), QStringLiteral("b"));
    QCOMPARE(lastFrame(a.socket).value(QStringLiteral("name")).toString(), QStringLiteral("B"));
}

void tst_MeshRoom::sessionListsMembers()
{
    add(QStringLiteral("a"));
    add(QStringLiteral("b"));
    const auto session = m_registry->find(QStringLiteral("mesh/m1"));
    QVERIFY(session);
    QCOMPARE(session->service, QStringLiteral("mesh"));
    QCOMPARE(session->peers, (QStringList{"a", "b"}));
    QCOMPARE(session->remoteAddresses, (QStringList{"192.0.2.1", "192.0.2.1"}));
}

void tst_MeshRoom::broadcastSetsFromAndDoesNotEcho()
{
    const Member a = add(QStringLiteral("a"));
    const Member b = add(QStringLiteral("b"));
    const Member c = add(QStringLiteral("c"));
    const qsizetype aBefore = a.socket->sent.size();
    send(a, R"({"type":"broadcast","payload":{"text":"hi","from":"forged"}})");
    QCOMPARE(a.socket->sent.size(), aBefore);
    for (const Member &m : {b, c}) {
        const QJsonObject frame = lastFrame(m.socket);
        QCOMPARE(frame.value(QStringLiteral("type")).toString(), QStringLiteral("message"));
        QCOMPARE(frame.value(QStringLiteral("from")).toString(), QStringLiteral("a"));
        QCOMPARE(frame.value(QStringLiteral("payload")).toObject(),
                 (QJsonObject{{"text", "hi"}, {"from", "a"}}));
    }
}

void tst_MeshRoom::broadcastPayloadMustBeAnObject()
{
    const Member a = add(QStringLiteral("a"));
    const Member b = add(QStringLiteral("b"));
    const qsizetype bBefore = b.socket->sent.size();
    send(a, R"({"type":"broadcast","payload":"text"})");
    QCOMPARE(b.socket->sent.size(), bBefore);
    QCOMPARE(lastFrame(a.socket), (QJsonObject{{"type", "error"}, {"message", "payload must be a JSON object"}}));
}

void tst_MeshRoom::directReachesOnlyTarget()
{
    const Member a = add(QStringLiteral("a"));
    const Member b = add(QStringLiteral("b"));
    const Member c = add(QStringLiteral("c"));
    const qsizetype cBefore = c.socket->sent.size();
    send(a, R"({"type":"direct","target":"b","payload":[1,2]})");
    QCOMPARE(lastFrame(b.socket), (QJsonObject{{"type", "message"}, {"from", "a"}, {"payload", QJsonArray{1, 2}}}));
    QCOMPARE(c.socket->sent.size(), cBefore);
}

void tst_MeshRoom::directToUnknownTargetAnswersError()
{
    const Member a = add(QStringLiteral("a"));
    send(a, R"({"type":"direct","target":"ghost","payload":{}})");
    QCOMPARE(lastFrame(a.socket), (QJsonObject{{"type", "error"}, {"message", "Peer ghost not found"}}));
    send(a, R"({"type":"direct","payload":{}})");
    QCOMPARE(lastFrame(a.socket), (QJsonObject{{"type", "error"}, {"message", "direct needs a target"}}));
}

void tst_MeshRoom::pingAnswersPong()
{
    const Member a = add(QStringLiteral("a"));
    send(a, R"({"type":"ping"})", 1770000000250);
    QCOMPARE(lastFrame(a.socket).value(QStringLiteral("type")).toString(), QStringLiteral("pong"));
    QCOMPARE(lastFrame(a.socket).value(QStringLiteral("timestamp")).toDouble(), 1770000000.25);
}

void tst_MeshRoom::capabilitiesUpdateTellsOthers()
{
    const Member a = add(QStringLiteral("a"));
    const Member b = add(QStringLiteral("b"));
    const qsizetype aBefore = a.socket->sent.size();
    send(a, R"({"type":"capabilities_update","capabilities":["llm","vision"]})");
    QCOMPARE(a.socket->sent.size(), aBefore);
    QCOMPARE(lastFrame(b.socket),
             (QJsonObject{{"type", "peer_updated"}, {"node_id", "a"}, {"capabilities", QJsonArray{"llm", "vision"}}}));
    QCOMPARE(a.peer->capabilities(), (QStringList{"llm", "vision"}));

    send(a, R"({"type":"capabilities_update","capabilities":"llm"})");
    QCOMPARE(lastFrame(a.socket).value(QStringLiteral("type")).toString(), QStringLiteral("error"));
    QCOMPARE(a.peer->capabilities(), (QStringList{"llm", "vision"}));
}

void tst_MeshRoom::capabilitiesUpdateBeyondGrantRefusedAndNeverRouted()
{
    const Member phone = add(QStringLiteral("phone"));
    const Member intruder = add(QStringLiteral("intruder"), {QStringLiteral("participant")});
    intruder.peer->setCapabilityGrant(CapabilityGrant::limitedTo({QStringLiteral("participant")}));
    const Member mac = add(QStringLiteral("mac"), {QStringLiteral("llm")});
    mac.peer->setCapabilityGrant(CapabilityGrant::limitedTo({QStringLiteral("llm"), QStringLiteral("participant")}));

    send(intruder, R"({"type":"capabilities_update","capabilities":["llm","chat","participant"]})");
    QCOMPARE(lastFrame(intruder.socket),
             (QJsonObject{{"type", "error"}, {"message", "Capabilities not granted by your token: llm, chat"}}));
    QCOMPARE(lastFrame(phone.socket), (QJsonObject{{"type", "peer_updated"},
                                                   {"node_id", "intruder"},
                                                   {"capabilities", QJsonArray{"participant"}}}));
    QCOMPARE(intruder.peer->capabilities(), (QStringList{"participant"}));

    // Within its grant a member changes what it holds without complaint.
    const qsizetype macBefore = mac.socket->sent.size();
    send(mac, R"({"type":"capabilities_update","capabilities":["participant","llm"]})");
    QCOMPARE(mac.socket->sent.size(), macBefore);
    QCOMPARE(mac.peer->capabilities(), (QStringList{"participant", "llm"}));

    for (const char *id : {"r1", "r2", "r3"}) {
        send(phone, QByteArray(R"({"type":"llm_request","prompt":"secret","request_id":")") + id + R"("})");
        QCOMPARE(lastFrame(mac.socket).value(QStringLiteral("request_id")).toString(), QString::fromLatin1(id));
    }
    QVERIFY(!typesOf(intruder.socket).contains(QStringLiteral("llm_request")));
}

void tst_MeshRoom::malformedFramesAnsweredAndMemberStays()
{
    const Member a = add(QStringLiteral("a"));
    const auto expectError = [&](const QByteArray &data, bool text, const QString &message) {
        MeshMessageHandler::handle(*m_room, *a.peer, MeshMessages::parse(data, text), m_limits, 1000);
        m_room->settle();
        QCOMPARE(lastFrame(a.socket), (QJsonObject{{"type", "error"}, {"message", message}}));
    };
    expectError("not json", true, QStringLiteral("Invalid JSON"));
    expectError("\x00\x01", false, QStringLiteral("Binary frames are not supported"));
    expectError("[1]", true, QStringLiteral("Message must be a JSON object"));
    expectError(R"({"type":["x"]})", true, QStringLiteral("Message type missing"));
    expectError(R"({"type":"dance"})", true, QStringLiteral("Unknown message type: dance"));
    expectError(R"({"type":"join","node_id":"z"})", true, QStringLiteral("Already joined"));
    expectError(R"({"type":"llm_request","prompt":"hi"})", true,
                QStringLiteral("llm_request needs a request_id (a string of at most 128 characters)"));
    expectError(R"({"type":"llm_request","request_id":"1","prompt":5})", true, QStringLiteral("prompt must be a string"));
    expectError(R"({"type":"llm_request","request_id":"1"})", true, QStringLiteral("llm_request needs a prompt or messages"));
    expectError(R"({"type":"llm_response","request_id":"1"})", true, QStringLiteral("Unknown request_id 1"));
    QVERIFY(a.socket->open);
    QCOMPARE(m_room->member(QStringLiteral("a")), a.peer);
}

void tst_MeshRoom::llmRequestsAlternateAndCarryMessagesModelFrom()
{
    const Member phone = add(QStringLiteral("phone"));
    const Member mac = add(QStringLiteral("mac"), {QStringLiteral("llm")});
    const Member pc = add(QStringLiteral("pc"), {QStringLiteral("chat")});
    send(phone, R"({"type":"llm_request","request_id":"r1","prompt":"Why?"})");
    const QJsonObject toMac = lastFrame(mac.socket);
    QCOMPARE(toMac.value(QStringLiteral("type")).toString(), QStringLiteral("llm_request"));
    QCOMPARE(toMac.value(QStringLiteral("from")).toString(), QStringLiteral("phone"));
    QCOMPARE(toMac.value(QStringLiteral("request_id")).toString(), QStringLiteral("r1"));
    QCOMPARE(toMac.value(QStringLiteral("model")).toString(), QStringLiteral("auto"));
    QCOMPARE(toMac.value(QStringLiteral("prompt")).toString(), QStringLiteral("Why?"));
    QCOMPARE(toMac.value(QStringLiteral("messages")).toArray(),
             (QJsonArray{QJsonObject{{"role", "user"}, {"content", "Why?"}}}));

    send(phone, R"({"type":"llm_request","request_id":"r2","model":"llama3.2","messages":[{"role":"user","content":"Hi"}]})");
    const QJsonObject toPc = lastFrame(pc.socket);
    QCOMPARE(toPc.value(QStringLiteral("request_id")).toString(), QStringLiteral("r2"));
    QCOMPARE(toPc.value(QStringLiteral("model")).toString(), QStringLiteral("llama3.2"));
    QCOMPARE(toPc.value(QStringLiteral("prompt")).toString(), QStringLiteral("Hi")); // for seed-style workers

    send(phone, R"({"type":"llm_request","request_id":"r3","prompt":"again"})");
    QCOMPARE(lastFrame(mac.socket).value(QStringLiteral("request_id")).toString(), QStringLiteral("r3"));

    send(phone, R"({"type":"llm_request","request_id":"r3","prompt":"again"})");
    QCOMPARE(lastFrame(phone.socket), (QJsonObject{{"type", "error"}, {"message", "Duplicate request_id r3"}}));
}

void tst_MeshRoom::llmResponseOnlyFromAskedWorkerAndOnlyToRequester()
{
    const Member phone = add(QStringLiteral("phone"));
    const Member mac = add(QStringLiteral("mac"), {QStringLiteral("llm")});
    const Member pc = add(QStringLiteral("pc"), {QStringLiteral("llm")});
    const Member tablet = add(QStringLiteral("tablet"));
    send(phone, R"({"type":"llm_request","request_id":"r1","prompt":"Why?"})");
    QCOMPARE(lastFrame(mac.socket).value(QStringLiteral("request_id")).toString(), QStringLiteral("r1"));

    const qsizetype phoneBefore = phone.socket->sent.size();
    send(pc, R"({"type":"llm_response","target":"phone","request_id":"r1","response":"forged"})");
    QCOMPARE(phone.socket->sent.size(), phoneBefore);
    QCOMPARE(lastFrame(pc.socket), (QJsonObject{{"type", "error"}, {"message", "Unknown request_id r1"}}));

    const qsizetype tabletBefore = tablet.socket->sent.size();
    send(mac, R"({"type":"llm_response","target":"phone","request_id":"r1","response":"Because."})");
    QCOMPARE(lastFrame(phone.socket), (QJsonObject{{"type", "llm_response"},
                                                   {"from", "mac"},
                                                   {"request_id", "r1"},
                                                   {"response", "Because."},
                                                   {"error", QJsonValue::Null}}));
    QCOMPARE(tablet.socket->sent.size(), tabletBefore);
}

void tst_MeshRoom::llmWithoutCapablePeerErrorsAndBroadcastsNothing()
{
    const Member phone = add(QStringLiteral("phone"));
    const Member tablet = add(QStringLiteral("tablet"));
    const qsizetype tabletBefore = tablet.socket->sent.size();
    send(phone, R"({"type":"llm_request","request_id":"r1","prompt":"secret prompt"})");
    QCOMPARE(lastFrame(phone.socket), (QJsonObject{{"type", "llm_error"},
                                                   {"request_id", "r1"},
                                                   {"error", "No LLM-capable peer in this mesh"},
                                                   {"message", "No LLM-capable peer in this mesh"}}));
    QCOMPARE(tablet.socket->sent.size(), tabletBefore);
}

void tst_MeshRoom::llmRequestNotSentBackToRequester()
{
    const Member mac = add(QStringLiteral("mac"), {QStringLiteral("llm")});
    send(mac, R"({"type":"llm_request","request_id":"r1","prompt":"me?"})");
    QCOMPARE(lastFrame(mac.socket).value(QStringLiteral("type")).toString(), QStringLiteral("llm_error"));
}

void tst_MeshRoom::llmTimeoutErrorsRequester()
{
    const Member phone = add(QStringLiteral("phone"));
    const Member mac = add(QStringLiteral("mac"), {QStringLiteral("llm")});
    send(phone, R"({"type":"llm_request","request_id":"r1","prompt":"Why?"})", 1000);
    const qsizetype phoneBefore = phone.socket->sent.size();
    m_room->expireLlmRequests(1000 + m_limits.llmTimeoutMs - 1);
    QCOMPARE(phone.socket->sent.size(), phoneBefore);
    m_room->expireLlmRequests(1000 + m_limits.llmTimeoutMs);
    QCOMPARE(lastFrame(phone.socket).value(QStringLiteral("type")).toString(), QStringLiteral("llm_error"));
    QCOMPARE(lastFrame(phone.socket).value(QStringLiteral("error")).toString(), QStringLiteral("LLM request timed out"));
    // The late answer is refused.
    send(mac, R"({"type":"llm_response","target":"phone","request_id":"r1","response":"late"})");
    QCOMPARE(lastFrame(mac.socket).value(QStringLiteral("type")).toString(), QStringLiteral("error"));
}

void tst_MeshRoom::llmWorkerLeavingErrorsRequester()
{
    const Member phone = add(QStringLiteral("phone"));
    const Member mac = add(QStringLiteral("mac"), {QStringLiteral("llm")});
    send(phone, R"({"type":"llm_request","request_id":"r1","prompt":"Why?"})");
    m_room->remove(mac.peer);
    const QList<QJsonObject> frames = framesOf(phone.socket);
    QCOMPARE(frames.at(frames.size() - 2), (QJsonObject{{"type", "peer_left"}, {"node_id", "mac"}}));
    QCOMPARE(frames.last().value(QStringLiteral("type")).toString(), QStringLiteral("llm_error"));
    QCOMPARE(frames.last().value(QStringLiteral("error")).toString(), QStringLiteral("LLM peer left before answering"));
}

void tst_MeshRoom::slowMemberClosedOthersServed()
{
    const Member a = add(QStringLiteral("a"));
    const Member slow = add(QStringLiteral("slow"));
    const Member c = add(QStringLiteral("c"));
    slow.socket->pending = m_limits.hardPendingSendBytes; // the next frame tips it over
    send(a, R"({"type":"broadcast","payload":{"n":1}})");
    QVERIFY(!slow.socket->open);
    QCOMPARE(slow.socket->closeCode, quint16(1008));
    QCOMPARE(slow.socket->closeReason, QStringLiteral("too slow"));
    QCOMPARE(m_room->member(QStringLiteral("slow")), nullptr);
    const QList<QJsonObject> frames = framesOf(c.socket);
    QCOMPARE(frames.at(frames.size() - 2).value(QStringLiteral("type")).toString(), QStringLiteral("message"));
    QCOMPARE(frames.last(), (QJsonObject{{"type", "peer_left"}, {"node_id", "slow"}}));
    QCOMPARE(m_registry->find(QStringLiteral("mesh/m1"))->peers, (QStringList{"a", "c"}));
}

void tst_MeshRoom::backlogAboveSoftLimitClosedOnlyWhenItLasts()
{
    const Member burst = add(QStringLiteral("burst"));
    const Member stuck = add(QStringLiteral("stuck"));
    const qint64 grace = m_limits.slowPeerGraceMs;
    burst.socket->pending = m_limits.maxPendingSendBytes + 1;
    stuck.socket->pending = m_limits.maxPendingSendBytes + 1;
    m_room->closeSlowMembers(1000);
    m_room->closeSlowMembers(1000 + grace - 1);
    QVERIFY(burst.socket->open);
    QVERIFY(stuck.socket->open);
    burst.socket->drain(m_limits.maxPendingSendBytes); // it caught up in time
    m_room->closeSlowMembers(1000 + grace);
    QVERIFY(burst.socket->open);
    QVERIFY(!stuck.socket->open);
    QCOMPARE(stuck.socket->closeReason, QStringLiteral("too slow"));
    // A new backlog starts a new grace period.
    burst.socket->pending = m_limits.maxPendingSendBytes + 1;
    m_room->closeSlowMembers(1000 + grace + 1);
    m_room->closeSlowMembers(1000 + 2 * grace);
    QVERIFY(burst.socket->open);
    m_room->closeSlowMembers(1000 + 2 * grace + 1);
    QVERIFY(!burst.socket->open);
}

void tst_MeshRoom::reconnectReplacesWithoutPeerLeft()
{
    const Member a = add(QStringLiteral("a"));
    const Member old = add(QStringLiteral("phone"));
    const qsizetype aBefore = a.socket->sent.size();
    const Member fresh = add(QStringLiteral("phone"));
    QVERIFY(!old.socket->open);
    QCOMPARE(old.socket->closeCode, quint16(1000));
    QCOMPARE(old.socket->closeReason, QStringLiteral("Replaced by new connection"));
    QCOMPARE(m_room->member(QStringLiteral("phone")), fresh.peer);
    QCOMPARE(m_room->size(), 2);
    QCOMPARE(typesOf(a.socket).mid(aBefore), QStringList{"peer_joined"});
    QCOMPARE(framesOf(fresh.socket).at(0).value(QStringLiteral("node_count")).toInt(), 2);
}

void tst_MeshRoom::idleMembersClosed()
{
    const Member quiet = add(QStringLiteral("quiet"));
    const Member chatty = add(QStringLiteral("chatty"));
    quiet.peer->noteMessage(0);
    chatty.peer->noteMessage(m_limits.idleTimeoutMs);
    m_room->closeIdleMembers(m_limits.idleTimeoutMs - 1, m_limits.idleTimeoutMs);
    QVERIFY(quiet.socket->open);
    m_room->closeIdleMembers(m_limits.idleTimeoutMs, m_limits.idleTimeoutMs);
    QVERIFY(!quiet.socket->open);
    QCOMPARE(quiet.socket->closeReason, QStringLiteral("Connection timeout"));
    QVERIFY(chatty.socket->open);
    QCOMPARE(lastFrame(chatty.socket), (QJsonObject{{"type", "peer_left"}, {"node_id", "quiet"}}));
}

void tst_MeshRoom::lastMemberLeavingEndsSessionAndEmptiesRoom()
{
    QSignalSpy emptied(m_room, &MeshRoom::emptied);
    const Member a = add(QStringLiteral("a"));
    const Member b = add(QStringLiteral("b"));
    m_room->remove(a.peer);
    QCOMPARE(emptied.count(), 0);
    QVERIFY(m_registry->find(QStringLiteral("mesh/m1")));
    QCOMPARE(lastFrame(b.socket), (QJsonObject{{"type", "peer_left"}, {"node_id", "a"}}));
    m_room->remove(b.peer);
    QCOMPARE(emptied.count(), 1);
    QVERIFY(!m_registry->find(QStringLiteral("mesh/m1")));
    QCOMPARE(m_registry->totals(QStringLiteral("mesh")).active, 0);
    QCOMPARE(m_registry->totals(QStringLiteral("mesh")).started, quint64(1));
}

void tst_MeshRoom::bytesCounted()
{
    const Member a = add(QStringLiteral("a"));
    const Member b = add(QStringLiteral("b"));
    const Member c = add(QStringLiteral("c"));
    const auto sentBytes = [this] {
        qint64 total = 0;
        for (const auto &socket : m_sockets)
            for (const auto &frame : socket->sent)
                total += frame.first.size();
        return total;
    };
    const ServiceTotals before = m_registry->totals(QStringLiteral("mesh"));
    QCOMPARE(before.bytesOut, quint64(sentBytes())); // joined, peers, peer_joined
    const qint64 sentBefore = sentBytes();
    const QByteArray frame = R"({"type":"broadcast","payload":{"n":1}})";
    send(a, frame);
    const ServiceTotals after = m_registry->totals(QStringLiteral("mesh"));
    QCOMPARE(after.bytesIn - before.bytesIn, quint64(frame.size()));
    QCOMPARE(qint64(after.bytesOut - before.bytesOut), sentBytes() - sentBefore);
    QVERIFY(after.bytesOut - before.bytesOut > 0);
    Q_UNUSED(b);
    Q_UNUSED(c);
}

QTEST_GUILESS_MAIN(tst_MeshRoom)
#include "tst_meshroom.moc"

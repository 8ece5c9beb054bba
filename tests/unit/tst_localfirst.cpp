// Unit tests for the localfirst msgpack frames and the introduction bookkeeping.
#include "localfirst/introductionhub.h"
#include "localfirst/localfirstmessages.h"

#include <msgpack.hpp>

#include <QtTest>

namespace {
// Packs a map the way a client does.

QByteArray joinFrame(const char *type, const std::vector<std::string> &ids)
{
    msgpack::sbuffer buffer;
    msgpack::packer<msgpack::sbuffer> p(buffer);
    p.pack_map(2);
    p.pack(std::string("type"));
    p.pack(std::string(type));
    p.pack(std::string("documentIds"));
    p.pack(ids);
    return QByteArray(buffer.data(), qsizetype(buffer.size()));
}
} // namespace

using LocalfirstMessages::ClientMessage;

class TestLocalfirst : public QObject
{
    Q_OBJECT
private slots:
    void decodesJoinAndLeaveDeduplicated()
    {
        const ClientMessage join = LocalfirstMessages::decode(joinFrame("Join", {"a", "b", "a"}));
        QCOMPARE(join.kind, ClientMessage::Kind::Join);
        QCOMPARE(join.documentIds, QStringList({"a", "b"}));
        const ClientMessage leave = LocalfirstMessages::decode(joinFrame("Leave", {"b"}));
        QCOMPARE(leave.kind, ClientMessage::Kind::Leave);
        QCOMPARE(leave.documentIds, QStringList({"b"}));
    }

    void heartbeatsAreOther()
    {
        msgpack::sbuffer buffer;
        msgpack::packer<msgpack::sbuffer> p(buffer);
        p.pack_map(1);
        p.pack(std::string("type"));
        p.pack(std::string("Heartbeat"));
        QCOMPARE(LocalfirstMessages::decode(QByteArray(buffer.data(), qsizetype(buffer.size()))).kind, ClientMessage::Kind::Other);
    }

    void malformedFramesNeverThrow_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::newRow("lone nil") << QByteArray("\xc0", 1);
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("truncated map") << QByteArray("\x82\xa4type", 6);
        QTest::newRow("garbage") << QByteArray("\xff\xfe\xfd\x00", 4);
        QTest::newRow("json text") << QByteArray(R"({"type":"Join","documentIds":["a"]})");
        QTest::newRow("array of a billion") << QByteArray("\xdd\x40\x00\x00\x00", 5);
        msgpack::sbuffer noIds;
        msgpack::packer<msgpack::sbuffer> p(noIds);
        p.pack_map(1);
        p.pack(std::string("type"));
        p.pack(std::string("Leave"));
        QTest::newRow("leave without ids") << QByteArray(noIds.data(), qsizetype(noIds.size()));
        msgpack::sbuffer numbers;
        msgpack::packer<msgpack::sbuffer> q(numbers);
        q.pack_map(2);
        q.pack(std::string("type"));
        q.pack(std::string("Join"));
        q.pack(std::string("documentIds"));
        q.pack(std::vector<int>{1, 2});
        QTest::newRow("ids not strings") << QByteArray(numbers.data(), qsizetype(numbers.size()));
    }

    void malformedFramesNeverThrow()
    {
        QFETCH(QByteArray, frame);
        QCOMPARE(LocalfirstMessages::decode(frame).kind, ClientMessage::Kind::Malformed);
    }

    void introductionEncodesTheThreeFields()
    {
        const QByteArray bytes = LocalfirstMessages::encodeIntroduction("bob", {"d1", "d2"});
        const msgpack::object_handle handle = msgpack::unpack(bytes.constData(), size_t(bytes.size()));
        const auto map = handle.get().as<std::map<std::string, msgpack::object>>();
        QCOMPARE(map.at("type").as<std::string>(), std::string("Introduction"));
        QCOMPARE(map.at("peerId").as<std::string>(), std::string("bob"));
        QCOMPARE(map.at("documentIds").as<std::vector<std::string>>(), (std::vector<std::string>{"d1", "d2"}));
    }

    void joinIntroducesOverlappingPairsJoinerFirst()
    {
        IntroductionHub hub;
        hub.addPeer("alice");
        hub.addPeer("bob");
        hub.addPeer("carol");
        QVERIFY(hub.join("alice", {"d1", "d2"}).isEmpty());
        QVERIFY(hub.join("carol", {"d9"}).isEmpty());
        const auto intros = hub.join("bob", {"d2", "d3"});
        QCOMPARE(intros.size(), 2);
        QCOMPARE(intros[0].recipient, QString("bob"));
        QCOMPARE(intros[0].aboutPeer, QString("alice"));
        QCOMPARE(intros[0].documentIds, QStringList({"d2"}));
        QCOMPARE(intros[1].recipient, QString("alice"));
        QCOMPARE(intros[1].aboutPeer, QString("bob"));
    }

    void everyJoinReintroducesOverFullSets()
    {
        IntroductionHub hub;
        hub.addPeer("alice");
        hub.addPeer("bob");
        hub.join("alice", {"d1", "d2"});
        hub.join("bob", {"d1"});
        const auto again = hub.join("bob", {"d2"});
        QCOMPARE(again.size(), 2);
        QCOMPARE(again[0].documentIds, QStringList({"d1", "d2"}));
    }

    void leaveStopsIntroductionsSilently()
    {
        IntroductionHub hub;
        hub.addPeer("alice");
        hub.addPeer("bob");
        hub.join("alice", {"d1"});
        hub.leave("alice", {"d1"});
        QVERIFY(hub.join("bob", {"d1"}).isEmpty());
        QVERIFY(hub.documentsOf("alice").isEmpty());
    }

    void removedPeerIsNoLongerIntroduced()
    {
        IntroductionHub hub;
        hub.addPeer("alice");
        hub.addPeer("bob");
        hub.join("alice", {"d1"});
        hub.removePeer("alice");
        QVERIFY(hub.join("bob", {"d1"}).isEmpty());
        QVERIFY(!hub.hasPeer("alice"));
    }

    void aPeersSetIsBounded()
    {
        IntroductionHub hub;
        hub.addPeer("alice");
        QStringList many;
        for (int i = 0; i < IntroductionHub::kMaxDocumentsPerPeer + 50; ++i)
            many << QString::number(i);
        hub.join("alice", many);
        QCOMPARE(hub.documentsOf("alice").size(), IntroductionHub::kMaxDocumentsPerPeer);
    }
};

QTEST_GUILESS_MAIN(TestLocalfirst)
#include "tst_localfirst.moc"

// Gossipsub control as the relay reads and writes it: GRAFT/PRUNE topics out of a
// ControlMessage (IHAVE/IWANT read past), the entry bound, and the RPC the relay sends
// (subscriptions, GRAFT, PRUNE with the 60 s backoff on /meshsub/1.1.0 only).
#include "libp2p/multistream/lengthprefixed.h"
#include "libp2p/proto/pubsub.pb.h"
#include "libp2p/pubsub/meshsubcontrol.h"

#include <QTest>

namespace MeshsubControl = Libp2p::Pubsub::MeshsubControl;
using namespace Libp2p::PubsubProto;

class TstLibp2pMeshsubControl : public QObject
{
    Q_OBJECT
private slots:
    void parsesGraftsAndPrunes()
    {
        ControlMessage control;
        control.add_graft()->set_topicid("a");
        control.add_prune()->set_topicid("b");
        control.add_graft()->set_topicid("c");
        auto *ihave = control.add_ihave();
        ihave->set_topicid("a");
        ihave->add_messageids("id");
        control.add_iwant()->add_messageids("id");
        const QByteArray bytes = QByteArray::fromStdString(control.SerializeAsString());
        const auto received = MeshsubControl::parse(bytes, 3);
        QVERIFY(received);
        QCOMPARE(received->grafts, (QStringList{"a", "c"}));
        QCOMPARE(received->prunes, QStringList{"b"});
        QVERIFY(!MeshsubControl::parse(bytes, 2)); // three entries, two allowed
        QVERIFY(!MeshsubControl::parse(QByteArray::fromHex("1a05"), 3)); // truncated GRAFT
    }

    void buildsSubscriptionsGraftsAndPrunes()
    {
        ControlRPC rpc;
        QVERIFY(Libp2p::LengthPrefixed::parse(MeshsubControl::rpc({"t"}, {"t"}, {"x"}, true), &rpc));
        QCOMPARE(rpc.subscriptions_size(), 1);
        QVERIFY(rpc.subscriptions(0).subscribe());
        QCOMPARE(rpc.subscriptions(0).topic(), "t");
        QCOMPARE(rpc.control().graft_size(), 1);
        QCOMPARE(rpc.control().graft(0).topicid(), "t");
        QCOMPARE(rpc.control().prune_size(), 1);
        QCOMPARE(rpc.control().prune(0).topicid(), "x");
        QCOMPARE(rpc.control().prune(0).backoff(), MeshsubControl::PruneBackoffSeconds);

        ControlRPC v10;
        QVERIFY(Libp2p::LengthPrefixed::parse(MeshsubControl::rpc({}, {}, {"x"}, false), &v10));
        QVERIFY(!v10.control().prune(0).has_backoff());
        // Nothing to say: no control field at all (floodsub peers get exactly this shape).
        ControlRPC plain;
        QVERIFY(Libp2p::LengthPrefixed::parse(MeshsubControl::rpc({"t"}, {}, {}, true), &plain));
        QVERIFY(!plain.has_control());
    }
};

QTEST_GUILESS_MAIN(TstLibp2pMeshsubControl)
#include "tst_libp2p_meshsubcontrol.moc"

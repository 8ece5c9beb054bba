// Unit tests for LlmRequestRouter: which held capabilities make a peer a worker, fair choice among
// capable peers, responses accepted only from the peer asked, timeouts, and clean-up when either
// side leaves.
#include "mesh/llmrequestrouter.h"

#include <QtTest>

class tst_LlmRequestRouter : public QObject
{
    Q_OBJECT

private slots:
    void noCandidateNoAssignment();
    void alternatesBetweenTwoPeers();
    void rotatesFairlyAmongThree();
    void newcomerIsAskedFirst();
    void fairnessHoldsWhenCandidatesChange();
    void responseOnlyFromTheAskedWorker();
    void responseWithWrongTargetRejected();
    void responseWithoutTargetNeedsAnUnambiguousId();
    void sameIdFromTwoRequestersKeptApart();
    void expiresAtDeadline();
    void workerLeavingOrphansItsRequests();
    void requesterLeavingDropsItsRequests();
    void countsPendingPerRequester();
    void onlyLlmOrChatCanAnswer();
};

void tst_LlmRequestRouter::noCandidateNoAssignment()
{
    LlmRequestRouter router;
    QVERIFY(!router.assign(QStringLiteral("phone"), QStringLiteral("r1"), {}, 0, 1000));
    QCOMPARE(router.pendingCount(), 0);
}

void tst_LlmRequestRouter::alternatesBetweenTwoPeers()
{
    LlmRequestRouter router;
    const QStringList workers{QStringLiteral("mac"), QStringLiteral("pc")};
    QStringList chosen;
    for (int i = 0; i < 6; ++i)
        chosen << *router.assign(QStringLiteral("phone"), QString::number(i), workers, 0, 1000);
    QCOMPARE(chosen, (QStringList{"mac", "pc", "mac", "pc", "mac", "pc"}));
}

void tst_LlmRequestRouter::rotatesFairlyAmongThree()
{
    LlmRequestRouter router;
    const QStringList workers{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")};
    QHash<QString, int> counts;
    for (int i = 0; i < 30; ++i)
        ++counts[*router.assign(QStringLiteral("phone"), QString::number(i), workers, 0, 1000)];
    QCOMPARE(counts.value(QStringLiteral("a")), 10);
    QCOMPARE(counts.value(QStringLiteral("b")), 10);
    QCOMPARE(counts.value(QStringLiteral("c")), 10);
}

void tst_LlmRequestRouter::newcomerIsAskedFirst()
{
    LlmRequestRouter router;
    router.assign(QStringLiteral("phone"), QStringLiteral("1"), {QStringLiteral("mac")}, 0, 1000);
    router.assign(QStringLiteral("phone"), QStringLiteral("2"), {QStringLiteral("mac")}, 0, 1000);
    QCOMPARE(*router.assign(QStringLiteral("phone"), QStringLiteral("3"), {QStringLiteral("mac"), QStringLiteral("pc")}, 0, 1000),
             QStringLiteral("pc"));
}

void tst_LlmRequestRouter::fairnessHoldsWhenCandidatesChange()
{
    // The first capable peer is not favoured just for being first (the original's behaviour).
    LlmRequestRouter router;
    const QString a = QStringLiteral("a"), b = QStringLiteral("b"), c = QStringLiteral("c");
    QCOMPARE(*router.assign(QStringLiteral("p"), QStringLiteral("1"), {a, b}, 0, 1000), a);
    QCOMPARE(*router.assign(QStringLiteral("p"), QStringLiteral("2"), {a, b, c}, 0, 1000), b);
    QCOMPARE(*router.assign(QStringLiteral("p"), QStringLiteral("3"), {a, b, c}, 0, 1000), c);
    QCOMPARE(*router.assign(QStringLiteral("p"), QStringLiteral("4"), {b, c}, 0, 1000), b);
    QCOMPARE(*router.assign(QStringLiteral("p"), QStringLiteral("5"), {a, b, c}, 0, 1000), a);
}

void tst_LlmRequestRouter::responseOnlyFromTheAskedWorker()
{
    LlmRequestRouter router;
    const QString worker = *router.assign(QStringLiteral("phone"), QStringLiteral("r1"),
                                          {QStringLiteral("mac"), QStringLiteral("pc")}, 0, 1000);
    QCOMPARE(worker, QStringLiteral("mac"));
    QVERIFY(!router.takeResponse(QStringLiteral("pc"), QStringLiteral("r1"), QStringLiteral("phone")));
    QVERIFY(router.isPending(QStringLiteral("phone"), QStringLiteral("r1"))); // the impostor changed nothing
    const auto request = router.takeResponse(QStringLiteral("mac"), QStringLiteral("r1"), QStringLiteral("phone"));
    QVERIFY(request);
    QCOMPARE(request->requester, QStringLiteral("phone"));
    QVERIFY(!router.isPending(QStringLiteral("phone"), QStringLiteral("r1")));
    QVERIFY(!router.takeResponse(QStringLiteral("mac"), QStringLiteral("r1"), QStringLiteral("phone"))); // answered once
}

void tst_LlmRequestRouter::responseWithWrongTargetRejected()
{
    LlmRequestRouter router;
    router.assign(QStringLiteral("phone"), QStringLiteral("r1"), {QStringLiteral("mac")}, 0, 1000);
    QVERIFY(!router.takeResponse(QStringLiteral("mac"), QStringLiteral("r1"), QStringLiteral("tablet")));
    QVERIFY(router.isPending(QStringLiteral("phone"), QStringLiteral("r1")));
}

void tst_LlmRequestRouter::responseWithoutTargetNeedsAnUnambiguousId()
{
    LlmRequestRouter router;
    router.assign(QStringLiteral("phone"), QStringLiteral("r1"), {QStringLiteral("mac")}, 0, 1000);
    QCOMPARE(router.takeResponse(QStringLiteral("mac"), QStringLiteral("r1"), QString())->requester, QStringLiteral("phone"));

    router.assign(QStringLiteral("phone"), QStringLiteral("r2"), {QStringLiteral("mac")}, 0, 1000);
    router.assign(QStringLiteral("tablet"), QStringLiteral("r2"), {QStringLiteral("mac")}, 0, 1000);
    QVERIFY(!router.takeResponse(QStringLiteral("mac"), QStringLiteral("r2"), QString()));
    QCOMPARE(router.pendingCount(), 2);
}

void tst_LlmRequestRouter::sameIdFromTwoRequestersKeptApart()
{
    LlmRequestRouter router;
    router.assign(QStringLiteral("phone"), QStringLiteral("1"), {QStringLiteral("mac")}, 0, 1000);
    router.assign(QStringLiteral("tablet"), QStringLiteral("1"), {QStringLiteral("mac")}, 0, 1000);
    QCOMPARE(router.takeResponse(QStringLiteral("mac"), QStringLiteral("1"), QStringLiteral("tablet"))->requester,
             QStringLiteral("tablet"));
    QVERIFY(router.isPending(QStringLiteral("phone"), QStringLiteral("1")));
}

void tst_LlmRequestRouter::expiresAtDeadline()
{
    LlmRequestRouter router;
    router.assign(QStringLiteral("phone"), QStringLiteral("r1"), {QStringLiteral("mac")}, 1000, 500);
    router.assign(QStringLiteral("phone"), QStringLiteral("r2"), {QStringLiteral("mac")}, 1200, 500);
    QVERIFY(router.takeExpired(1499).isEmpty());
    const auto expired = router.takeExpired(1500);
    QCOMPARE(expired.size(), 1);
    QCOMPARE(expired.first().requestId, QStringLiteral("r1"));
    QVERIFY(!router.takeResponse(QStringLiteral("mac"), QStringLiteral("r1"), QStringLiteral("phone"))); // forgotten
    QCOMPARE(router.pendingCount(), 1);
}

void tst_LlmRequestRouter::workerLeavingOrphansItsRequests()
{
    LlmRequestRouter router;
    router.assign(QStringLiteral("phone"), QStringLiteral("r1"), {QStringLiteral("mac")}, 0, 1000);
    router.assign(QStringLiteral("tablet"), QStringLiteral("r2"), {QStringLiteral("pc")}, 0, 1000);
    const auto orphans = router.takeOrphanedBy(QStringLiteral("mac"));
    QCOMPARE(orphans.size(), 1);
    QCOMPARE(orphans.first().requester, QStringLiteral("phone"));
    QCOMPARE(router.pendingCount(), 1);
}

void tst_LlmRequestRouter::requesterLeavingDropsItsRequests()
{
    LlmRequestRouter router;
    router.assign(QStringLiteral("phone"), QStringLiteral("r1"), {QStringLiteral("mac")}, 0, 1000);
    QVERIFY(router.takeOrphanedBy(QStringLiteral("phone")).isEmpty()); // nobody to tell
    QCOMPARE(router.pendingCount(), 0);
    QVERIFY(!router.takeResponse(QStringLiteral("mac"), QStringLiteral("r1"), QStringLiteral("phone")));
}

void tst_LlmRequestRouter::countsPendingPerRequester()
{
    LlmRequestRouter router;
    router.assign(QStringLiteral("phone"), QStringLiteral("1"), {QStringLiteral("mac")}, 0, 1000);
    router.assign(QStringLiteral("phone"), QStringLiteral("2"), {QStringLiteral("mac")}, 0, 1000);
    router.assign(QStringLiteral("tablet"), QStringLiteral("1"), {QStringLiteral("mac")}, 0, 1000);
    QCOMPARE(router.pendingCountFor(QStringLiteral("phone")), 2);
    QCOMPARE(router.pendingCountFor(QStringLiteral("tablet")), 1);
    QCOMPARE(router.pendingCountFor(QStringLiteral("mac")), 0);
}

void tst_LlmRequestRouter::onlyLlmOrChatCanAnswer()
{
    QVERIFY(LlmRequestRouter::canAnswer({QStringLiteral("llm")}));
    QVERIFY(LlmRequestRouter::canAnswer({QStringLiteral("participant"), QStringLiteral("chat")}));
    QVERIFY(!LlmRequestRouter::canAnswer({QStringLiteral("participant")}));
    QVERIFY(!LlmRequestRouter::canAnswer({}));
    QVERIFY(!LlmRequestRouter::canAnswer({QStringLiteral("LLM"), QStringLiteral("llm-proxy")}));
}

QTEST_GUILESS_MAIN(tst_LlmRequestRouter)
#include "tst_meshllmrouter.moc"

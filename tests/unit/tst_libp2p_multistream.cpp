// Unit tests for Libp2p::MultistreamNegotiator (multistream-select 1.0), both roles.
#include "fakeendpoint.h"
#include "libp2p/multistream/multistreamnegotiator.h"
#include "libp2p_memorypipe.h"

#include <QSignalSpy>
#include <QtTest>

using namespace Libp2p;

namespace {
// One multistream message: length (including '\n'), text, '\n'. Short lines only.
QByteArray line(const QByteArray &text)
{
    return char(text.size() + 1) + text + '\n';
}
const QByteArray Header = line("/multistream/1.0.0");

QByteArray allSent(const FakeEndpoint &endpoint)
{
    QByteArray bytes;
    for (const auto &message : endpoint.sent)
        bytes += message.first;
    return bytes;
}
} // namespace

class TestLibp2pMultistream : public QObject
{
    Q_OBJECT

    using Role = MultistreamNegotiator::Role;

    struct Outcome
    {
        explicit Outcome(MultistreamNegotiator *negotiator)
            : negotiated(negotiator, &MultistreamNegotiator::negotiated),
              failed(negotiator, &MultistreamNegotiator::failed)
        {
        }
        QSignalSpy negotiated;
        QSignalSpy failed;
        QString protocol() const { return negotiated.isEmpty() ? QString() : negotiated.first().at(0).toString(); }
        QByteArray leftover() const { return negotiated.isEmpty() ? QByteArray() : negotiated.first().at(1).toByteArray(); }
        QString reason() const { return failed.isEmpty() ? QString() : failed.first().at(0).toString(); }
    };

private slots:
    void encodesLinesWithTheirLength()
    {
        QCOMPARE(MultistreamNegotiator::encodeLine(QStringLiteral("na")), QByteArray::fromHex("036e610a"));
        QCOMPARE(MultistreamNegotiator::encodeLine(QStringLiteral("/multistream/1.0.0")),
                 QByteArray("\x13/multistream/1.0.0\n"));
        QCOMPARE(MultistreamNegotiator::encodeLine(QString(200, QLatin1Char('a'))).left(2), QByteArray::fromHex("c901"));
    }

    void listenerAnswersHeaderAndProposalInOneWrite()
    {
        FakeEndpoint endpoint("listener");
        auto *negotiator = new MultistreamNegotiator(Role::Listener, &endpoint, {"/noise", "/tls/1.0.0"});
        Outcome outcome(negotiator);
        negotiator->start();
        QVERIFY(endpoint.sent.isEmpty()); // the listener speaks only after hearing the header
        endpoint.deliver(Header + line("/noise"));
        QCOMPARE(outcome.protocol(), QStringLiteral("/noise"));
        QCOMPARE(outcome.leftover(), QByteArray());
        QCOMPARE(endpoint.sent.size(), 1);
        QCOMPARE(endpoint.sent[0].first, Header + line("/noise"));
        QVERIFY(outcome.failed.isEmpty());
    }

    void listenerHandlesBytesArrivingOneAtATime()
    {
        FakeEndpoint endpoint("listener");
        auto *negotiator = new MultistreamNegotiator(Role::Listener, &endpoint, {"/noise"});
        Outcome outcome(negotiator);
        negotiator->start();
        const QByteArray input = Header + line("/yamux/1.0.0") + line("/noise") + "after";
        for (const char byte : input)
            endpoint.deliver(QByteArray(1, byte));
        QCOMPARE(outcome.protocol(), QStringLiteral("/noise"));
        // "after" came in single bytes after negotiation ended: none of it was taken.
        QCOMPARE(outcome.leftover(), QByteArray());
        QCOMPARE(allSent(endpoint), Header + line("na") + line("/noise"));
    }

    void listenerSaysNaToUnknownProtocolsThenAccepts()
    {
        FakeEndpoint endpoint("listener");
        auto *negotiator = new MultistreamNegotiator(Role::Listener, &endpoint, {"/noise"});
        Outcome outcome(negotiator);
        negotiator->start();
        endpoint.deliver(Header + line("/tls/1.0.0"));
        QCOMPARE(allSent(endpoint), Header + line("na"));
        QVERIFY(outcome.negotiated.isEmpty());
        endpoint.deliver(line("/noise"));
        QCOMPARE(outcome.protocol(), QStringLiteral("/noise"));
        QCOMPARE(allSent(endpoint), Header + line("na") + line("/noise"));
    }

    void listenerAnswersLs()
    {
        FakeEndpoint endpoint("listener");
        auto *negotiator = new MultistreamNegotiator(Role::Listener, &endpoint, {"/a", "/bc"});
        Outcome outcome(negotiator);
        negotiator->start();
        endpoint.deliver(Header + line("ls"));
        const QByteArray list = line("/a") + line("/bc") + "\n";
        QCOMPARE(allSent(endpoint), Header + char(list.size()) + list);
        QVERIFY(outcome.negotiated.isEmpty() && outcome.failed.isEmpty());
        delete negotiator; // still waiting for a proposal: it would only delete itself when done
    }

    void bytesAfterTheFinalLineAreHandedOn()
    {
        FakeEndpoint endpoint("listener");
        auto *negotiator = new MultistreamNegotiator(Role::Listener, &endpoint, {"/noise"});
        Outcome outcome(negotiator);
        negotiator->start();
        const QByteArray noiseHello = QByteArray::fromHex("0020") + QByteArray(32, 'e');
        endpoint.deliver(Header + line("/noise") + noiseHello);
        QCOMPARE(outcome.protocol(), QStringLiteral("/noise"));
        QCOMPARE(outcome.leftover(), noiseHello);
        // The negotiator let go of the endpoint: later bytes are not answered.
        endpoint.deliver(line("/other"));
        QCOMPARE(endpoint.sent.size(), 1);
    }

    void bytesGivenToStartAreProcessedFirst()
    {
        FakeEndpoint endpoint("listener");
        auto *negotiator = new MultistreamNegotiator(Role::Listener, &endpoint, {"/noise"});
        Outcome outcome(negotiator);
        negotiator->start(Header + line("/noise") + "x");
        QCOMPARE(outcome.protocol(), QStringLiteral("/noise"));
        QCOMPARE(outcome.leftover(), QByteArray("x"));
    }

    void oversizeLineFailsBeforeItsBodyArrives()
    {
        FakeEndpoint endpoint("listener");
        auto *negotiator = new MultistreamNegotiator(Role::Listener, &endpoint, {"/noise"});
        Outcome outcome(negotiator);
        negotiator->start();
        endpoint.deliver(Header + QByteArray::fromHex("8108")); // declares 1025 bytes
        QCOMPARE(outcome.failed.size(), 1);
        QVERIFY(outcome.reason().contains(QLatin1String("longer than 1024")));
    }

    void aLineOfExactly1024BytesIsAccepted()
    {
        FakeEndpoint endpoint("listener");
        const QString longName = QLatin1Char('/') + QString(1022, QLatin1Char('p'));
        auto *negotiator = new MultistreamNegotiator(Role::Listener, &endpoint, {longName});
        Outcome outcome(negotiator);
        negotiator->start();
        endpoint.deliver(Header + MultistreamNegotiator::encodeLine(longName));
        QCOMPARE(outcome.protocol(), longName);
    }

    void wrongHeaderOrMissingNewlineFails()
    {
        {
            FakeEndpoint endpoint("listener");
            auto *negotiator = new MultistreamNegotiator(Role::Listener, &endpoint, {"/noise"});
            Outcome outcome(negotiator);
            negotiator->start();
            endpoint.deliver(line("/multistream/2.0.0"));
            QCOMPARE(outcome.failed.size(), 1);
            QVERIFY(outcome.reason().contains(QLatin1String("/multistream/2.0.0")));
            QVERIFY(endpoint.sent.isEmpty());
        }
        {
            FakeEndpoint endpoint("listener");
            auto *negotiator = new MultistreamNegotiator(Role::Listener, &endpoint, {"/noise"});
            Outcome outcome(negotiator);
            negotiator->start();
            endpoint.deliver(QByteArray("\x13/multistream/1.0.0X"));
            QCOMPARE(outcome.failed.size(), 1);
        }
    }

    void listenerGivesUpAfterTooManyRejectedProposals()
    {
        FakeEndpoint endpoint("listener");
        MultistreamNegotiator::Limits limits;
        limits.maxRejectedProposals = 3;
        auto *negotiator = new MultistreamNegotiator(Role::Listener, &endpoint, {"/noise"}, limits);
        Outcome outcome(negotiator);
        negotiator->start();
        endpoint.deliver(Header + line("/a") + line("/b") + line("/c"));
        QVERIFY(outcome.failed.isEmpty());
        endpoint.deliver(line("/d"));
        QCOMPARE(outcome.failed.size(), 1);
        // Every proposal still got its answer before the negotiator gave up.
        QCOMPARE(allSent(endpoint), Header + line("na").repeated(4));
    }

    void dialerProposesHeaderAndFirstProtocolTogetherAndFallsBack()
    {
        FakeEndpoint endpoint("dialer");
        auto *negotiator = new MultistreamNegotiator(Role::Dialer, &endpoint, {"/tls/1.0.0", "/noise"});
        Outcome outcome(negotiator);
        negotiator->start();
        QCOMPARE(endpoint.sent.size(), 1);
        QCOMPARE(endpoint.sent[0].first, Header + line("/tls/1.0.0"));
        endpoint.deliver(Header + line("na"));
        QCOMPARE(endpoint.sent.size(), 2);
        QCOMPARE(endpoint.sent[1].first, line("/noise"));
        endpoint.deliver(line("/noise") + "first bytes");
        QCOMPARE(outcome.protocol(), QStringLiteral("/noise"));
        QCOMPARE(outcome.leftover(), QByteArray("first bytes"));
    }

    void dialerFailsWhenEverythingIsRefusedOrTheAnswerIsOdd()
    {
        {
            FakeEndpoint endpoint("dialer");
            auto *negotiator = new MultistreamNegotiator(Role::Dialer, &endpoint, {"/a", "/b"});
            Outcome outcome(negotiator);
            negotiator->start();
            endpoint.deliver(Header + line("na") + line("na"));
            QCOMPARE(outcome.failed.size(), 1);
            QVERIFY(outcome.reason().contains(QLatin1String("none of /a, /b")));
        }
        {
            FakeEndpoint endpoint("dialer");
            auto *negotiator = new MultistreamNegotiator(Role::Dialer, &endpoint, {"/a"});
            Outcome outcome(negotiator);
            negotiator->start();
            endpoint.deliver(Header + line("/b"));
            QCOMPARE(outcome.failed.size(), 1);
        }
        {
            FakeEndpoint endpoint("dialer");
            auto *negotiator = new MultistreamNegotiator(Role::Dialer, &endpoint, {});
            Outcome outcome(negotiator);
            negotiator->start();
            QCOMPARE(outcome.failed.size(), 1);
            QVERIFY(endpoint.sent.isEmpty());
        }
    }

    void closeOrEndOfInputDuringNegotiationFails()
    {
        {
            FakeEndpoint endpoint("listener");
            auto *negotiator = new MultistreamNegotiator(Role::Listener, &endpoint, {"/noise"});
            Outcome outcome(negotiator);
            negotiator->start();
            endpoint.deliver(Header);
            endpoint.peerCloses(1006, QStringLiteral("gone"));
            QCOMPARE(outcome.failed.size(), 1);
            QVERIFY(outcome.reason().contains(QLatin1String("closed")));
        }
        {
            FakeEndpoint endpoint("listener");
            auto *negotiator = new MultistreamNegotiator(Role::Listener, &endpoint, {"/noise"});
            Outcome outcome(negotiator);
            negotiator->start();
            endpoint.peerFinishes();
            QCOMPARE(outcome.failed.size(), 1);
        }
        {
            FakeEndpoint endpoint("listener");
            endpoint.open = false;
            auto *negotiator = new MultistreamNegotiator(Role::Listener, &endpoint, {"/noise"});
            Outcome outcome(negotiator);
            negotiator->start();
            QCOMPARE(outcome.failed.size(), 1);
        }
    }

    void silentPeerTimesOut()
    {
        FakeEndpoint endpoint("listener");
        MultistreamNegotiator::Limits limits;
        limits.timeoutMs = 20;
        QPointer<MultistreamNegotiator> negotiator = new MultistreamNegotiator(Role::Listener, &endpoint, {"/noise"}, limits);
        Outcome outcome(negotiator);
        negotiator->start();
        QVERIFY(outcome.failed.wait(5000));
        QVERIFY(outcome.reason().contains(QLatin1String("timed out")));
        QTRY_VERIFY_WITH_TIMEOUT(!negotiator, 5000); // it deletes itself
    }

    void dialerAndListenerAgreeOverAStreamCutIntoSingleBytes()
    {
        InMemoryPipe pipe;
        pipe.left->chunkBytes = 1;
        pipe.right->chunkBytes = 1;
        auto *dialer = new MultistreamNegotiator(Role::Dialer, pipe.left, {"/yamux/2.0.0", "/yamux/1.0.0"});
        auto *listener = new MultistreamNegotiator(Role::Listener, pipe.right, {"/mplex/6.7.0", "/yamux/1.0.0"});
        Outcome dialed(dialer);
        Outcome listened(listener);
        // The dialer's first protocol bytes go out as soon as it knows; the listener must keep them.
        QByteArray listenerGot;
        connect(listener, &MultistreamNegotiator::negotiated, this,
                [&](const QString &, const QByteArray &leftover) {
                    listenerGot += leftover;
                    connect(pipe.right, &PipeEndpoint::received, this,
                            [&](const QByteArray &data, bool) { listenerGot += data; });
                });
        connect(dialer, &MultistreamNegotiator::negotiated, this,
                [&](const QString &, const QByteArray &) { pipe.left->send("hello over yamux", false); });
        listener->start();
        dialer->start();
        QTRY_COMPARE_WITH_TIMEOUT(listenerGot, QByteArray("hello over yamux"), 5000);
        QCOMPARE(dialed.protocol(), QStringLiteral("/yamux/1.0.0"));
        QCOMPARE(listened.protocol(), QStringLiteral("/yamux/1.0.0"));
        QCOMPARE(pipe.left->sentBytes, Header + line("/yamux/2.0.0") + line("/yamux/1.0.0") + "hello over yamux");
        QCOMPARE(pipe.right->sentBytes, Header + line("na") + line("/yamux/1.0.0"));
    }
};

QTEST_GUILESS_MAIN(TestLibp2pMultistream)
#include "tst_libp2p_multistream.moc"

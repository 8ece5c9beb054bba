// FramedLinkEndpoint over a real loopback TCP connection: data both ways, a half-close that
// leaves the other direction working, a clean end once both FINs crossed, a link that drops
// before that taken for a reset, and a frame over the limit refused.
#include "net/link/framedlinkendpoint.h"

#include <QPointer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QtEndian>

namespace {

// The two ends of one loopback connection.
struct SocketPair
{
    QTcpSocket *dialed = nullptr;
    QTcpSocket *accepted = nullptr;
};

SocketPair connectedPair(QTcpServer &server)
{
    SocketPair pair;
    pair.dialed = new QTcpSocket;
    pair.dialed->connectToHost(QHostAddress::LocalHost, server.serverPort());
    if (!server.waitForNewConnection(5000) || !pair.dialed->waitForConnected(5000))
        return {};
    pair.accepted = server.nextPendingConnection();
    pair.accepted->setParent(nullptr);
    return pair;
}

// What one endpoint delivered.
struct Received
{
    QByteArray bytes;
    bool finished = false;
    int closedCode = -1;
};

void record(FramedLinkEndpoint *endpoint, Received *into)
{
    QObject::connect(endpoint, &PipeEndpoint::received, endpoint,
                     [into](const QByteArray &data, bool) { into->bytes += data; });
    QObject::connect(endpoint, &PipeEndpoint::readFinished, endpoint, [into] { into->finished = true; });
    QObject::connect(endpoint, &PipeEndpoint::closed, endpoint,
                     [into](quint16 code, const QString &) { into->closedCode = code; });
}

QByteArray pattern(qsizetype size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    for (qsizetype i = 0; i < size; ++i)
        bytes[i] = char((i * 7 + i / 251) & 0xff);
    return bytes;
}

} // namespace

class TestFramedLinkEndpoint : public QObject
{
    Q_OBJECT

private:
    QTcpServer m_server;

private slots:
    void initTestCase() { QVERIFY(m_server.listen(QHostAddress::LocalHost)); }

    void bytesBothWaysThenHalfCloseThenCleanEnd()
    {
        const SocketPair pair = connectedPair(m_server);
        QVERIFY(pair.dialed && pair.accepted);
        // Bytes already read past a status line are the start of the stream.
        QByteArray early(4, Qt::Uninitialized);
        qToBigEndian<quint32>(3, early.data());
        early += "abc";
        QPointer<FramedLinkEndpoint> left = new FramedLinkEndpoint(pair.dialed, early, QStringLiteral("left"));
        QPointer<FramedLinkEndpoint> right = new FramedLinkEndpoint(pair.accepted, {}, QStringLiteral("right"));
        Received atLeft;
        Received atRight;
        record(left, &atLeft);
        record(right, &atRight);
        left->start();
        right->start();

        const QByteArray big = pattern(FramedLinkEndpoint::kMaxFrameBytes * 3 + 17); // split into 4 frames
        left->send(big);
        right->send("hello");
        QTRY_COMPARE(atRight.bytes.size(), big.size());
        QCOMPARE(atRight.bytes, big);
        QTRY_COMPARE(atLeft.bytes, QByteArray("abchello"));

        // Left is done writing; right still sends, and left still reads.
        left->finishWriting();
        QTRY_VERIFY(atRight.finished);
        QVERIFY(!atLeft.finished);
        QCOMPARE(atRight.closedCode, -1);
        right->send("after the FIN");
        QTRY_COMPARE(atLeft.bytes, QByteArray("abchelloafter the FIN"));

        right->finishWriting();
        QTRY_COMPARE(atLeft.closedCode, 1000);
        QTRY_COMPARE(atRight.closedCode, 1000);
        // Both delete themselves once their sockets are done.
        QTRY_VERIFY(!left && !right);
    }

    void linkLostBeforeBothFinsIsAReset()
    {
        const SocketPair pair = connectedPair(m_server);
        QVERIFY(pair.dialed && pair.accepted);
        auto *left = new FramedLinkEndpoint(pair.dialed, {}, QStringLiteral("left"));
        Received atLeft;
        record(left, &atLeft);
        left->start();
        left->finishWriting();
        // The other node's half: some data, then gone without its FIN.
        QByteArray frame(4, Qt::Uninitialized);
        qToBigEndian<quint32>(5, frame.data());
        pair.accepted->write(frame + "12345");
        pair.accepted->flush();
        pair.accepted->disconnectFromHost();
        QTRY_COMPARE(atLeft.closedCode, 1006);
        QCOMPARE(atLeft.bytes, QByteArray("12345")); // what came before the loss is delivered
        QVERIFY(!atLeft.finished);
        delete pair.accepted;
    }

    void frameOverTheLimitIsRefused()
    {
        const SocketPair pair = connectedPair(m_server);
        QVERIFY(pair.dialed && pair.accepted);
        auto *left = new FramedLinkEndpoint(pair.dialed, {}, QStringLiteral("left"));
        Received atLeft;
        record(left, &atLeft);
        left->start();
        QByteArray header(4, Qt::Uninitialized);
        qToBigEndian<quint32>(quint32(FramedLinkEndpoint::kMaxFrameBytes + 1), header.data());
        pair.accepted->write(header);
        QTRY_COMPARE(atLeft.closedCode, 1002);
        QVERIFY(atLeft.bytes.isEmpty());
        QTRY_COMPARE(pair.accepted->state(), QAbstractSocket::UnconnectedState); // the link was dropped
        delete pair.accepted;
    }

    void pausedEndpointDeliversNothingUntilResumed()
    {
        const SocketPair pair = connectedPair(m_server);
        QVERIFY(pair.dialed && pair.accepted);
        auto *left = new FramedLinkEndpoint(pair.dialed, {}, QStringLiteral("left"));
        auto *right = new FramedLinkEndpoint(pair.accepted, {}, QStringLiteral("right"));
        Received atRight;
        record(right, &atRight);
        right->pauseReading();
        right->start();
        left->start();
        left->send("one");
        left->send("two");
        QTRY_COMPARE(left->pendingBytes(), qint64(0));
        QTest::qWait(50); // nothing may arrive while paused: give it the chance to go wrong
        QVERIFY(atRight.bytes.isEmpty());
        right->resumeReading();
        QTRY_COMPARE(atRight.bytes, QByteArray("onetwo"));
        left->close(1011, QStringLiteral("test over"));
        QTRY_COMPARE(atRight.closedCode, 1006);
    }
};

QTEST_MAIN(TestFramedLinkEndpoint)
#include "tst_framedlinkendpoint.moc"

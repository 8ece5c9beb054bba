// WebSocketConnection's gathered writes (setCoalescingWrites): frames sent in one pass of the
// event loop leave together when it ends, in the order they were sent, control frames included,
// and whoever waits for the bytes to drain hears about it; and a close the peer never answers
// ends after the close timeout. Over a real loopback TCP connection.
#include "net/websocket/websocketconnection.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QtEndian>
#include <QtTest>

namespace {

struct Frame
{
    int opcode;
    QByteArray payload;
    bool operator==(const Frame &other) const { return opcode == other.opcode && payload == other.payload; }
};

// Splits what a server wrote (unmasked frames) into frames; leaves an incomplete tail in `bytes`.
QList<Frame> takeFrames(QByteArray &bytes)
{
    QList<Frame> frames;
    for (;;) {
        if (bytes.size() < 2)
            return frames;
        qsizetype length = quint8(bytes[1]) & 0x7f;
        qsizetype offset = 2;
        if (length == 126) {
            if (bytes.size() < 4)
                return frames;
            length = qFromBigEndian<quint16>(bytes.constData() + 2);
            offset = 4;
        } else if (length == 127) {
            if (bytes.size() < 10)
                return frames;
            length = qsizetype(qFromBigEndian<quint64>(bytes.constData() + 2));
            offset = 10;
        }
        if (bytes.size() < offset + length)
            return frames;
        frames.append(Frame{quint8(bytes[0]) & 0x0f, bytes.mid(offset, length)});
        bytes.remove(0, offset + length);
    }
}

struct Connected
{
    explicit Connected(const WebSocketConnection::Limits &limits = {})
    {
        QVERIFY(server.listen(QHostAddress::LocalHost));
        client.connectToHost(QHostAddress::LocalHost, server.serverPort());
        QVERIFY(server.waitForNewConnection(5000));
        QTcpSocket *accepted = server.nextPendingConnection();
        QVERIFY(accepted);
        QVERIFY(client.waitForConnected(5000));
        socket = new WebSocketConnection(accepted, HttpRequest{}, limits);
        socket->setCoalescingWrites(true);
    }
    ~Connected() { delete socket; }
    // Reads until `count` frames arrived or the deadline passed.
    QList<Frame> read(int count)
    {
        QList<Frame> frames;
        QDeadlineTimer deadline(5000);
        while (frames.size() < count && !deadline.hasExpired()) {
            if (client.bytesAvailable() == 0)
                client.waitForReadyRead(50);
            QCoreApplication::processEvents();
            buffer += client.readAll();
            frames += takeFrames(buffer);
        }
        return frames;
    }
    QTcpServer server;
    QTcpSocket client;
    WebSocketConnection *socket = nullptr;
    QByteArray buffer;
};

} // namespace

class WebSocketCoalescingTest : public QObject
{
    Q_OBJECT
private slots:
    void framesOfOnePassLeaveTogetherInOrder()
    {
        Connected c;
        QSignalSpy wrote(c.socket, &PipeEndpoint::wrote);
        c.socket->sendText("one");
        c.socket->sendBinary(QByteArray(300, 'b')); // a 16-bit length
        c.socket->sendText("three");
        // Nothing has left yet: the bytes wait for the end of this pass, and are counted.
        QCOMPARE(c.socket->pendingBytes(), qint64(2 + 3 + 4 + 300 + 2 + 5));
        const QList<Frame> frames = c.read(3);
        QCOMPARE(frames, (QList<Frame>{{1, "one"}, {2, QByteArray(300, 'b')}, {1, "three"}}));
        QCOMPARE(c.socket->pendingBytes(), 0);
        QVERIFY(wrote.count() >= 1);
    }

    void controlFramesKeepTheirPlace()
    {
        Connected c;
        c.socket->sendText("before");
        c.socket->ping("p");
        c.socket->sendText("after");
        c.socket->close(1000, QStringLiteral("bye"));
        const QList<Frame> frames = c.read(4);
        QCOMPARE(frames.size(), 4);
        QCOMPARE(frames[0], (Frame{1, "before"}));
        QCOMPARE(frames[1], (Frame{9, "p"}));
        QCOMPARE(frames[2], (Frame{1, "after"}));
        QCOMPARE(frames[3].opcode, 8);
        QCOMPARE(frames[3].payload.mid(2), QByteArray("bye"));
    }

    void largeMessagesGoOutAtOnce()
    {
        Connected c;
        c.socket->sendText("small");
        const QByteArray large(200 * 1024, 'L');
        c.socket->sendBinary(large);
        // The small one was written first, the large one straight behind it, without waiting
        // for the end of the pass: the kernel has taken some of it already (gathered, all of
        // it would still be counted).
        QVERIFY(c.socket->pendingBytes() < large.size());
        const QList<Frame> frames = c.read(2);
        QCOMPARE(frames.size(), 2);
        QCOMPARE(frames[0], (Frame{1, "small"}));
        QCOMPARE(frames[1].payload.size(), large.size());
    }

    void aCloseNobodyAnswersEndsAfterTheCloseTimeout()
    {
        WebSocketConnection::Limits limits;
        limits.closeTimeoutMs = 100;
        Connected c(limits);
        QSignalSpy closed(c.socket, &PipeEndpoint::closed);
        QElapsedTimer clock;
        clock.start();
        c.socket->close(1000, QStringLiteral("bye"));
        // The client reads the close frame but never answers it.
        QCOMPARE(c.read(1).value(0).opcode, 8);
        QTRY_COMPARE_WITH_TIMEOUT(closed.count(), 1, 2000);
        QVERIFY(clock.elapsed() >= 100);
        QCOMPARE(closed.first().at(0).value<quint16>(), quint16(1000));
        QTRY_COMPARE_WITH_TIMEOUT(c.client.state(), QAbstractSocket::UnconnectedState, 2000);
    }

    void turningItOffWritesWhatWaits()
    {
        Connected c;
        c.socket->sendText("waiting");
        QVERIFY(c.socket->pendingBytes() > 0);
        c.socket->setCoalescingWrites(false);
        QCOMPARE(c.socket->pendingBytes(), 0); // handed to the kernel, which had room
        QCOMPARE(c.read(1), (QList<Frame>{{1, "waiting"}}));
    }
};

QTEST_GUILESS_MAIN(WebSocketCoalescingTest)
#include "tst_websocketcoalescing.moc"

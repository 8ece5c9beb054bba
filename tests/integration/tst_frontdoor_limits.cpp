// The front door against strangers: bytes of no known protocol, raw libp2p while its service is
// off, TLS without a certificate, slow and silent clients, connection limits, idle timeouts.
#include "rawhttp.h"
#include "serverprocess.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QTest>

#include <memory>
#include <vector>

namespace {

// The count of one rejection reason in /metrics, or 0 when absent.
int rejected(quint16 port, const QString &reason)
{
    const QString text = QString::fromUtf8(RawHttp::get(port, "/metrics").body);
    const QRegularExpression line(QStringLiteral("switchboard_connections_rejected_total\\{reason=\"%1\"\\} (\\d+)").arg(reason));
    const auto match = line.match(text);
    return match.hasMatch() ? match.captured(1).toInt() : 0;
}

std::unique_ptr<QTcpSocket> connectTo(quint16 port)
{
    auto socket = std::make_unique<QTcpSocket>();
    socket->connectToHost(QStringLiteral("127.0.0.1"), port);
    if (!socket->waitForConnected(3000))
        return nullptr;
    return socket;
}

} // namespace

class TestFrontDoorLimits : public QObject
{
    Q_OBJECT

private slots:
    void garbageIsClosedAndCounted()
    {
        ServerProcess server;
        QVERIFY(server.start());
        auto socket = connectTo(server.port());
        QVERIFY(socket);
        socket->write(QByteArray("\x00\x01\x02 not a protocol\r\n", 21));
        QVERIFY(RawHttp::waitForClose(socket.get(), 3000));
        QCOMPARE(rejected(server.port(), "unknown_protocol"), 1);
        QVERIFY(server.waitForLog("unrecognised protocol"));
        // The relay is still serving.
        QCOMPARE(RawHttp::get(server.port(), "/health").status, 200);
    }

    void rawLibp2pIsClosedWithALogLineWhenItsServiceIsOff()
    {
        ServerProcess server;
        server.setArguments({QStringLiteral("--services"), QStringLiteral("tunnel,localfirst,pairing,mesh")});
        QVERIFY(server.start());
        auto socket = connectTo(server.port());
        QVERIFY(socket);
        socket->write(QByteArray("\x13/multistream/1.0.0\n", 20));
        QVERIFY(RawHttp::waitForClose(socket.get(), 3000));
        QVERIFY(server.waitForLog("libp2p connection from 127.0.0.1"));
        QCOMPARE(rejected(server.port(), "service_unavailable"), 1);
    }

    void tlsWithoutCertificateIsRefused()
    {
        ServerProcess server;
        QVERIFY(server.start());
        auto socket = connectTo(server.port());
        QVERIFY(socket);
        socket->write(QByteArray("\x16\x03\x01\x00\x10", 5));
        QVERIFY(RawHttp::waitForClose(socket.get(), 3000));
        QCOMPARE(rejected(server.port(), "tls_not_configured"), 1);
    }

    void slowHeadGets408AtTheDeadline()
    {
        ServerProcess server;
        server.setArguments({"--head-timeout", "1"});
        QVERIFY(server.start());
        auto socket = connectTo(server.port());
        QVERIFY(socket);
        QElapsedTimer clock;
        clock.start();
        socket->write("GET /health HTTP/1.1\r\nHost: local");
        RawHttp http(socket.get());
        const RawResponse r = http.read(5000);
        QCOMPARE(r.status, 408);
        QVERIFY2(clock.elapsed() >= 900, qPrintable(QString::number(clock.elapsed())));
        QVERIFY(RawHttp::waitForClose(socket.get(), 3000));
        QCOMPARE(rejected(server.port(), "head_timeout"), 1);
        QVERIFY(server.waitForLog("no complete request head within 1 s"));
    }

    void silentConnectionIsClosed()
    {
        ServerProcess server;
        server.setArguments({"--head-timeout", "1"});
        QVERIFY(server.start());
        auto socket = connectTo(server.port());
        QVERIFY(socket);
        QVERIFY(RawHttp::waitForClose(socket.get(), 4000));
        QCOMPARE(rejected(server.port(), "no_data_timeout"), 1);
    }

    void perAddressLimitRefusesTheExtraConnection()
    {
        ServerProcess server;
        server.setArguments({"--max-connections-per-ip", "3", "--head-timeout", "60"});
        QVERIFY(server.start());
        std::vector<std::unique_ptr<QTcpSocket>> held;
        for (int i = 0; i < 3; ++i) {
            held.push_back(connectTo(server.port()));
            QVERIFY(held.back());
            held.back()->write("G"); // recognised as HTTP, then it waits for the rest of the head
            held.back()->flush();
        }
        auto extra = connectTo(server.port());
        QVERIFY(extra);
        QVERIFY(RawHttp::waitForClose(extra.get(), 3000));
        for (const auto &socket : held)
            QCOMPARE(socket->state(), QAbstractSocket::ConnectedState);
        QVERIFY(server.waitForLog("this address holds its maximum of connections"));
        // Free the slots for the metrics query. (Until the relay has seen the closes, a query may
        // itself be refused and counted, hence "at least".)
        held.clear();
        QTRY_VERIFY_WITH_TIMEOUT(rejected(server.port(), "too_many_from_address") >= 1, 5000);
    }

    void totalLimitRefusesTheExtraConnection()
    {
        ServerProcess server;
        server.setArguments({"--max-connections", "2", "--head-timeout", "60"});
        QVERIFY(server.start());
        auto a = connectTo(server.port());
        auto b = connectTo(server.port());
        QVERIFY(a && b);
        a->write("G");
        b->write("G");
        a->flush();
        b->flush();
        auto c = connectTo(server.port());
        QVERIFY(c);
        QVERIFY(RawHttp::waitForClose(c.get(), 3000));
        QVERIFY(server.waitForLog("the relay holds its maximum of connections"));
        a.reset();
        b.reset();
        QTRY_VERIFY_WITH_TIMEOUT(rejected(server.port(), "too_many_connections") >= 1, 5000);
    }

    void idleKeepAliveConnectionIsClosed()
    {
        ServerProcess server;
        server.setArguments({"--idle-timeout", "1"});
        QVERIFY(server.start());
        auto socket = connectTo(server.port());
        QVERIFY(socket);
        socket->write("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n");
        RawHttp http(socket.get());
        QCOMPARE(http.read().status, 200);
        QElapsedTimer clock;
        clock.start();
        QVERIFY(RawHttp::waitForClose(socket.get(), 4000));
        QVERIFY(clock.elapsed() >= 800);
    }

    void silentWebSocketIsPingedThenClosedWith1001()
    {
        ServerProcess server;
        server.setArguments({"--idle-timeout", "1"});
        QVERIFY(server.start());
        auto socket = connectTo(server.port());
        QVERIFY(socket);
        // A hand-made client that completes the handshake and then never answers a ping.
        socket->write("GET /live HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
        QByteArray received;
        QElapsedTimer clock;
        clock.start();
        while (socket->state() == QAbstractSocket::ConnectedState && clock.elapsed() < 5000) {
            socket->waitForReadyRead(100);
            received += socket->readAll();
        }
        QVERIFY(received.startsWith("HTTP/1.1 101"));
        // Walk the server's (unmasked) frames: opcode and payload of each.
        QByteArray frames = received.mid(received.indexOf("\r\n\r\n") + 4);
        QList<int> opcodes;
        QByteArray closePayload;
        while (frames.size() >= 2) {
            const int opcode = quint8(frames[0]) & 0x0f;
            qsizetype length = quint8(frames[1]) & 0x7f;
            qsizetype offset = 2;
            if (length == 126) {
                length = (quint8(frames[2]) << 8) | quint8(frames[3]);
                offset = 4;
            }
            QVERIFY(length < 65536);
            opcodes << opcode;
            if (opcode == 0x8)
                closePayload = frames.mid(offset, length);
            frames.remove(0, offset + length);
        }
        QVERIFY2(opcodes.contains(0x9), "expected a ping before the close");
        QVERIFY(opcodes.indexOf(0x9) < opcodes.indexOf(0x8));
        QVERIFY(closePayload.size() >= 2);
        QCOMPARE((quint8(closePayload[0]) << 8) | quint8(closePayload[1]), 1001);
        QCOMPARE(closePayload.mid(2), QByteArray("idle timeout"));
    }
};

QTEST_GUILESS_MAIN(TestFrontDoorLimits)
#include "tst_frontdoor_limits.moc"

// Unit tests for Libp2p::TcpChannel over real loopback TCP connections: a plain POSIX socket
// plays the remote peer, so half-closes and kernel buffers behave as with a real client.
#include "libp2p/transport/tcpchannel.h"
#include "libp2p/transport/tcpwritebatch.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QtTest>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <memory>

using namespace Libp2p;

namespace {

// The remote end: a non-blocking client socket, read and written with deadlines.
class RemotePeer
{
public:
    bool connectTo(quint16 port)
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(m_fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0)
            return false;
        ::fcntl(m_fd, F_SETFL, ::fcntl(m_fd, F_GETFL) | O_NONBLOCK);
        return true;
    }
    ~RemotePeer()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    // Writes what the kernel takes now; returns how much.
    qsizetype writeSome(const QByteArray &data)
    {
        const ssize_t n = ::send(m_fd, data.constData(), size_t(data.size()), MSG_NOSIGNAL);
        return n < 0 ? 0 : n;
    }
    void finishWriting() { ::shutdown(m_fd, SHUT_WR); }
    // Closes with a reset (RST) instead of a FIN, as a crashed or killed peer's kernel may.
    void reset()
    {
        linger abortive{1, 0};
        ::setsockopt(m_fd, SOL_SOCKET, SO_LINGER, &abortive, sizeof abortive);
        ::close(m_fd);
        m_fd = -1;
    }
    // Reads until `bytes` arrived, EOF, or the deadline; the Qt event loop keeps running.
    QByteArray read(qsizetype bytes, int timeoutMs, bool *eof = nullptr)
    {
        QByteArray got;
        QElapsedTimer timer;
        timer.start();
        while (got.size() < bytes && timer.elapsed() < timeoutMs) {
            QCoreApplication::processEvents();
            pollfd entry{m_fd, POLLIN, 0};
            if (::poll(&entry, 1, 5) <= 0)
                continue;
            char buffer[65536];
            const ssize_t n = ::recv(m_fd, buffer, sizeof buffer, 0);
            if (n == 0) {
                if (eof)
                    *eof = true;
                break;
            }
            if (n > 0)
                got.append(buffer, n);
        }
        return got;
    }
    int fd() const { return m_fd; }

private:
    int m_fd = -1;
};

struct Connection
{
    QTcpServer server;
    RemotePeer peer;
    std::unique_ptr<TcpChannel> channel;
    int serverDescriptor = -1;
    QByteArray received;

    bool open(const TcpChannel::Limits &limits = {})
    {
        if (!server.listen(QHostAddress::LocalHost) || !peer.connectTo(server.serverPort()))
            return false;
        if (!server.waitForNewConnection(5000))
            return false;
        QTcpSocket *socket = server.nextPendingConnection();
        serverDescriptor = int(socket->socketDescriptor());
        channel = std::make_unique<TcpChannel>(socket, limits);
        QObject::connect(channel.get(), &PipeEndpoint::received, [this](const QByteArray &data, bool) { received += data; });
        return true;
    }
};

} // namespace

class TestLibp2pTcpChannel : public QObject
{
    Q_OBJECT

private slots:
    void bytesFlowBothWaysWithNoDelay()
    {
        Connection c;
        QVERIFY(c.open());
        int noDelay = 0;
        socklen_t size = sizeof noDelay;
        QCOMPARE(::getsockopt(c.serverDescriptor, IPPROTO_TCP, TCP_NODELAY, &noDelay, &size), 0);
        QVERIFY(noDelay != 0);
        QVERIFY(c.channel->isOpen());
        QVERIFY(c.channel->describe().startsWith(QLatin1String("tcp 127.0.0.1:")));
        QCOMPARE(c.channel->peerAddress(), QHostAddress(QHostAddress::LocalHost));

        c.peer.writeSome("\x13/multistream/1.0.0\n");
        QTRY_COMPARE_WITH_TIMEOUT(c.received, QByteArray("\x13/multistream/1.0.0\n"), 5000);
        c.channel->send("\x13/multistream/1.0.0\n", false);
        QCOMPARE(c.peer.read(20, 5000), QByteArray("\x13/multistream/1.0.0\n"));
    }

    void pausedChannelStopsReadingFromTheKernel()
    {
        TcpChannel::Limits limits;
        limits.readBufferBytes = 16 * 1024;
        Connection c;
        QVERIFY(c.open(limits));
        c.channel->pauseReading();
        QVERIFY(c.channel->isReadingPaused());
        // Fill the connection until the kernel refuses more: possible only if nobody reads.
        const QByteArray block(64 * 1024, 'p');
        qsizetype written = 0;
        QElapsedTimer timer;
        timer.start();
        int refusals = 0;
        while (timer.elapsed() < 10000 && refusals < 50) {
            QCoreApplication::processEvents();
            const qsizetype n = c.peer.writeSome(block);
            written += n;
            refusals = n == 0 ? refusals + 1 : 0;
        }
        QVERIFY2(refusals >= 50, "the sender was never pushed back");
        QVERIFY(c.received.isEmpty());
        c.channel->resumeReading();
        QTRY_COMPARE_WITH_TIMEOUT(c.received.size(), written, 10000);
        QVERIFY(c.received == QByteArray(written, 'p'));
    }

    void peerFinOrdersReadFinishedAfterTheData()
    {
        Connection c;
        QVERIFY(c.open());
        QSignalSpy finished(c.channel.get(), &PipeEndpoint::readFinished);
        QSignalSpy closed(c.channel.get(), &PipeEndpoint::closed);
        QByteArray receivedAtFinish;
        connect(c.channel.get(), &PipeEndpoint::readFinished, this, [&] { receivedAtFinish = c.received; });
        c.peer.writeSome("last bytes");
        c.peer.finishWriting();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 5000);
        QCOMPARE(receivedAtFinish, QByteArray("last bytes"));
        QTRY_COMPARE_WITH_TIMEOUT(closed.size(), 1, 5000);
        QCOMPARE(closed.first().at(0).toInt(), 1000);
        QCOMPARE(finished.size(), 1);
    }

    void finishWritingSendsFinAndKeepsReading()
    {
        Connection c;
        QVERIFY(c.open());
        c.channel->send("goodbye", false);
        c.channel->finishWriting();
        c.channel->send("ignored after FIN", false);
        bool eof = false;
        QCOMPARE(c.peer.read(1000, 5000, &eof), QByteArray("goodbye"));
        QVERIFY(eof);
        // Our side still reads what the peer sends after our FIN.
        c.peer.writeSome("still listening?");
        QTRY_COMPARE_WITH_TIMEOUT(c.received, QByteArray("still listening?"), 5000);
        QVERIFY(c.channel->isOpen());
    }

    void closeFlushesThenCloses()
    {
        Connection c;
        QVERIFY(c.open());
        QSignalSpy closed(c.channel.get(), &PipeEndpoint::closed);
        c.channel->send(QByteArray(100000, 'c'), false);
        c.channel->close(1000, QStringLiteral("bye"));
        QVERIFY(!c.channel->isOpen());
        bool eof = false;
        QCOMPARE(c.peer.read(200000, 10000, &eof).size(), 100000);
        QVERIFY(eof);
        QTRY_COMPARE_WITH_TIMEOUT(closed.size(), 1, 5000);
        QCOMPARE(closed.first().at(1).toString(), QStringLiteral("bye"));
    }

    void aResetPeerEndsTheChannelOnce()
    {
        Connection c;
        QVERIFY(c.open());
        QSignalSpy closed(c.channel.get(), &PipeEndpoint::closed);
        c.peer.reset();
        QVERIFY(closed.wait(5000));
        QVERIFY(!c.channel->isOpen());
        c.channel->send("into the void", false); // ignored, no crash, no second `closed`
        c.channel->close(1000, QString());
        QCOMPARE(closed.size(), 1);
    }

    // What is sent while a TcpWriteBatch lives is held (and counted as pending) and goes out in
    // one write when the outermost batch ends; `wrote` tells whoever paused on pendingBytes().
    void writesInABatchGoOutWhenItEnds()
    {
        Connection c;
        QVERIFY(c.open());
        QSignalSpy wrote(c.channel.get(), &PipeEndpoint::wrote);
        {
            TcpWriteBatch outer;
            {
                TcpWriteBatch inner;
                c.channel->send("one ", false);
            }
            c.channel->send("two ", false);
            QCOMPARE(c.channel->pendingBytes(), 8);
            QCOMPARE(c.peer.read(1, 200), QByteArray()); // held while a batch lives
            c.channel->send("three", false);
        }
        QCOMPARE(c.channel->pendingBytes(), 0);
        QCOMPARE(wrote.count(), 1);
        QCOMPARE(c.peer.read(13, 5000), QByteArray("one two three"));
        // Outside a batch a send goes straight to the kernel.
        c.channel->send("four", false);
        QCOMPARE(c.channel->pendingBytes(), 0);
        QCOMPARE(c.peer.read(4, 5000), QByteArray("four"));
    }

    void finishWritingInABatchSendsHeldBytesBeforeTheFin()
    {
        Connection c;
        QVERIFY(c.open());
        {
            TcpWriteBatch batch;
            c.channel->send("last words", false);
            c.channel->finishWriting();
        }
        bool eof = false;
        QCOMPARE(c.peer.read(100, 5000, &eof), QByteArray("last words"));
        QVERIFY(eof);
    }

    void aLargeBatchDoesNotWaitForItsEnd()
    {
        Connection c;
        QVERIFY(c.open());
        const QByteArray big(300 * 1024, 'x');
        TcpWriteBatch batch;
        c.channel->send(big, false);
        // Past 256 KiB the held bytes are written at once: the peer reads them inside the batch.
        QCOMPARE(c.peer.read(big.size(), 5000).size(), big.size());
    }
};

QTEST_GUILESS_MAIN(TestLibp2pTcpChannel)
#include "tst_libp2p_tcpchannel.moc"

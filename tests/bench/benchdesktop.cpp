// benchdesktop: the desktop side of the tunnel benchmark, lean enough not to set the pace (a Node
// desktop with socket.io-client spent a whole core on 18k requests/s while the relay used 60% of
// one). It registers with the relay as a Clode desktop over Engine.IO's WebSocket transport,
// answers each http:request by asking the local HTTP server over a pool of keep-alive
// connections, and sends back http:response with the body in base64. (Benchmark only: it forwards
// GET requests without bodies or request headers, which is all the benchmark sends.)
//
//   benchdesktop RELAY_PORT LOCAL_PORT      -> prints "ready <sessionId>" once registered
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QQueue>
#include <QTcpSocket>
#include <QTextStream>
#include <QWebSocket>

#include <sys/socket.h>

namespace {

struct LocalRequest
{
    QString id;
    QByteArray head; // the whole request as sent to the local server
};

// One keep-alive connection to the local server, answering one request at a time.
class LocalConnection : public QObject
{
public:
    using Done = std::function<void(LocalConnection *, const QString &id, int status, const QByteArray &contentType,
                                    const QByteArray &body)>;
    LocalConnection(quint16 port, Done done) : m_done(std::move(done))
    {
        m_socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
        connect(&m_socket, &QIODevice::readyRead, this, [this] { onData(); });
        m_socket.connectToHost(QStringLiteral("127.0.0.1"), port);
    }
    bool busy() const { return !m_id.isEmpty(); }
    void send(const LocalRequest &request)
    {
        m_id = request.id;
        m_buffer.clear();
        // Straight to the kernel: QTcpSocket's buffered write wakes the event loop twice per
        // request (its write notifier goes on and off), which made this rig set the pace.
        const qsizetype sent = m_socket.bytesToWrite() == 0
                                   ? qsizetype(::send(int(m_socket.socketDescriptor()), request.head.constData(),
                                                      size_t(request.head.size()), MSG_NOSIGNAL))
                                   : 0;
        if (sent < request.head.size())
            m_socket.write(request.head.constData() + std::max<qsizetype>(sent, 0), request.head.size() - std::max<qsizetype>(sent, 0));
    }

private:
    void onData()
    {
        m_buffer += m_socket.readAll();
        const qsizetype end = m_buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        const QList<QByteArray> lines = m_buffer.left(end).split('\n');
        qsizetype length = 0;
        QByteArray contentType;
        for (const QByteArray &line : lines) {
            const QByteArray lower = line.trimmed().toLower();
            if (lower.startsWith("content-length:"))
                length = lower.mid(15).trimmed().toLongLong();
            else if (lower.startsWith("content-type:"))
                contentType = line.trimmed().mid(13).trimmed();
        }
        if (m_buffer.size() < end + 4 + length)
            return;
        const int status = lines.first().split(' ').value(1).toInt();
        const QByteArray body = m_buffer.mid(end + 4, length);
        const QString id = m_id;
        m_id.clear();
        m_done(this, id, status, contentType, body);
    }

    QTcpSocket m_socket;
    QString m_id;
    QByteArray m_buffer;
    Done m_done;
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc != 3) {
        QTextStream(stderr) << "usage: benchdesktop RELAY_PORT LOCAL_PORT\n";
        return 2;
    }
    const quint16 relayPort = quint16(QByteArray(argv[1]).toUShort());
    const quint16 localPort = quint16(QByteArray(argv[2]).toUShort());

    QWebSocket relay;
    QQueue<LocalRequest> waiting;
    QList<LocalConnection *> pool;

    // JSON written and read by hand: Qt's JSON classes cost this process more than the relay
    // spends on a request, and the benchmark measures the relay.
    const auto reply = [&relay](const QString &id, int status, const QByteArray &contentType, const QByteArray &body) {
        QByteArray packet;
        packet.reserve(96 + id.size() + contentType.size() + body.size() * 4 / 3);
        packet += R"(42["http:response",{"id":")" + id.toLatin1() + R"(","status":)" + QByteArray::number(status)
                  + R"(,"headers":{"content-type":")" + contentType + R"("},"body":")" + body.toBase64() + "\"}]";
        relay.sendTextMessage(QString::fromLatin1(packet));
    };
    std::function<void(LocalConnection *)> next = [&](LocalConnection *connection) {
        if (!waiting.isEmpty())
            connection->send(waiting.dequeue());
    };
    const auto done = [&](LocalConnection *connection, const QString &id, int status, const QByteArray &type, const QByteArray &body) {
        reply(id, status, type, body);
        next(connection);
    };
    for (int i = 0; i < 64; ++i)
        pool << new LocalConnection(localPort, done);

    QObject::connect(&relay, &QWebSocket::textMessageReceived, [&](const QString &message) {
        if (message.startsWith(QLatin1Char('0'))) {
            relay.sendTextMessage(QStringLiteral(R"(40{"role":"desktop","deviceId":"bench-desktop","version":"bench"})"));
        } else if (message == QLatin1String("2")) {
            relay.sendTextMessage(QStringLiteral("3"));
        } else if (message.startsWith(QLatin1String("42[\"http:request\""))) {
            // The relay writes {"id":...,"method":...,"url":...} first, plain strings.
            const auto field = [&message](QLatin1String name) {
                const qsizetype start = message.indexOf(name) + name.size();
                return message.mid(start, message.indexOf(QLatin1Char('"'), start) - start);
            };
            LocalRequest request;
            request.id = field(QLatin1String(R"("id":")"));
            request.head = field(QLatin1String(R"("method":")")).toLatin1() + ' ' + field(QLatin1String(R"("url":")")).toUtf8()
                           + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n";
            for (LocalConnection *connection : std::as_const(pool)) {
                if (!connection->busy()) {
                    connection->send(request);
                    return;
                }
            }
            waiting.enqueue(request);
        } else if (message.startsWith(QLatin1String("42"))) {
            const QJsonArray event = QJsonDocument::fromJson(message.mid(2).toUtf8()).array();
            if (event.at(0).toString() == QLatin1String("registered")) {
                QTextStream(stdout) << "ready " << event.at(1).toObject().value(QLatin1String("sessionId")).toString()
                                    << Qt::endl;
            }
        }
    });
    relay.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/socket.io/?EIO=4&transport=websocket").arg(relayPort)));
    return app.exec();
}

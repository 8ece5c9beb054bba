#include "frontdoor.h"

#include "log/logcategories.h"
#include "metrics/metrics.h"
#include "router.h"
#include "tlscontext.h"
#include "websocketgateway.h"

#include <QDateTime>
#include <QSocketNotifier>
#include <QSslSocket>
#include <QThread>
#include <QTimer>

#include <cerrno>
#include <sys/socket.h>
#include <unistd.h>

// Lives as long as the connection it counts (as a child of whatever object owns the connection at
// the moment) and gives the slot back to the limiter when that object goes.
class ConnectionSlot : public QObject
{
public:
    // Owned by the door until the connection has a socket (then by the socket), so that a relay
    // stopping while connections are still being sniffed leaves nothing behind.
    ConnectionSlot(FrontDoor *door, QHostAddress address) : QObject(door), m_door(door), m_address(std::move(address))
    {
    }
    ~ConnectionSlot() override
    {
        if (!m_door)
            return;
        // The connection may have moved to a pipe thread (PipeThreads) and end there; the door
        // and its limiter belong to the relay's thread, which outlives every pipe thread.
        if (QThread::currentThread() == m_door->thread()) {
            m_door->release(m_address);
            return;
        }
        FrontDoor *door = m_door;
        QMetaObject::invokeMethod(door, [door, address = m_address] { door->release(address); }, Qt::QueuedConnection);
    }

private:
    QPointer<FrontDoor> m_door;
    QHostAddress m_address;
};

namespace {

QHostAddress peerOf(qintptr descriptor)
{
    sockaddr_storage storage{};
    socklen_t length = sizeof storage;
    if (::getpeername(int(descriptor), reinterpret_cast<sockaddr *>(&storage), &length) != 0)
        return {};
    return QHostAddress(reinterpret_cast<sockaddr *>(&storage));
}

// Waits for the first bytes of a fresh connection and looks at them with MSG_PEEK, so they stay in
// the kernel for whichever socket class ends up reading them (QSslSocket must see the whole
// ClientHello). Deciding on the first byte means the
// level-triggered notifier never spins on a partial prefix.
class FirstBytesWatcher : public QObject
{
public:
    using Decided = std::function<void(SniffedProtocol)>;
    using Failed = std::function<void(const QString &reason)>;

    FirstBytesWatcher(qintptr descriptor, int timeoutMs, Decided decided, Failed failed)
        : m_descriptor(descriptor),
          m_notifier(descriptor, QSocketNotifier::Read),
          m_decided(std::move(decided)),
          m_failed(std::move(failed))
    {
        connect(&m_notifier, &QSocketNotifier::activated, this, &FirstBytesWatcher::look);
        m_timer.setSingleShot(true);
        connect(&m_timer, &QTimer::timeout, this, [this] { finish(false, SniffedProtocol::Unknown, QStringLiteral("no_data_timeout")); });
        m_timer.start(timeoutMs);
    }

private:
    void look()
    {
        char bytes[20];
        const ssize_t n = ::recv(int(m_descriptor), bytes, sizeof bytes, MSG_PEEK | MSG_DONTWAIT);
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
            return;
        if (n <= 0) {
            finish(false, SniffedProtocol::Unknown, QStringLiteral("closed_before_data"));
            return;
        }
        finish(true, ProtocolSniffer::classify(QByteArrayView(bytes, n)), QString());
    }

    void finish(bool ok, SniffedProtocol protocol, const QString &reason)
    {
        m_notifier.setEnabled(false);
        m_timer.stop();
        // The callbacks may delete this watcher's parent; copy what they need first.
        auto decided = m_decided;
        auto failed = m_failed;
        deleteLater();
        if (ok)
            decided(protocol);
        else
            failed(reason);
    }

    qintptr m_descriptor;
    QSocketNotifier m_notifier;
    QTimer m_timer;
    Decided m_decided;
    Failed m_failed;
};

} // namespace

FrontDoor::FrontDoor(const Router *router, WebSocketGateway *gateway, Metrics *metrics,
                     ConnectionLimiter *limiter, const HttpLimits &limits, QObject *parent)
    : QObject(parent), m_router(router), m_gateway(gateway), m_metrics(metrics), m_limiter(limiter), m_limits(limits)
{
}

void FrontDoor::rejectAtDoor(qintptr descriptor, const QString &reason)
{
    ::close(int(descriptor));
    m_metrics->connectionRejected(reason);
}

void FrontDoor::accept(qintptr descriptor)
{
    const QHostAddress peer = peerOf(descriptor);
    if (!m_accepting) {
        rejectAtDoor(descriptor, QStringLiteral("shutting_down"));
        return;
    }
    const ConnectionLimiter::Verdict verdict = m_limiter->tryAdmit(peer);
    if (verdict != ConnectionLimiter::Verdict::Admitted) {
        const QString reason = QString::fromLatin1(ConnectionLimiter::reason(verdict));
        // One line per reason per second at most: a flood must not become a log flood.
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        if (now - m_lastRefusalLogged.value(reason) >= 1000) {
            m_lastRefusalLogged.insert(reason, now);
            qCWarning(lcNet).noquote() << "refused connection from" << peer.toString() << ":"
                                       << (verdict == ConnectionLimiter::Verdict::TooManyTotal
                                               ? "the relay holds its maximum of connections"
                                               : "this address holds its maximum of connections");
        }
        rejectAtDoor(descriptor, reason);
        return;
    }
    emit connectionCountChanged(m_limiter->total());
    m_metrics->setOpenConnections(m_limiter->total());

    auto *slot = new ConnectionSlot(this, peer);
    QElapsedTimer since;
    since.start();
    auto *watcher = new FirstBytesWatcher(
        descriptor, m_limits.headTimeoutMs,
        [this, descriptor, slot, since](SniffedProtocol protocol) { dispatch(descriptor, protocol, slot, since); },
        [this, descriptor, slot, peer](const QString &reason) {
            if (reason == QLatin1String("no_data_timeout"))
                qCInfo(lcNet).noquote() << "closing" << peer.toString() << ": sent nothing within"
                                        << m_limits.headTimeoutMs / 1000 << "s";
            rejectAtDoor(descriptor, reason);
            slot->deleteLater();
        });
    watcher->setParent(slot);
}

void FrontDoor::release(const QHostAddress &address)
{
    m_limiter->release(address);
    m_metrics->setOpenConnections(m_limiter->total());
    emit connectionCountChanged(m_limiter->total());
}

void FrontDoor::dispatch(qintptr descriptor, SniffedProtocol protocol, QObject *slot, const QElapsedTimer &since)
{
    if (protocol == SniffedProtocol::Unknown) {
        qCInfo(lcNet).noquote() << "closing" << peerOf(descriptor).toString() << ": unrecognised protocol";
        rejectAtDoor(descriptor, QStringLiteral("unknown_protocol"));
        slot->deleteLater();
        return;
    }
    if (protocol == SniffedProtocol::ClusterLink && !m_linkAcceptor) {
        qCInfo(lcNet).noquote() << "closing" << peerOf(descriptor).toString() << ": a cluster link, but this node runs alone";
        rejectAtDoor(descriptor, QStringLiteral("cluster_off"));
        slot->deleteLater();
        return;
    }
    if (protocol == SniffedProtocol::Tls && (!m_tls || !m_tls->isReady())) {
        qCInfo(lcNet).noquote() << "closing" << peerOf(descriptor).toString()
                                << ": TLS requested but no certificate is configured";
        rejectAtDoor(descriptor, QStringLiteral("tls_not_configured"));
        slot->deleteLater();
        return;
    }
    QTcpSocket *socket = protocol == SniffedProtocol::Tls ? new QSslSocket : new QTcpSocket;
    if (!socket->setSocketDescriptor(descriptor)) {
        qCWarning(lcNet).noquote() << "cannot take over an accepted socket:" << socket->errorString();
        delete socket;
        rejectAtDoor(descriptor, QStringLiteral("socket_error"));
        slot->deleteLater();
        return;
    }
    slot->setParent(socket);
    m_metrics->connectionAccepted(QString::fromLatin1(ProtocolSniffer::name(protocol)));
    switch (protocol) {
    case SniffedProtocol::Tls: startTls(socket, slot, since); break;
    case SniffedProtocol::Http: startHttp(socket, since); break;
    case SniffedProtocol::Libp2p: startLibp2p(socket); break;
    case SniffedProtocol::ClusterLink: startClusterLink(socket, since); break;
    case SniffedProtocol::Unknown: break;
    }
}

void FrontDoor::startTls(QTcpSocket *plain, QObject *, const QElapsedTimer &since)
{
    auto *socket = static_cast<QSslSocket *>(plain);
    const QString peer = socket->peerAddress().toString();
    auto *deadline = new QTimer(socket);
    deadline->setSingleShot(true);
    // One deadline for the handshake and the first bytes inside it: a client that completes the
    // handshake and then says nothing must not hold its connection forever either.
    connect(deadline, &QTimer::timeout, socket, [this, socket, peer] {
        if (socket->isEncrypted()) {
            qCInfo(lcNet).noquote() << "closing" << peer << ": sent nothing after the TLS handshake within"
                                    << m_limits.headTimeoutMs / 1000 << "s";
            m_metrics->connectionRejected(QStringLiteral("no_data_timeout"));
        } else {
            qCInfo(lcTls).noquote() << "TLS handshake with" << peer << "timed out";
            m_metrics->connectionRejected(QStringLiteral("tls_handshake_timeout"));
        }
        socket->abort();
        socket->deleteLater();
    });
    deadline->start(std::max(1, m_limits.headTimeoutMs - int(since.elapsed())));
    connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
    connect(socket, &QAbstractSocket::errorOccurred, socket, [this, socket, peer](QAbstractSocket::SocketError) {
        if (socket->isEncrypted())
            return; // errors after the handshake belong to whoever owns the connection now
        // One short line: which client, what went wrong. No certificate dumps, no backtrace.
        qCInfo(lcTls).noquote() << "TLS handshake with" << peer << "failed:" << socket->errorString();
        m_metrics->connectionRejected(QStringLiteral("tls_handshake_failed"));
        socket->abort();
        socket->deleteLater();
    });
    connect(socket, &QSslSocket::encrypted, socket, [this, socket, deadline, since] {
        const auto sniff = [this, socket, deadline, since] {
            if (socket->bytesAvailable() == 0)
                return;
            deadline->stop();
            deadline->deleteLater();
            disconnect(socket, &QIODevice::readyRead, socket, nullptr);
            dispatchDecrypted(socket, since);
        };
        connect(socket, &QIODevice::readyRead, socket, sniff);
        sniff();
    });
    socket->setSslConfiguration(m_tls->configuration());
    socket->startServerEncryption();
}

void FrontDoor::dispatchDecrypted(QTcpSocket *socket, const QElapsedTimer &since)
{
    // Inside TLS the decrypted bytes sit in QSslSocket's own buffer, where peeking is harmless.
    const SniffedProtocol inner = ProtocolSniffer::classify(socket->peek(20));
    disconnect(socket, &QAbstractSocket::errorOccurred, socket, nullptr);
    disconnect(socket, &QAbstractSocket::disconnected, socket, nullptr);
    switch (inner) {
    case SniffedProtocol::Http:
        startHttp(socket, since);
        return;
    case SniffedProtocol::Libp2p:
        startLibp2p(socket);
        return;
    case SniffedProtocol::Tls:
    case SniffedProtocol::ClusterLink: // links run on the nodes' own network, never inside TLS
    case SniffedProtocol::Unknown:
        break;
    }
    qCInfo(lcNet).noquote() << "closing" << socket->peerAddress().toString()
                            << ": unrecognised protocol inside TLS";
    m_metrics->connectionRejected(QStringLiteral("unknown_protocol"));
    socket->abort();
    socket->deleteLater();
}

void FrontDoor::startHttp(QTcpSocket *socket, const QElapsedTimer &since)
{
    new HttpConnection(socket, m_router, m_gateway, m_metrics, m_limits, since, this);
}

void FrontDoor::startClusterLink(QTcpSocket *socket, const QElapsedTimer &since)
{
    auto *deadline = new QTimer(socket);
    deadline->setSingleShot(true);
    const auto refuse = [this, socket](const QString &why) {
        qCWarning(lcCluster).noquote() << "refusing a link from" << socket->peerAddress().toString() << ":" << why;
        m_metrics->connectionRejected(QStringLiteral("bad_cluster_link"));
        socket->abort();
        socket->deleteLater();
    };
    connect(deadline, &QTimer::timeout, socket, [refuse] { refuse(QStringLiteral("no preface in time")); });
    deadline->start(std::max(1, m_limits.headTimeoutMs - int(since.elapsed())));
    connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
    const auto readPreface = [this, socket, deadline, since, refuse] {
        const QByteArray peeked = socket->peek(LinkPreface::kMaxBytes + 1);
        const qsizetype end = peeked.indexOf('\n');
        if (end < 0) {
            if (peeked.size() > LinkPreface::kMaxBytes)
                refuse(QStringLiteral("preface too long"));
            return;
        }
        socket->skip(end + 1);
        const std::optional<LinkPreface> preface = LinkPreface::parse(QByteArrayView(peeked).first(end + 1));
        if (!preface || !m_linkAcceptor(*preface)) {
            refuse(preface ? QStringLiteral("wrong secret") : QStringLiteral("malformed preface"));
            return;
        }
        deadline->deleteLater();
        disconnect(socket, nullptr, socket, nullptr);
        if (preface->kind == "http") {
            auto *http = new HttpConnection(socket, m_router, m_gateway, m_metrics, m_limits, since, this);
            http->arrivedOverLink(preface->clientAddress, preface->clientPort);
        } else if (preface->kind == "circuit" && m_circuitLinks) {
            m_circuitLinks(socket, *preface);
        } else {
            refuse(QStringLiteral("unknown kind \"%1\"").arg(QString::fromLatin1(preface->kind)));
        }
    };
    connect(socket, &QIODevice::readyRead, socket, readPreface);
    if (socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(socket, readPreface, Qt::QueuedConnection);
}

void FrontDoor::startLibp2p(QTcpSocket *socket)
{
    if (m_libp2p) {
        m_libp2p(socket);
        return;
    }
    qCInfo(lcLibp2p).noquote() << "closing libp2p connection from" << socket->peerAddress().toString()
                               << ": the libp2p service is not running";
    m_metrics->connectionRejected(QStringLiteral("service_unavailable"));
    socket->abort();
    socket->deleteLater();
}

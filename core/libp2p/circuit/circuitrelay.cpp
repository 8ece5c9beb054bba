#include "circuitrelay.h"

#include "circuitbridge.h"
#include "circuitlink.h"
#include "circuitlinkdialer.h"
#include "libp2p/host/libp2pconnection.h"
#include "libp2p/multiaddr/multiaddrprotocol.h"
#include "libp2p/multistream/lengthprefixed.h"
#include "libp2p/multistream/messagestreamreader.h"
#include "libp2p/proto/circuit.pb.h"
#include "libp2p/yamux/yamuxsession.h"
#include "libp2p/yamux/yamuxstream.h"
#include "log/logcategories.h"
#include "net/link/framedlinkendpoint.h"
#include "sessions/session.h"
#include "stopdialer.h"
#include "voucher.h"

#include <QDateTime>
#include <QTcpSocket>
#include <QTimer>
#include <memory>

namespace Libp2p::Circuit {

namespace {
using Proto::Circuit::HopMessage;

const QString ServiceName = QStringLiteral("libp2p");

quint64 positiveEnv(const char *name, quint64 fallback)
{
    bool ok = false;
    const qint64 value = qEnvironmentVariable(name).toLongLong(&ok);
    return ok && value > 0 ? quint64(value) : fallback;
}

bool isRelayed(const Libp2pConnection *connection)
{
    return connection->remoteAddress() && connection->remoteAddress()->contains(MultiaddrCode::P2pCircuit);
}

void setLimit(HopMessage &message, const CircuitBridge::Limits &limits)
{
    if (limits.durationSeconds > 0)
        message.mutable_limit()->set_duration(limits.durationSeconds);
    if (limits.dataBytes > 0)
        message.mutable_limit()->set_data(limits.dataBytes);
}

// After our answer the stream only waits for the peer's FIN; do not let it linger past this.
constexpr int LingerMs = 30000;
} // namespace

CircuitRelay::Options CircuitRelay::Options::fromEnvironment()
{
    Options options;
    options.circuit.dataBytes = positiveEnv("SWITCHBOARD_LIBP2P_CIRCUIT_DATA_LIMIT", options.circuit.dataBytes);
    options.circuit.durationSeconds = quint32(qMin<quint64>(
        positiveEnv("SWITCHBOARD_LIBP2P_CIRCUIT_DURATION_LIMIT", options.circuit.durationSeconds), 0xffffffffu));
    options.reservations.maxReservations = int(qMin<quint64>(
        positiveEnv("SWITCHBOARD_LIBP2P_CIRCUIT_MAX_RESERVATIONS", quint64(options.reservations.maxReservations)),
        1000000));
    options.reservations.ttlSeconds = qint64(qMin<quint64>(
        positiveEnv("SWITCHBOARD_LIBP2P_CIRCUIT_RESERVATION_TTL", quint64(options.reservations.ttlSeconds)),
        365ull * 24 * 3600));
    return options;
}

CircuitRelay::CircuitRelay(IdentityKey identity, SessionRegistry *registry, const Options &options,
                           AddressSource listenAddrs, QObject *parent)
    : QObject(parent),
      m_identity(std::move(identity)),
      m_registry(registry),
      m_options(options),
      m_listenAddrs(std::move(listenAddrs)),
      m_reservations(options.reservations)
{
}

void CircuitRelay::handleHop(YamuxStream *stream, Libp2pConnection *connection, const QByteArray &leftover)
{
    auto *reader = new MessageStreamReader(stream, MaxMessageBytes, stream);
    auto *timeout = new QTimer(reader);
    timeout->setSingleShot(true);
    connect(timeout, &QTimer::timeout, stream, [stream] { stream->close(1008, QStringLiteral("no hop request")); });
    timeout->start(m_options.requestTimeoutMs);
    const QPointer<Libp2pConnection> from(connection);
    connect(reader, &MessageStreamReader::messageReceived, this, [this, stream, reader, from](const QByteArray &body) {
        // One request per stream: whatever follows it is relayed data (CONNECT) or nothing.
        const QByteArray early = reader->stop();
        stream->pauseReading();
        reader->deleteLater();
        if (!from) {
            stream->close(1011, QStringLiteral("connection gone"));
            return;
        }
        onRequest(stream, from, body, early);
    });
    connect(reader, &MessageStreamReader::failed, stream, [stream](const QString &reason) {
        stream->close(1002, reason);
    });
    connect(reader, &MessageStreamReader::streamEnded, stream, [stream] { stream->finishWriting(); });
    reader->start(leftover);
}

void CircuitRelay::answer(YamuxStream *stream, int status, bool thenFinish)
{
    HopMessage message;
    message.set_type(HopMessage::STATUS);
    message.set_status(Proto::Circuit::Status(status));
    stream->send(LengthPrefixed::frame(message), false);
    if (!thenFinish)
        return;
    stream->finishWriting();
    // Reading on only to see the peer's FIN (which completes the close); data is ignored.
    stream->resumeReading();
    QTimer::singleShot(LingerMs, stream, [stream] { stream->close(1000, QString()); });
}

void CircuitRelay::onRequest(YamuxStream *stream, Libp2pConnection *connection, const QByteArray &body,
                             const QByteArray &early)
{
    HopMessage request;
    if (!LengthPrefixed::parse(body, &request) || !request.has_type()) {
        answer(stream, Proto::Circuit::MALFORMED_MESSAGE, true);
        return;
    }
    if (request.type() == HopMessage::STATUS) {
        answer(stream, Proto::Circuit::UNEXPECTED_MESSAGE, true);
        return;
    }
    // A relay behind a relay would multiply every limit: the spec forbids both requests there.
    if (isRelayed(connection)) {
        answer(stream, Proto::Circuit::PERMISSION_DENIED, true);
        return;
    }
    if (request.type() == HopMessage::RESERVE) {
        reserve(stream, connection);
        return;
    }
    if (!request.has_peer() || !request.peer().has_id()) {
        answer(stream, Proto::Circuit::MALFORMED_MESSAGE, true);
        return;
    }
    connectTo(stream, connection, QByteArray::fromStdString(request.peer().id()), early);
}

void CircuitRelay::reserve(YamuxStream *stream, Libp2pConnection *connection)
{
    const PeerId peer = connection->remotePeerId();
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const auto expire = m_reservations.reserve(peer, now);
    if (!expire) {
        qCInfo(lcLibp2p).noquote() << "reservation refused for" << peer.toString() << ": table full";
        answer(stream, Proto::Circuit::RESOURCE_LIMIT_EXCEEDED, true);
        return;
    }
    if (m_reservedOn.value(peer) != connection) {
        m_reservedOn.insert(peer, connection);
        // The reservation lives with the connection it was made on: the relay cannot reach the
        // peer through another one it did not choose.
        connect(connection, &Libp2pConnection::finished, this, [this, peer, from = QPointer(connection)] {
            const auto it = m_reservedOn.constFind(peer);
            if (it != m_reservedOn.constEnd() && (it.value() == from || !it.value())) {
                m_reservedOn.remove(peer);
                m_reservations.remove(peer);
                if (m_cluster.released)
                    m_cluster.released(peer);
            }
        });
    }

    HopMessage message;
    message.set_type(HopMessage::STATUS);
    message.set_status(Proto::Circuit::OK);
    auto *reservation = message.mutable_reservation();
    reservation->set_expire(quint64(*expire));
    QList<Multiaddr> addrs = m_listenAddrs ? m_listenAddrs() : QList<Multiaddr>();
    if (addrs.isEmpty() && connection->localAddress())
        addrs.append(*connection->localAddress());
    for (const Multiaddr &address : addrs)
        reservation->add_addrs(address.withPeerId(m_identity.peerId()).toBytes().toStdString());
    const QByteArray voucher = Voucher::make(m_identity, peer, quint64(*expire));
    if (!voucher.isEmpty())
        reservation->set_voucher(voucher.toStdString());
    setLimit(message, m_options.circuit);
    stream->send(LengthPrefixed::frame(message), false);
    stream->finishWriting();
    stream->resumeReading();
    QTimer::singleShot(LingerMs, stream, [stream] { stream->close(1000, QString()); });
    if (m_cluster.reserved)
        m_cluster.reserved(peer);
    qCInfo(lcLibp2p).noquote() << "reservation for" << peer.toString() << "until" << *expire;
}

void CircuitRelay::connectTo(YamuxStream *stream, Libp2pConnection *connection, const QByteArray &peerId,
                             const QByteArray &early)
{
    const auto target = PeerId::fromBytes(peerId);
    if (!target) {
        answer(stream, Proto::Circuit::MALFORMED_MESSAGE, true);
        return;
    }
    const QPointer<Libp2pConnection> targetConnection = m_reservedOn.value(*target);
    const bool reservedHere = m_reservations.has(*target, QDateTime::currentSecsSinceEpoch()) && targetConnection
                              && targetConnection->isReady();
    if (!reservedHere && !m_cluster.locate) {
        answer(stream, Proto::Circuit::NO_RESERVATION, true);
        return;
    }
    if (m_activeCircuits >= m_options.maxCircuits) {
        answer(stream, Proto::Circuit::RESOURCE_LIMIT_EXCEEDED, true);
        return;
    }
    const PeerId source = connection->remotePeerId();
    if (reservedHere)
        dialStop(stream, source, *target, targetConnection, early);
    else
        dialNode(stream, source, *target, connection->remoteAddress().value_or(Multiaddr()), early);
}

std::shared_ptr<bool> CircuitRelay::pendingWhile(QObject *dialer)
{
    ++m_activeCircuits; // counted from the handshake on: pending circuits use resources too
    auto settled = std::make_shared<bool>(false);
    connect(dialer, &QObject::destroyed, this, [this, settled] {
        if (!*settled)
            --m_activeCircuits;
    });
    return settled;
}

void CircuitRelay::sendOk(YamuxStream *stream)
{
    HopMessage ok;
    ok.set_type(HopMessage::STATUS);
    ok.set_status(Proto::Circuit::OK);
    setLimit(ok, m_options.circuit);
    stream->send(LengthPrefixed::frame(ok), false);
}

void CircuitRelay::bridge(PipeEndpoint *source, const QByteArray &sourceEarly, PipeEndpoint *target,
                          const QByteArray &targetEarly, const QString &sessionKey, const QString &description)
{
    auto *bridge = new CircuitBridge(source, sourceEarly, target, targetEarly, m_registry, sessionKey,
                                     m_options.circuit, this);
    connect(bridge, &CircuitBridge::finished, this, [this, description] {
        --m_activeCircuits;
        qCInfo(lcLibp2p).noquote() << "circuit" << description << "ended";
    });
    qCInfo(lcLibp2p).noquote() << "circuit" << description << "established";
    bridge->start();
}

void CircuitRelay::dialStop(YamuxStream *stream, const PeerId &source, const PeerId &target,
                            Libp2pConnection *targetConnection, const QByteArray &early)
{
    auto *dialer = new StopDialer(targetConnection, source, m_options.circuit.durationSeconds,
                                  m_options.circuit.dataBytes, m_options.requestTimeoutMs, this);
    const auto settled = pendingWhile(dialer);
    const QPointer<YamuxStream> sourceStream(stream);
    // The source gives up (resets its hop stream) while we dial: drop the attempt.
    connect(stream, &PipeEndpoint::closed, dialer, [dialer] { dialer->deleteLater(); });
    const QString description = QStringLiteral("%1 -> %2").arg(source.toString(), target.toString());
    connect(dialer, &StopDialer::failed, this, [this, sourceStream, settled, description](const QString &reason) {
        *settled = true;
        --m_activeCircuits;
        qCInfo(lcLibp2p).noquote() << "circuit" << description << "failed:" << reason;
        if (sourceStream)
            answer(sourceStream, Proto::Circuit::CONNECTION_FAILED, true);
    });
    connect(dialer, &StopDialer::connected, this,
            [this, sourceStream, settled, description, early, source](YamuxStream *targetStream,
                                                                      const QByteArray &targetEarly) {
                *settled = true;
                if (!sourceStream) {
                    --m_activeCircuits;
                    targetStream->close(1011, QStringLiteral("source gone"));
                    return;
                }
                sendOk(sourceStream);
                bridge(sourceStream, early, targetStream, targetEarly, Session::keyFor(ServiceName, source.toString()),
                       description);
            });
    dialer->start();
}

void CircuitRelay::dialNode(YamuxStream *stream, const PeerId &source, const PeerId &target,
                            const Multiaddr &sourceAddress, const QByteArray &early)
{
    // Counted while the cluster is asked too: a flood of CONNECTs to unknown peers stays bounded.
    auto *asking = new QObject(this);
    auto askingSettled = pendingWhile(asking);
    connect(stream, &PipeEndpoint::closed, asking, &QObject::deleteLater);
    const QPointer<YamuxStream> sourceStream(stream);
    const QPointer<QObject> stillAsking(asking);
    m_cluster.locate(target, source, sourceAddress, [=, this](std::optional<LinkTarget> link) {
        if (!stillAsking)
            return; // the source gave up meanwhile
        *askingSettled = true;
        --m_activeCircuits;
        delete stillAsking.data();
        if (!sourceStream)
            return;
        if (!link) {
            answer(sourceStream, Proto::Circuit::NO_RESERVATION, true);
            return;
        }
        auto *dialer = new CircuitLinkDialer(*link, m_options.requestTimeoutMs, this);
        const auto settled = pendingWhile(dialer);
        connect(sourceStream, &PipeEndpoint::closed, dialer, &QObject::deleteLater);
        const QString description = QStringLiteral("%1 -> %2 (over a link to %3:%4)")
                                        .arg(source.toString(), target.toString(), link->host)
                                        .arg(link->port);
        connect(dialer, &CircuitLinkDialer::failed, this,
                [this, sourceStream, settled, description](int status, const QString &reason) {
                    *settled = true;
                    --m_activeCircuits;
                    qCInfo(lcLibp2p).noquote() << "circuit" << description << "failed:" << reason;
                    if (sourceStream)
                        answer(sourceStream, status, true);
                });
        connect(dialer, &CircuitLinkDialer::connected, this,
                [this, sourceStream, settled, description, early, source](FramedLinkEndpoint *linkEndpoint) {
                    *settled = true;
                    if (!sourceStream) {
                        --m_activeCircuits;
                        linkEndpoint->close(1011, QStringLiteral("source gone"));
                        return;
                    }
                    sendOk(sourceStream);
                    bridge(sourceStream, early, linkEndpoint, {}, Session::keyFor(ServiceName, source.toString()),
                           description);
                    linkEndpoint->start();
                });
        dialer->start();
    });
}

void CircuitRelay::acceptLink(QTcpSocket *socket, const LinkPreface &preface)
{
    // Refusals answer the status and close; the socket is gone once it said so.
    const auto refuse = [socket](int status) {
        socket->write(CircuitLink::statusLine(status));
        connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
        QTimer::singleShot(LingerMs, socket, &QObject::deleteLater);
        socket->disconnectFromHost();
    };
    const auto source = preface.arguments.size() == 2
                            ? PeerId::fromString(QString::fromLatin1(preface.arguments[0]))
                            : std::nullopt;
    const auto target = preface.arguments.size() == 2
                            ? PeerId::fromString(QString::fromLatin1(preface.arguments[1]))
                            : std::nullopt;
    if (!source || !target) {
        qCWarning(lcLibp2p).noquote() << "circuit link from" << socket->peerAddress().toString()
                                      << "names no source and target peer";
        refuse(Proto::Circuit::MALFORMED_MESSAGE);
        return;
    }
    const QPointer<Libp2pConnection> targetConnection = m_reservedOn.value(*target);
    if (!m_reservations.has(*target, QDateTime::currentSecsSinceEpoch()) || !targetConnection
        || !targetConnection->isReady()) {
        refuse(Proto::Circuit::NO_RESERVATION);
        return;
    }
    if (m_activeCircuits >= m_options.maxCircuits) {
        refuse(Proto::Circuit::RESOURCE_LIMIT_EXCEEDED);
        return;
    }
    auto *dialer = new StopDialer(targetConnection, *source, m_options.circuit.durationSeconds,
                                  m_options.circuit.dataBytes, m_options.requestTimeoutMs, this);
    const auto settled = pendingWhile(dialer);
    const QPointer<QTcpSocket> link(socket);
    // The source's node gives up (closes the link) while we dial: drop the attempt.
    connect(socket, &QAbstractSocket::disconnected, dialer, &QObject::deleteLater);
    connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
    const QString description = QStringLiteral("%1 -> %2 (over a link from %3)")
                                    .arg(source->toString(), target->toString(), socket->peerAddress().toString());
    connect(dialer, &StopDialer::failed, this, [this, link, settled, description, refuse](const QString &reason) {
        *settled = true;
        --m_activeCircuits;
        qCInfo(lcLibp2p).noquote() << "circuit" << description << "failed:" << reason;
        if (link)
            refuse(Proto::Circuit::CONNECTION_FAILED);
    });
    connect(dialer, &StopDialer::connected, this,
            [this, link, settled, description, target](YamuxStream *targetStream, const QByteArray &targetEarly) {
                *settled = true;
                if (!link || link->state() != QAbstractSocket::ConnectedState) {
                    --m_activeCircuits;
                    targetStream->close(1011, QStringLiteral("source gone"));
                    return;
                }
                disconnect(link, &QAbstractSocket::disconnected, link, nullptr);
                link->write(CircuitLink::statusLine(Proto::Circuit::OK));
                auto *linkEndpoint = new FramedLinkEndpoint(link, {}, QStringLiteral("node link"));
                // The bytes count into the target's session: the source has none on this node.
                bridge(linkEndpoint, {}, targetStream, targetEarly, Session::keyFor(ServiceName, target->toString()),
                       description);
                linkEndpoint->start();
            });
    dialer->start();
}

} // namespace Libp2p::Circuit

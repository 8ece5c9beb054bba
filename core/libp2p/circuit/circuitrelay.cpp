#include "circuitrelay.h"

#include "circuitbridge.h"
#include "libp2p/host/libp2pconnection.h"
#include "libp2p/multiaddr/multiaddrprotocol.h"
#include "libp2p/multistream/lengthprefixed.h"
#include "libp2p/multistream/messagestreamreader.h"
#include "libp2p/proto/circuit.pb.h"
#include "libp2p/yamux/yamuxsession.h"
#include "libp2p/yamux/yamuxstream.h"
#include "log/logcategories.h"
#include "sessions/session.h"
#include "stopdialer.h"
#include "voucher.h"

#include <QDateTime>
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
    if (!m_reservations.has(*target, QDateTime::currentSecsSinceEpoch()) || !targetConnection
        || !targetConnection->isReady()) {
        answer(stream, Proto::Circuit::NO_RESERVATION, true);
        return;
    }
    if (m_activeCircuits >= m_options.maxCircuits) {
        answer(stream, Proto::Circuit::RESOURCE_LIMIT_EXCEEDED, true);
        return;
    }
    ++m_activeCircuits; // counted from the stop handshake on: pending ones use resources too
    const PeerId source = connection->remotePeerId();
    auto *dialer = new StopDialer(targetConnection, source, m_options.circuit.durationSeconds,
                                  m_options.circuit.dataBytes, m_options.requestTimeoutMs, this);
    const QPointer<YamuxStream> sourceStream(stream);
    // The source gives up (resets its hop stream) while we dial: drop the attempt.
    connect(stream, &PipeEndpoint::closed, dialer, [dialer] { dialer->deleteLater(); });
    const QString description = QStringLiteral("%1 -> %2").arg(source.toString(), target->toString());
    auto settled = std::make_shared<bool>(false);
    // Whatever happens to the dialer, exactly one of these runs (or the destroyed fallback).
    connect(dialer, &StopDialer::failed, this, [this, sourceStream, settled, description](const QString &reason) {
        *settled = true;
        --m_activeCircuits;
        qCInfo(lcLibp2p).noquote() << "circuit" << description << "failed:" << reason;
        if (sourceStream)
            answer(sourceStream, Proto::Circuit::CONNECTION_FAILED, true);
    });
    connect(dialer, &StopDialer::connected, this,
            [this, sourceStream, settled, description, early,
             source](YamuxStream *targetStream, const QByteArray &targetEarly) {
                *settled = true;
                if (!sourceStream) {
                    --m_activeCircuits;
                    targetStream->close(1011, QStringLiteral("source gone"));
                    return;
                }
                HopMessage ok;
                ok.set_type(HopMessage::STATUS);
                ok.set_status(Proto::Circuit::OK);
                setLimit(ok, m_options.circuit);
                sourceStream->send(LengthPrefixed::frame(ok), false);
                auto *bridge = new CircuitBridge(sourceStream, early, targetStream, targetEarly, m_registry,
                                                 Session::keyFor(ServiceName, source.toString()), m_options.circuit,
                                                 this);
                connect(bridge, &CircuitBridge::finished, this, [this, description] {
                    --m_activeCircuits;
                    qCInfo(lcLibp2p).noquote() << "circuit" << description << "ended";
                });
                qCInfo(lcLibp2p).noquote() << "circuit" << description << "established";
                bridge->start();
            });
    connect(dialer, &QObject::destroyed, this, [this, settled] {
        if (!*settled) // deleted because the source went away before the target answered
            --m_activeCircuits;
    });
    dialer->start();
}

} // namespace Libp2p::Circuit

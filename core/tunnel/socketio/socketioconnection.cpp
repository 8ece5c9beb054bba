#include "socketioconnection.h"

#include "engineiosession.h"
#include "log/logcategories.h"

#include <QTimer>
#include <memory>

namespace {

QJsonArray errorAnswer(const QString &error)
{
    return QJsonArray{QJsonObject{{QStringLiteral("error"), error}}};
}

QString eventName(const QJsonValue &value)
{
    if (value.isString())
        return value.toString();
    // The protocol also allows a number as the name.
    const double number = value.toDouble();
    if (number == double(qint64(number)))
        return QString::number(qint64(number));
    return QString::number(number, 'g', 17);
}

} // namespace

SocketIoConnection::SocketIoConnection(EngineIoSession *engine, const QString &id, const QJsonObject &auth,
                                       const Limits &limits, QObject *parent)
    : SocketIoClient(parent), m_engine(engine), m_id(id), m_auth(auth), m_openingRequest(engine->openingRequest()),
      m_limits(limits)
{
    connect(engine, &EngineIoSession::drained, this, &SocketIoClient::drained);
}

qint64 SocketIoConnection::unsentBytes() const
{
    return m_engine ? m_engine->unsentBytes() : 0;
}

SocketIoConnection::~SocketIoConnection() = default;

void SocketIoConnection::sendPacket(const SocketIoPacket &packet)
{
    if (m_engine)
        m_engine->sendMessage(packet.encode());
}

void SocketIoConnection::accept()
{
    if (m_state != State::Pending)
        return;
    m_state = State::Accepted;
    SocketIoPacket connect;
    connect.type = SocketIoPacket::Type::Connect;
    connect.data = QJsonObject{{QStringLiteral("sid"), m_id}};
    sendPacket(connect);
    for (const SocketIoPacket &packet : std::exchange(m_heldOutgoing, {}))
        sendPacket(packet);
    emit accepted();
    if (!m_heldIncoming.isEmpty() && !m_deliveryScheduled) {
        m_deliveryScheduled = true;
        QMetaObject::invokeMethod(this, &SocketIoConnection::deliverHeldEvents, Qt::QueuedConnection);
    }
}

void SocketIoConnection::refuse(const QString &message)
{
    if (m_state != State::Pending) {
        qCWarning(lcTunnel).noquote() << "socket.io client" << m_id << ": refuse() after the CONNECT was answered; ignored";
        return;
    }
    SocketIoPacket refusal;
    refusal.type = SocketIoPacket::Type::ConnectError;
    refusal.data = QJsonObject{{QStringLiteral("message"), message}};
    sendPacket(refusal);
    // The refusal goes out first; then the session closes (the client gives up on connect_error
    // and does not reconnect by itself). Ended before the close, which may report back at once.
    const QPointer<EngineIoSession> engine = m_engine;
    end(QStringLiteral("connection refused"), true);
    if (engine)
        engine->close(QStringLiteral("connection refused"));
}

void SocketIoConnection::disconnectClient()
{
    if (m_state == State::Ended)
        return;
    SocketIoPacket disconnect;
    disconnect.type = SocketIoPacket::Type::Disconnect;
    sendPacket(disconnect);
    const QPointer<EngineIoSession> engine = m_engine;
    end(QStringLiteral("server namespace disconnect"), true);
    if (engine)
        engine->close(QStringLiteral("server namespace disconnect"));
}

void SocketIoConnection::emitEvent(const QString &name, const QJsonArray &args, AckCallback onAck, int ackTimeoutMs)
{
    if (m_state == State::Ended) {
        if (onAck)
            failAckSoon(onAck);
        return;
    }
    if (m_state == State::Pending && m_heldOutgoing.size() >= m_limits.maxHeldEvents) {
        qCWarning(lcTunnel).noquote() << "socket.io client" << m_id << ": event" << name
                                      << "dropped: too many emitted before the CONNECT was answered";
        if (onAck)
            failAckSoon(onAck);
        return;
    }
    QJsonArray nameAndArgs = args;
    nameAndArgs.prepend(name);
    qint64 ackId = -1;
    if (onAck) {
        ackId = m_nextAckId++;
        auto *timer = new QTimer(this);
        timer->setSingleShot(true);
        connect(timer, &QTimer::timeout, this, [this, ackId] { onAckTimeout(ackId); });
        timer->start(std::max(0, ackTimeoutMs));
        m_pendingAcks.insert(ackId, PendingAck{onAck, timer});
    }
    const SocketIoPacket packet = SocketIoPacket::event(nameAndArgs, ackId);
    if (m_state == State::Pending)
        m_heldOutgoing.append(packet);
    else
        sendPacket(packet);
}

void SocketIoConnection::setRawEventHandler(const QString &name, RawEventHandler handler)
{
    const QByteArray key = name.toUtf8();
    m_rawLanes.removeIf([&key](const RawLane &lane) { return lane.name == key; });
    if (handler)
        m_rawLanes.append({key, std::move(handler)});
}

void SocketIoConnection::emitEventJson(QByteArrayView eventJson)
{
    if (m_state == State::Pending) {
        // Held packets are kept parsed; this is rare (nothing is emitted before the CONNECT on
        // the hot path), so the usual way is good enough.
        SocketIoClient::emitEventJson(eventJson);
        return;
    }
    if (m_state != State::Accepted || !m_engine)
        return;
    // An EVENT without namespace or ack id is the type digit followed by the array.
    QByteArray packet;
    packet.reserve(eventJson.size() + 1);
    packet.append(char('0' + int(SocketIoPacket::Type::Event)));
    packet.append(eventJson);
    m_engine->sendMessage(packet);
}

bool SocketIoConnection::deliverToRawLane(const QByteArray &packetText)
{
    // Only `2["name",...`: an EVENT for "/" without an ack id, whose name has no escapes. Events
    // held before the CONNECT was answered keep their order by taking the usual path.
    if (m_rawLanes.isEmpty() || m_state != State::Accepted || !m_heldIncoming.isEmpty())
        return false;
    constexpr QByteArrayView prefix("2[\"");
    if (!QByteArrayView(packetText).startsWith(prefix))
        return false;
    const qsizetype nameEnd = packetText.indexOf('"', prefix.size());
    if (nameEnd < 0)
        return false;
    const QByteArrayView name = QByteArrayView(packetText).sliced(prefix.size(), nameEnd - prefix.size());
    if (name.contains('\\'))
        return false;
    // A lane or two per connection: a scan compares the name in place, no string is built.
    for (const RawLane &lane : m_rawLanes) {
        if (lane.name == name)
            return lane.handler(QByteArrayView(packetText).sliced(1));
    }
    return false;
}

bool SocketIoConnection::handlePacket(const SocketIoPacket &packet, qsizetype wireBytes, QString *error)
{
    if (m_state == State::Ended)
        return true;
    switch (packet.type) {
    case SocketIoPacket::Type::Event:
        if (m_state == State::Pending || !m_heldIncoming.isEmpty()) {
            if (m_heldIncoming.size() >= m_limits.maxHeldEvents
                || m_heldIncomingBytes + wireBytes > m_limits.maxHeldBytes) {
                *error = QStringLiteral("too many events before the connection was accepted");
                return false;
            }
            m_heldIncoming.append(packet);
            m_heldIncomingBytes += wireBytes;
            return true;
        }
        deliverEvent(packet);
        return true;
    case SocketIoPacket::Type::Ack: {
        // An ack nobody waits for (timed out, or never asked) is ignored, as the reference does.
        const auto it = m_pendingAcks.constFind(packet.ackId);
        if (it == m_pendingAcks.constEnd())
            return true;
        const PendingAck pending = *it;
        m_pendingAcks.erase(it);
        delete pending.timer;
        pending.callback(packet.data.toArray());
        return true;
    }
    case SocketIoPacket::Type::Disconnect:
        end(QStringLiteral("client namespace disconnect"), true);
        return true;
    default:
        *error = QStringLiteral("unexpected packet type %1").arg(int(packet.type));
        return false;
    }
}

void SocketIoConnection::deliverEvent(const SocketIoPacket &packet)
{
    QJsonArray args = packet.data.toArray();
    const QString name = eventName(args.takeAt(0));
    AckCallback ack;
    if (packet.hasAckId()) {
        const qint64 ackId = packet.ackId;
        auto answered = std::make_shared<bool>(false);
        QPointer<SocketIoConnection> self(this);
        ack = [self, answered, ackId](const QJsonArray &response) {
            if (*answered || !self || self->m_state != State::Accepted)
                return;
            *answered = true;
            self->sendPacket(SocketIoPacket::ack(ackId, response));
        };
    }
    emit eventReceived(name, args, ack);
}

void SocketIoConnection::deliverHeldEvents()
{
    m_deliveryScheduled = false;
    QPointer<SocketIoConnection> self(this);
    while (self && m_state == State::Accepted && !m_heldIncoming.isEmpty()) {
        const SocketIoPacket packet = m_heldIncoming.takeFirst();
        deliverEvent(packet);
    }
    if (self)
        m_heldIncomingBytes = 0;
}

void SocketIoConnection::onAckTimeout(qint64 ackId)
{
    const auto it = m_pendingAcks.constFind(ackId);
    if (it == m_pendingAcks.constEnd())
        return;
    const PendingAck pending = *it;
    m_pendingAcks.erase(it);
    pending.timer->deleteLater();
    pending.callback(errorAnswer(QStringLiteral("Request timeout")));
}

void SocketIoConnection::failAckSoon(const AckCallback &callback)
{
    // Never from inside emitEvent(): the caller may not have recorded the request yet.
    QTimer::singleShot(0, parent() ? parent() : this,
                       [callback] { callback(errorAnswer(QStringLiteral("Connection closed"))); });
}

void SocketIoConnection::transportClosed(const QString &reason)
{
    if (m_state != State::Ended)
        end(reason, true);
}

void SocketIoConnection::serverShutDown()
{
    if (m_state != State::Ended)
        end(QStringLiteral("server shutting down"), false);
}

void SocketIoConnection::end(const QString &reason, bool callAcks)
{
    if (m_state == State::Ended)
        return;
    m_state = State::Ended;
    m_heldIncoming.clear();
    m_heldIncomingBytes = 0;
    m_heldOutgoing.clear();
    const QHash<qint64, PendingAck> pending = std::exchange(m_pendingAcks, {});
    for (const PendingAck &ack : pending)
        delete ack.timer;
    qCDebug(lcTunnel).noquote() << "socket.io client" << m_id << "disconnected:" << reason;
    if (callAcks) {
        // In the order they were asked for.
        QList<qint64> ids = pending.keys();
        std::sort(ids.begin(), ids.end());
        QPointer<SocketIoConnection> self(this);
        for (const qint64 id : ids)
            pending.value(id).callback(errorAnswer(QStringLiteral("Connection closed")));
        if (!self)
            return;
    }
    emit disconnected(reason);
}

#include "meshservice.h"

#include "cluster/cluster.h"
#include "sessions/sessioncontrol.h"

#include "log/logcategories.h"
#include "meshadmission.h"
#include "meshframes.h"
#include "meshmessagehandler.h"
#include "meshmessages.h"
#include "meshpath.h"
#include "meshpeer.h"
#include "meshroom.h"
#include "net/router.h"
#include "net/websocket/websocketconnection.h"
#include "devices/deviceregistry.h"
#include "relay.h"

#include <QDateTime>

namespace {

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

// The cluster's name for the hold on a mesh's room.
QByteArray holdName(const QString &meshId)
{
    return "mesh:" + meshId.toUtf8();
}

} // namespace

MeshService::MeshService(Relay *relay)
    : QObject(relay), m_relay(relay), m_limits(MeshLimits::fromEnvironment())
{
    Route route;
    route.name = QStringLiteral("mesh");
    route.priority = 10;
    // The whole /relay/ prefix is ours: a malformed mesh id gets a clear close from us rather
    // than falling through to another service's catch-all.
    route.matches = Router::pathStartsWith(MeshPath::prefix());
    route.maxWebSocketMessageBytes = m_limits.maxMessageBytes;
    route.webSocket = [this](WebSocketConnection *connection) { accept(connection); };
    // Cluster mode: a mesh's room lives on one node, the first to hold it; members that arrive
    // at other nodes are carried over to that one, so broadcasts and directs reach everyone.
    if (Cluster *cluster = relay->cluster()) {
        route.placement = cluster->placementHolding([maxChars = m_limits.maxMeshIdChars](const HttpRequest &r) {
            const auto meshId = MeshPath::meshIdFrom(r.path, maxChars);
            return meshId ? holdName(*meshId) : QByteArray();
        });
    }
    relay->router().addRoute(std::move(route));
    relay->addServiceFigures(QStringLiteral("mesh"), [this] { return figures(); });

    // One timer for every peer and room; a quarter of the shortest timeout keeps each within 25 %.
    const qint64 shortest = std::min({m_limits.idleTimeoutMs, m_limits.llmTimeoutMs, m_limits.slowPeerGraceMs});
    m_housekeeping.start(int(std::clamp<qint64>(shortest / 4, 50, 1000)));
    connect(&m_housekeeping, &QTimer::timeout, this, &MeshService::housekeeping);
    connect(relay->devices(), &DeviceRegistry::deviceRevoked, this, &MeshService::disconnectDevice);
    // The tray's "Disconnect" on a mesh: every node of it is closed; the room ends when empty.
    SessionControl::of(relay->sessions())->addHandler(QStringLiteral("mesh"), this, [this](const QString &meshId) {
        MeshRoom *room = m_rooms.value(meshId);
        if (!room)
            return false;
        const MeshRoom::Close close{WebSocketCloseCode::Normal, QStringLiteral("Disconnected by the relay's owner")};
        const QList<MeshPeer *> members = room->members();
        for (MeshPeer *peer : members)
            room->remove(peer, close);
        return true;
    });
}

void MeshService::disconnectDevice(const QString &deviceId)
{
    const QList<QPointer<MeshPeer>> peers = m_devicePeers.values(deviceId);
    m_devicePeers.remove(deviceId);
    const MeshRoom::Close close{WebSocketCloseCode::PolicyViolation, QStringLiteral("Device revoked")};
    for (const QPointer<MeshPeer> &peer : peers) {
        if (!peer || peer->state() == MeshPeer::State::Leaving)
            continue;
        qCInfo(lcMesh).noquote() << "closing mesh node" << peer->nodeId() << "of revoked device" << deviceId;
        if (MeshRoom *room = peer->room()) {
            room->remove(peer, close);
        } else {
            peer->close(close.code, close.reason);
        }
    }
}

MeshService::~MeshService() = default;

QJsonObject MeshService::figures() const
{
    int peers = 0;
    for (const MeshRoom *room : m_rooms)
        peers += room->size();
    return {{QStringLiteral("meshes"), int(m_rooms.size())},
            {QStringLiteral("mesh_peers"), peers},
            {QStringLiteral("registered_meshes"), m_registrations.count()}};
}

void MeshService::accept(WebSocketConnection *connection)
{
    const auto meshId = MeshPath::meshIdFrom(connection->request().path, m_limits.maxMeshIdChars);
    if (!meshId) {
        connection->close(WebSocketCloseCode::PolicyViolation, QStringLiteral("Invalid mesh id"));
        return;
    }
    auto *peer = new MeshPeer(connection, connection->peerAddress().toString(), *meshId,
                              m_limits.maxFramesPerSecond, this);
    connect(connection, &PipeEndpoint::received, peer,
            [this, peer](const QByteArray &data, bool text) { onFrame(peer, data, text); });
    connect(connection, &PipeEndpoint::closed, peer, [this, peer] { onClosed(peer); });
    m_unadmitted.insert(peer);
    ++m_unadmittedPerMesh[*meshId];
    connect(&peer->registrationTimer(), &QTimer::timeout, peer, [peer] {
        if (peer->state() == MeshPeer::State::AwaitingRegistration) {
            qCInfo(lcMesh).noquote() << "no registration from" << peer->remoteAddress() << "in time";
            peer->close(WebSocketCloseCode::PolicyViolation, QStringLiteral("Registration timeout"));
        }
    });
    peer->registrationTimer().start(int(m_limits.registrationTimeoutMs));
}

void MeshService::onFrame(MeshPeer *peer, const QByteArray &data, bool text)
{
    if (peer->state() == MeshPeer::State::Leaving)
        return;
    const qint64 now = nowMs();
    if (!peer->allowFrame(now)) {
        qCInfo(lcMesh).noquote() << "closing mesh peer" << peer->nodeId() << "from" << peer->remoteAddress()
                                 << ": more than" << m_limits.maxFramesPerSecond << "frames a second";
        const QByteArray error = MeshFrames::error(QStringLiteral("RATE_LIMITED"), QStringLiteral("Too many messages"));
        const MeshRoom::Close close{WebSocketCloseCode::PolicyViolation, QStringLiteral("Rate limit exceeded")};
        if (MeshRoom *room = peer->room()) {
            room->countReceived(data.size());
            room->deliver(peer, error);
            room->remove(peer, close);
        } else {
            peer->send(error);
            peer->close(close.code, close.reason);
        }
        return;
    }
    peer->noteMessage(now);
    if (peer->state() == MeshPeer::State::AwaitingRegistration) {
        admit(peer, data, text);
        return;
    }
    MeshRoom *room = peer->room();
    if (!room)
        return;
    room->countReceived(data.size());
    MeshMessageHandler::handle(*room, *peer, MeshMessages::parse(data, text), m_limits, now);
    room->settle();
}

void MeshService::admit(MeshPeer *peer, const QByteArray &data, bool text)
{
    peer->registrationTimer().stop();
    const MeshMessages::JoinParse parsed = MeshMessages::parseJoin(MeshMessages::parse(data, text), m_limits);
    if (parsed.refusal) {
        refuse(peer, *parsed.refusal);
        return;
    }
    const MeshMessages::JoinRequest &request = parsed.request;
    const QString &meshId = peer->meshId();
    MeshRoom *existingRoom = m_rooms.value(meshId, nullptr);

    AdmissionContext context;
    context.meshId = meshId;
    const auto configured = m_relay->settings().meshTokens.constFind(meshId);
    if (configured != m_relay->settings().meshTokens.cend())
        context.configuredToken = *configured;
    context.registrations = &m_registrations;
    context.nodeIdConnected = existingRoom && existingRoom->member(request.nodeId);
    context.peersInMesh = existingRoom ? existingRoom->size() : 0;
    context.meshHasPeers = existingRoom != nullptr;
    context.meshCount = int(m_rooms.size());
    context.nowSeconds = double(nowMs()) / 1000.0;
    context.limits = m_limits;
    DeviceRegistry *devices = m_relay->devices();
    context.deviceForToken = [devices](const QString &token) { return devices->findByToken(token); };

    const Admission admission = decideAdmission(request, context);
    if (admission.refusal) {
        qCInfo(lcMesh).noquote() << "refused node" << request.nodeId << "from" << peer->remoteAddress() << ":"
                                 << admission.refusal->closeReason;
        refuse(peer, *admission.refusal);
        return;
    }

    // Every check has passed; only now does anything change.
    if (admission.newRegistration) {
        m_registrations.add(meshId, *admission.newRegistration);
        qCInfo(lcMesh).noquote() << "founder" << request.nodeId << "registered a mesh";
    }
    if (admission.usedToken)
        m_registrations.recordNonce(meshId, admission.usedToken->nonce, request.nodeId,
                                    admission.usedToken->expiresAt.toDouble());
    if (admission.deviceId) {
        devices->deviceForToken(request.token.toString()); // marks it seen
        m_devicePeers.insert(*admission.deviceId, peer);
    }
    forgetUnadmitted(peer);
    MeshRoom *room = roomFor(meshId);
    room->countReceived(data.size());
    if (admission.sendMeshRegistered)
        room->deliver(peer, MeshFrames::meshRegistered());
    // Claims beyond the token's grant are dropped, not fatal: the member joins holding the rest
    // and is told what was refused, after `joined` and `peers` (clients count themselves
    // connected only after `joined`, and might take an earlier error for a failed join).
    peer->setCapabilityGrant(admission.capabilityGrant);
    const CapabilityGrant::Outcome capabilities = admission.capabilityGrant.apply(request.capabilities);
    room->admit(peer, request.nodeId, request.name, capabilities.held, admission.isFounder, context.nowSeconds);
    qCInfo(lcMesh).noquote() << (admission.isFounder ? "founder" : "node") << request.nodeId << "joined a mesh of"
                             << room->size();
    if (!capabilities.refused.isEmpty() && peer->room() == room) {
        qCInfo(lcMesh).noquote() << "node" << request.nodeId << "claimed capabilities its token does not grant:"
                                 << capabilities.refused.join(QStringLiteral(", "));
        room->deliver(peer, MeshFrames::capabilitiesNotGranted(capabilities.refused));
        room->settle();
    }
}

void MeshService::refuse(MeshPeer *peer, const MeshRefusal &refusal)
{
    if (refusal.sendsErrorFrame())
        peer->send(MeshFrames::error(refusal.code, refusal.message));
    peer->close(refusal.closeCode, refusal.closeReason);
}

MeshRoom *MeshService::roomFor(const QString &meshId)
{
    const MeshRegistrations::Registration *registration = m_registrations.find(meshId);
    const QString name = registration && !registration->meshName.isEmpty() ? registration->meshName
                                                                             : MeshMessages::defaultName(meshId);
    if (MeshRoom *room = m_rooms.value(meshId, nullptr)) {
        room->setMeshName(name);
        return room;
    }
    auto *room = new MeshRoom(meshId, name, m_relay->sessions(), m_limits, this);
    m_rooms.insert(meshId, room);
    connect(room, &MeshRoom::emptied, this, [this](MeshRoom *emptied) {
        if (m_rooms.value(emptied->meshId()) == emptied) {
            m_rooms.remove(emptied->meshId());
            if (Cluster *cluster = m_relay->cluster())
                cluster->release(holdName(emptied->meshId()));
        }
        // Later: the room may be in the middle of the call that emptied it.
        emptied->deleteLater();
    });
    return room;
}

void MeshService::onClosed(MeshPeer *peer)
{
    for (auto it = m_devicePeers.begin(); it != m_devicePeers.end();) {
        if (it.value().isNull() || it.value() == peer)
            it = m_devicePeers.erase(it);
        else
            ++it;
    }
    if (MeshRoom *room = peer->room())
        room->remove(peer);
    // The last arrival for a mesh left without joining, and no room formed here: give the
    // cluster's hold on the mesh back (a room that empties gives it back by itself).
    if (forgetUnadmitted(peer) && !m_unadmittedPerMesh.contains(peer->meshId()) && !m_rooms.contains(peer->meshId())) {
        if (Cluster *cluster = m_relay->cluster())
            cluster->release(holdName(peer->meshId()));
    }
    peer->deleteLater();
}

bool MeshService::forgetUnadmitted(const MeshPeer *peer)
{
    if (!m_unadmitted.remove(peer))
        return false;
    const auto it = m_unadmittedPerMesh.find(peer->meshId());
    if (it != m_unadmittedPerMesh.end() && --it.value() <= 0)
        m_unadmittedPerMesh.erase(it);
    return true;
}

void MeshService::housekeeping()
{
    const qint64 now = nowMs();
    const QList<MeshRoom *> rooms = m_rooms.values();
    for (MeshRoom *room : rooms) {
        room->closeIdleMembers(now, m_limits.idleTimeoutMs);
        room->closeSlowMembers(now);
        room->expireLlmRequests(now);
    }
    if (now - m_lastNonceSweepMs >= 60 * 1000) {
        m_lastNonceSweepMs = now;
        m_registrations.forgetExpiredNonces(double(now) / 1000.0);
    }
}

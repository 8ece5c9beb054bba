#pragma once
// The mesh service: the Atmosphere relay protocol at WS /relay/{mesh_id} (PROTOCOLS.md section 4).
// Devices join a mesh by id, see each other come and go, broadcast and message each other, and
// hand LLM prompts to a capable member.
//
// This class is the wiring: it takes the WebSockets the router hands it, waits for each one's
// first frame (MeshAdmission decides), keeps the rooms (MeshRoom) and founder registrations
// (MeshRegistrations), passes members' frames to MeshMessageHandler, and runs the timers for the
// registration, idle and LLM timeouts.
#include "meshlimits.h"
#include "meshregistrations.h"

#include <QHash>
#include <QSet>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QTimer>

class MeshPeer;
class MeshRoom;
class Relay;
class WebSocketConnection;
struct MeshRefusal;

class MeshService : public QObject
{
    Q_OBJECT
public:
    explicit MeshService(Relay *relay);
    ~MeshService() override;

    // Live counts, without mesh ids: {meshes, mesh_peers, registered_meshes}, the figures the
    // original relay's /health shows.
    QJsonObject figures() const;

private:
    void accept(WebSocketConnection *connection);
    void onFrame(MeshPeer *peer, const QByteArray &data, bool text);
    void onClosed(MeshPeer *peer);
    void admit(MeshPeer *peer, const QByteArray &data, bool text);
    void refuse(MeshPeer *peer, const MeshRefusal &refusal);
    MeshRoom *roomFor(const QString &meshId);
    // Whether `peer` was still waiting to be admitted (it is not any more).
    bool forgetUnadmitted(const MeshPeer *peer);
    void housekeeping();
    void disconnectDevice(const QString &deviceId);

    Relay *m_relay;
    MeshLimits m_limits;
    MeshRegistrations m_registrations;
    QHash<QString, MeshRoom *> m_rooms; // meshes with members
    // Peers connected but not yet in a room, per mesh id: in a cluster this node holds a mesh
    // from a member's arrival, and gives the hold back when the last of these leaves unadmitted.
    QHash<QString, int> m_unadmittedPerMesh;
    QSet<const MeshPeer *> m_unadmitted;
    QTimer m_housekeeping;
    qint64 m_lastNonceSweepMs = 0;
    QMultiHash<QString, QPointer<MeshPeer>> m_devicePeers; // paired device id -> peers its token admitted
};

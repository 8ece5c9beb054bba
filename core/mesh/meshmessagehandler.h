#pragma once
// What a member's frames do once it has joined: ping, broadcast, direct, the LLM request and
// response relay, capabilities_update. Every malformed frame is answered with an error frame and
// the connection stays open; the protocol only closes for the first frame.
#include "meshlimits.h"
#include "meshmessages.h"

class MeshPeer;
class MeshRoom;

namespace MeshMessageHandler {

void handle(MeshRoom &room, MeshPeer &from, const MeshMessages::Frame &frame, const MeshLimits &limits,
            qint64 nowMs);

} // namespace MeshMessageHandler

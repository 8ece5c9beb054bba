#include "meshmessagehandler.h"

#include "meshframes.h"
#include "meshpeer.h"
#include "meshroom.h"

#include <QJsonArray>

namespace {

void reply(MeshRoom &room, MeshPeer &peer, const QString &message)
{
    room.deliver(&peer, MeshFrames::error(message));
}

// broadcast {payload}: everyone else gets {type:"message", from, payload}, and payload.from is set
// by the relay, so nobody can speak for another node. No echo to the sender.
void broadcast(MeshRoom &room, MeshPeer &from, const QJsonObject &message)
{
    const QJsonValue payloadValue = message.value(QLatin1String("payload"));
    if (!payloadValue.isUndefined() && !payloadValue.isNull() && !payloadValue.isObject()) {
        reply(room, from, QStringLiteral("payload must be a JSON object"));
        return;
    }
    QJsonObject payload = payloadValue.toObject();
    payload.insert(QStringLiteral("from"), from.nodeId());
    room.broadcast(MeshFrames::message(from.nodeId(), payload), &from);
}

// direct {target, payload}: only the target gets {type:"message", from, payload}.
void direct(MeshRoom &room, MeshPeer &from, const QJsonObject &message)
{
    const QJsonValue target = message.value(QLatin1String("target"));
    if (!target.isString() || target.toString().isEmpty()) {
        reply(room, from, QStringLiteral("direct needs a target"));
        return;
    }
    MeshPeer *to = room.member(target.toString());
    if (!to) {
        reply(room, from, QStringLiteral("Peer %1 not found").arg(target.toString()));
        return;
    }
    QJsonValue payload = message.value(QLatin1String("payload"));
    if (payload.isUndefined())
        payload = QJsonObject();
    room.deliver(to, MeshFrames::message(from.nodeId(), payload));
}

// llm_request {request_id, prompt | messages, model}: forwarded to one capable peer other than the
// sender, chosen fairly, with `messages` (the Mac client reads those), `model` (default "auto"),
// `request_id` and `from` filled in. Without a capable peer the sender gets an llm_error; the
// prompt is never broadcast (the original did).
void llmRequest(MeshRoom &room, MeshPeer &from, const QJsonObject &message, const MeshLimits &limits, qint64 nowMs)
{
    const QJsonValue requestId = message.value(QLatin1String("request_id"));
    if (!requestId.isString() || requestId.toString().isEmpty()
        || requestId.toString().size() > limits.maxRequestIdChars) {
        reply(room, from, QStringLiteral("llm_request needs a request_id (a string of at most %1 characters)")
                              .arg(limits.maxRequestIdChars));
        return;
    }
    const QString id = requestId.toString();
    const QJsonValue prompt = message.value(QLatin1String("prompt"));
    const QJsonValue messages = message.value(QLatin1String("messages"));
    const QJsonValue model = message.value(QLatin1String("model"));
    const bool hasPrompt = !prompt.isUndefined() && !prompt.isNull();
    const bool hasMessages = !messages.isUndefined() && !messages.isNull();
    if (hasPrompt && !prompt.isString()) {
        reply(room, from, QStringLiteral("prompt must be a string"));
        return;
    }
    if (hasMessages && !messages.isArray()) {
        reply(room, from, QStringLiteral("messages must be a list"));
        return;
    }
    if (!hasPrompt && !hasMessages) {
        reply(room, from, QStringLiteral("llm_request needs a prompt or messages"));
        return;
    }
    if (!model.isUndefined() && !model.isNull() && !model.isString()) {
        reply(room, from, QStringLiteral("model must be a string"));
        return;
    }
    LlmRequestRouter &router = room.llm();
    if (router.isPending(from.nodeId(), id)) {
        reply(room, from, QStringLiteral("Duplicate request_id %1").arg(id));
        return;
    }
    if (router.pendingCountFor(from.nodeId()) >= limits.maxPendingLlmRequestsPerPeer) {
        reply(room, from, QStringLiteral("Too many pending LLM requests"));
        return;
    }

    QStringList candidates;
    for (const MeshPeer *m : room.members()) {
        if (m != &from && LlmRequestRouter::canAnswer(m->capabilities()))
            candidates << m->nodeId();
    }
    const auto worker = router.assign(from.nodeId(), id, candidates, nowMs, limits.llmTimeoutMs);
    if (!worker) {
        room.deliver(&from, MeshFrames::llmError(id, QStringLiteral("No LLM-capable peer in this mesh")));
        return;
    }
    // Other fields (temperature, max_tokens, ...) travel along; the relay's own override them.
    QJsonObject forwarded = message;
    forwarded.insert(QStringLiteral("type"), QStringLiteral("llm_request"));
    forwarded.insert(QStringLiteral("from"), from.nodeId());
    forwarded.insert(QStringLiteral("request_id"), id);
    forwarded.insert(QStringLiteral("model"), model.isString() ? model : QJsonValue(QStringLiteral("auto")));
    if (!hasMessages) {
        forwarded.insert(QStringLiteral("messages"),
                         QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                                                {QStringLiteral("content"), prompt}}});
    } else if (!hasPrompt) {
        // Workers written to the seed README read `prompt`: give them the last message's text.
        const QJsonArray list = messages.toArray();
        const QJsonValue content = list.isEmpty() ? QJsonValue() : list.last().toObject().value(QLatin1String("content"));
        if (content.isString())
            forwarded.insert(QStringLiteral("prompt"), content);
    }
    room.deliver(room.member(*worker), MeshFrames::llmRequest(forwarded));
}

// llm_response {target, request_id, response, error}: accepted only from the peer the request
// went to, delivered only to the requester.
void llmResponse(MeshRoom &room, MeshPeer &from, const QJsonObject &message)
{
    const QJsonValue requestId = message.value(QLatin1String("request_id"));
    if (!requestId.isString() || requestId.toString().isEmpty()) {
        reply(room, from, QStringLiteral("llm_response needs a request_id"));
        return;
    }
    const QJsonValue target = message.value(QLatin1String("target"));
    if (!target.isUndefined() && !target.isNull() && !target.isString()) {
        reply(room, from, QStringLiteral("target must be a string"));
        return;
    }
    const auto request = room.llm().takeResponse(from.nodeId(), requestId.toString(), target.toString());
    if (!request) {
        reply(room, from, QStringLiteral("Unknown request_id %1").arg(requestId.toString()));
        return;
    }
    if (MeshPeer *requester = room.member(request->requester))
        room.deliver(requester, MeshFrames::llmResponse(from.nodeId(), request->requestId,
                                                        message.value(QLatin1String("response")),
                                                        message.value(QLatin1String("error"))));
}

// capabilities_update {capabilities}: the member now holds what it asks for as far as its grant
// allows, the same rule as at join; claims beyond the grant are answered with an error naming
// them, and the granted rest still applies (an update is a whole new list, so refusing it all
// would leave the member holding what it no longer offers). The others get peer_updated with
// what the relay holds.
void capabilitiesUpdate(MeshRoom &room, MeshPeer &from, const QJsonObject &message, const MeshLimits &limits)
{
    QString error;
    const auto claimed = MeshMessages::parseCapabilities(message.value(QLatin1String("capabilities")), limits, &error);
    if (!claimed) {
        reply(room, from, error);
        return;
    }
    const CapabilityGrant::Outcome outcome = from.capabilityGrant().apply(*claimed);
    if (!outcome.refused.isEmpty())
        room.deliver(&from, MeshFrames::capabilitiesNotGranted(outcome.refused));
    from.setCapabilities(outcome.held);
    room.broadcast(MeshFrames::peerUpdated(from.nodeId(), outcome.held), &from);
}

} // namespace

void MeshMessageHandler::handle(MeshRoom &room, MeshPeer &from, const MeshMessages::Frame &frame,
                                const MeshLimits &limits, qint64 nowMs)
{
    if (!frame.ok()) {
        reply(room, from, frame.error);
        return;
    }
    const QString &type = frame.type;
    if (type == QLatin1String("ping"))
        room.deliver(&from, MeshFrames::pong(double(nowMs) / 1000.0));
    else if (type == QLatin1String("broadcast"))
        broadcast(room, from, frame.object);
    else if (type == QLatin1String("direct"))
        direct(room, from, frame.object);
    else if (type == QLatin1String("llm_request"))
        llmRequest(room, from, frame.object, limits, nowMs);
    else if (type == QLatin1String("llm_response"))
        llmResponse(room, from, frame.object);
    else if (type == QLatin1String("capabilities_update"))
        capabilitiesUpdate(room, from, frame.object, limits);
    else if (type == QLatin1String("register") || type == QLatin1String("join") || type == QLatin1String("register_mesh"))
        reply(room, from, QStringLiteral("Already joined"));
    else
        reply(room, from, QStringLiteral("Unknown message type: %1").arg(type));
}

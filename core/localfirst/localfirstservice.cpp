#include "localfirstservice.h"

#include "cluster/cluster.h"
#include "sessions/sessionregistry.h"

#include <QJsonArray>

#include "localfirstmessages.h"
#include "log/logcategories.h"
#include "net/pipe/rendezvous.h"
#include "net/router.h"
#include "net/websocket/websocketconnection.h"
#include "relay.h"

#include <QUrl>

namespace {

constexpr int kMaxIdLength = 256;

// The path's segments after `prefix`, each percent-decoded on its own so that an encoded '/'
// inside a document id does not split it.
QStringList segmentsAfter(const HttpRequest &request, const QByteArray &prefix)
{
    QByteArray path = request.target;
    const qsizetype question = path.indexOf('?');
    if (question >= 0)
        path.truncate(question);
    if (!path.startsWith(prefix))
        return {};
    QStringList segments;
    for (const QByteArray &raw : path.mid(prefix.size()).split('/'))
        segments << QUrl::fromPercentEncoding(raw);
    return segments;
}

// Where a peer is, in Redis; renewed by every reconnection, gone with its node.
constexpr qint64 kPeerRecordTtlMs = 24 * 3600 * 1000;

bool validId(const QString &id)
{
    return !id.isEmpty() && id.size() <= kMaxIdLength;
}

} // namespace

LocalfirstService::LocalfirstService(Relay *relay) : QObject(relay), m_relay(relay)
{
    m_rendezvous = new Rendezvous(QStringLiteral("localfirst"), relay->sessions(), lcLocalfirst(),
                                  Rendezvous::Options::from(relay->settings()), this);
    m_rendezvous->runPipesOn(relay->pipeThreads());

    Route introduction;
    introduction.name = QStringLiteral("localfirst-introduction");
    introduction.priority = 10;
    introduction.matches = Router::pathStartsWith(QStringLiteral("/introduction/"));
    introduction.maxWebSocketMessageBytes = 4 * 1024 * 1024; // a Join may list many documents
    introduction.webSocket = [this](WebSocketConnection *socket) { acceptIntroduction(socket); };
    relay->router().addRoute(introduction);

    Route connection;
    connection.name = QStringLiteral("localfirst-connection");
    connection.priority = 10;
    connection.matches = Router::pathStartsWith(QStringLiteral("/connection/"));
    // Automerge sync messages of a large document can be big; the pipe bounds memory anyway.
    connection.maxWebSocketMessageBytes = 16 * 1024 * 1024;
    connection.webSocket = [this](WebSocketConnection *socket) { acceptConnection(socket); };
    // Cluster mode: both directions of a connection meet on the node that holds their session;
    // introductions cross nodes as control messages (onClusterMessage).
    if (Cluster *cluster = relay->cluster()) {
        connection.placement = cluster->placementHolding([](const HttpRequest &r) {
            const QStringList segments = segmentsAfter(r, "/connection/");
            if (segments.size() != 3 || !validId(segments[0]) || !validId(segments[1]) || !validId(segments[2]))
                return QByteArray();
            return holdNameFor(sessionIdFor(segments[0], segments[1], segments[2]));
        });
        connect(cluster, &Cluster::message, this, &LocalfirstService::onClusterMessage);
        // A session over: its hold goes, unless a newer meeting of the same pair waits here.
        connect(relay, &Relay::sessionsEnded, this, [this, cluster](const QList<Session> &ended) {
            for (const Session &session : ended) {
                if (session.service == QLatin1String("localfirst") && !m_relay->sessions()->find(session.key()))
                    cluster->release(holdNameFor(session.id));
            }
        });
    }
    relay->router().addRoute(connection);
}

QString LocalfirstService::sessionIdFor(const QString &local, const QString &remote, const QString &document)
{
    // Both directions of one meeting share a session id, whichever arrives first.
    return document + QLatin1Char(':') + std::min(local, remote) + QLatin1Char('+') + std::max(local, remote);
}

QByteArray LocalfirstService::holdNameFor(const QString &sessionId)
{
    return "localfirst/" + sessionId.toUtf8();
}

void LocalfirstService::onClusterMessage(const QJsonObject &message, const QString &from)
{
    Cluster *cluster = m_relay->cluster();
    if (from == cluster->nodeId())
        return;
    const QString type = message.value(QStringLiteral("type")).toString();
    if (type == QLatin1String("localfirst-join")) {
        // A peer on another node joined documents: introduce it to ours that share some, and
        // ours to it (through its node).
        const QString joiner = message.value(QStringLiteral("peer")).toString();
        QSet<QString> joined;
        for (const QJsonValue &id : message.value(QStringLiteral("documents")).toArray())
            joined.insert(id.toString());
        for (auto it = m_introductionSockets.cbegin(); it != m_introductionSockets.cend(); ++it) {
            if (it.key() == joiner || !it.value())
                continue;
            QStringList shared;
            for (const QString &document : m_hub.documentsOf(it.key())) {
                if (joined.contains(document))
                    shared << document;
            }
            if (shared.isEmpty())
                continue;
            cluster->sendTo(from, QJsonObject{{QStringLiteral("type"), QStringLiteral("localfirst-introduce")},
                                              {QStringLiteral("to"), joiner},
                                              {QStringLiteral("about"), it.key()},
                                              {QStringLiteral("documents"), QJsonArray::fromStringList(shared)}});
            it.value()->sendBinary(LocalfirstMessages::encodeIntroduction(joiner, shared));
        }
    } else if (type == QLatin1String("localfirst-introduce")) {
        const QString to = message.value(QStringLiteral("to")).toString();
        QStringList documents;
        for (const QJsonValue &id : message.value(QStringLiteral("documents")).toArray())
            documents << id.toString();
        if (const QPointer<WebSocketConnection> socket = m_introductionSockets.value(to); socket && !documents.isEmpty())
            socket->sendBinary(LocalfirstMessages::encodeIntroduction(message.value(QStringLiteral("about")).toString(), documents));
    } else if (type == QLatin1String("localfirst-peer")) {
        // The peer connected again through another node: newest socket wins there too.
        const QString peerId = message.value(QStringLiteral("peer")).toString();
        if (const QPointer<WebSocketConnection> old = m_introductionSockets.value(peerId); old) {
            qCInfo(lcLocalfirst).noquote() << "peer" << peerId << "reconnected through another node; closing its socket here";
            old->close(WebSocketCloseCode::Normal, QStringLiteral("replaced by a newer connection of this peer"));
        }
    }
}

void LocalfirstService::acceptIntroduction(WebSocketConnection *socket)
{
    const QStringList segments = segmentsAfter(socket->request(), "/introduction/");
    if (segments.size() != 1 || !validId(segments.first())) {
        socket->close(WebSocketCloseCode::PolicyViolation, QStringLiteral("expected /introduction/<peerId>"));
        return;
    }
    const QString peerId = segments.first();
    // Newest socket wins. The old one is closed, and its close can no longer touch the new
    // registration because the handlers below check which socket is registered.
    if (const QPointer<WebSocketConnection> old = m_introductionSockets.value(peerId); old) {
        qCInfo(lcLocalfirst).noquote() << "peer" << peerId << "reconnected; closing its older introduction socket";
        old->close(WebSocketCloseCode::Normal, QStringLiteral("replaced by a newer connection of this peer"));
    }
    m_introductionSockets.insert(peerId, socket);
    m_hub.addPeer(peerId);
    if (Cluster *cluster = m_relay->cluster()) {
        cluster->broadcast(QJsonObject{{QStringLiteral("type"), QStringLiteral("localfirst-peer")},
                                       {QStringLiteral("peer"), peerId}});
        cluster->setOwnedRecord("sb:localfirst:peer:" + peerId.toUtf8(), kPeerRecordTtlMs);
    }
    qCDebug(lcLocalfirst).noquote() << "peer" << peerId << "connected from" << socket->peerAddress().toString();

    connect(socket, &PipeEndpoint::received, this, [this, socket, peerId](const QByteArray &frame, bool text) {
        onIntroductionFrame(socket, peerId, frame, text);
    });
    connect(socket, &PipeEndpoint::closed, this, [this, socket, peerId] {
        if (m_introductionSockets.value(peerId) != socket)
            return; // a newer socket holds the registration now
        m_introductionSockets.remove(peerId);
        if (Cluster *cluster = m_relay->cluster()) {
            for (const QString &document : m_hub.documentsOf(peerId))
                cluster->removeFromSet("sb:localfirst:document:" + document.toUtf8(), peerId.toUtf8());
            cluster->deleteOwnedRecord("sb:localfirst:peer:" + peerId.toUtf8());
        }
        m_hub.removePeer(peerId);
        qCDebug(lcLocalfirst).noquote() << "peer" << peerId << "disconnected";
    });
}

void LocalfirstService::onIntroductionFrame(WebSocketConnection *socket, const QString &peerId,
                                            const QByteArray &frame, bool text)
{
    if (m_introductionSockets.value(peerId) != socket)
        return;
    if (text) {
        // The protocol is msgpack only; text is ignored like any other malformed frame.
        qCDebug(lcLocalfirst).noquote() << "ignoring a text frame from" << peerId;
        return;
    }
    const LocalfirstMessages::ClientMessage message = LocalfirstMessages::decode(frame);
    switch (message.kind) {
    case LocalfirstMessages::ClientMessage::Kind::Join: {
        const QList<IntroductionHub::Introduction> introductions = m_hub.join(peerId, message.documentIds);
        for (const IntroductionHub::Introduction &intro : introductions) {
            if (const QPointer<WebSocketConnection> recipient = m_introductionSockets.value(intro.recipient); recipient)
                recipient->sendBinary(LocalfirstMessages::encodeIntroduction(intro.aboutPeer, intro.documentIds));
        }
        if (Cluster *cluster = m_relay->cluster()) {
            // The cluster's document sets, for anyone to read; the introductions themselves go
            // to every node, which answers for its own peers.
            for (const QString &document : m_hub.documentsOf(peerId))
                cluster->addToSet("sb:localfirst:document:" + document.toUtf8(), peerId.toUtf8());
            cluster->broadcast(QJsonObject{{QStringLiteral("type"), QStringLiteral("localfirst-join")},
                                           {QStringLiteral("peer"), peerId},
                                           {QStringLiteral("documents"), QJsonArray::fromStringList(m_hub.documentsOf(peerId))}});
        }
        return;
    }
    case LocalfirstMessages::ClientMessage::Kind::Leave:
        m_hub.leave(peerId, message.documentIds);
        if (Cluster *cluster = m_relay->cluster()) {
            for (const QString &document : message.documentIds)
                cluster->removeFromSet("sb:localfirst:document:" + document.toUtf8(), peerId.toUtf8());
        }
        return;
    case LocalfirstMessages::ClientMessage::Kind::Other:
        return;
    case LocalfirstMessages::ClientMessage::Kind::Malformed:
        qCDebug(lcLocalfirst).noquote() << "ignoring a malformed frame from" << peerId;
        return;
    }
}

void LocalfirstService::acceptConnection(WebSocketConnection *socket)
{
    const QStringList segments = segmentsAfter(socket->request(), "/connection/");
    if (segments.size() != 3 || !validId(segments[0]) || !validId(segments[1]) || !validId(segments[2])) {
        socket->close(WebSocketCloseCode::PolicyViolation, QStringLiteral("expected /connection/<A>/<B>/<documentId>"));
        return;
    }
    const QString &local = segments[0];
    const QString &remote = segments[1];
    const QString &document = segments[2];
    const QString key = local + QLatin1Char(':') + remote + QLatin1Char(':') + document;
    const QString mirror = remote + QLatin1Char(':') + local + QLatin1Char(':') + document;

    if (m_rendezvous->isWaiting(mirror)) {
        m_rendezvous->meet(mirror, socket, local);
        return;
    }
    if (m_rendezvous->isWaiting(key)) {
        // The same peer asks again (it reconnected): the newest connection takes the place.
        m_rendezvous->dismiss(key, WebSocketCloseCode::Normal, QStringLiteral("replaced by a newer connection"));
    }
    if (m_rendezvous->isFull()) {
        socket->close(WebSocketCloseCode::TryAgainLater, m_rendezvous->fullReason(QStringLiteral("too many peers waiting")));
        return;
    }
    const QString sessionId = sessionIdFor(local, remote, document);
    m_rendezvous->park(key, sessionId, socket, local);
}

#pragma once
// The @localfirst/relay protocol: /introduction/:peerId tells peers who else wants their
// documents, /connection/:A/:B/:documentId pipes two peers together.
#include "introductionhub.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>

class Relay;
class Rendezvous;
class WebSocketConnection;

class LocalfirstService : public QObject
{
    Q_OBJECT
public:
    explicit LocalfirstService(Relay *relay);

private:
    void acceptIntroduction(WebSocketConnection *socket);
    void onIntroductionFrame(WebSocketConnection *socket, const QString &peerId, const QByteArray &frame, bool text);
    void acceptConnection(WebSocketConnection *socket);
    void onClusterMessage(const QJsonObject &message, const QString &from);
    static QString sessionIdFor(const QString &local, const QString &remote, const QString &document);
    static QByteArray holdNameFor(const QString &sessionId);

    Relay *m_relay;
    IntroductionHub m_hub;
    QHash<QString, QPointer<WebSocketConnection>> m_introductionSockets; // peer id -> its socket
    Rendezvous *m_rendezvous;
};

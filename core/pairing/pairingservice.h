#pragma once
// The p2p-copy relay protocol: one sender and one receiver meet under a code hash, the sender is
// told `ready`, and their messages are piped unchanged both ways.
#include "net/link/linktarget.h"
#include "pairinghello.h"

#include <QHash>
#include <QObject>

class Relay;
class Rendezvous;
class WebSocketConnection;

class PairingService : public QObject
{
    Q_OBJECT
public:
    explicit PairingService(Relay *relay);

    // 2 MiB: the real clients' own limit (websockets max_size), above their 1 MiB + 56 chunks.
    static constexpr qint64 kMaxMessageBytes = 2 * 1024 * 1024;
    // A connection that has not said hello by then is closed.
    static constexpr int kHelloTimeoutSeconds = 30;

private:
    void accept(WebSocketConnection *socket);
    void onHello(WebSocketConnection *socket, const QByteArray &frame, bool text);
    // Waits for the other role here, or pairs with the one waiting here.
    void pairHere(WebSocketConnection *socket, const PairingHello &hello);
    // Cluster mode: the code waits on another node; the client goes there.
    void carryOver(WebSocketConnection *socket, const LinkTarget &target, const QByteArray &hello);
    static QByteArray holdNameFor(const QString &codeHash);

    Relay *m_relay;
    Rendezvous *m_rendezvous;
    QHash<QString, PairingHello::Role> m_waitingRole; // code hash -> role of the peer waiting there
    quint64 m_pairings = 0;
};

#pragma once
// Carries a client's connection over to another node of the cluster: opens a link to it, sends
// the link's preface and what the client sent so far, then splices the two sockets through a Pipe
// (backpressure both ways; the other node sees the client as if it had come straight there).
// It owns both sockets and deletes itself when both are closed.
#include "linktarget.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

class QTcpSocket;
class SocketStreamEndpoint;

class LinkForwarder : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        // The client's WebSocket handshake was already answered here: the other node's own 101
        // answer to the replayed upgrade is read and dropped instead of reaching the client.
        bool dropSwitchingProtocols = false;
        // Written to the client when the other node cannot be reached (a 502, a close frame).
        QByteArray failureResponse;
        int connectTimeoutMs = 5000;
    };

    // Takes ownership of `client`, from which nothing must be read by anyone else from now on.
    static LinkForwarder *start(QTcpSocket *client, const LinkTarget &target, const QByteArray &preamble,
                                const Options &options);

signals:
    void failed(const QString &why);

private:
    LinkForwarder(QTcpSocket *client, const LinkTarget &target, const QByteArray &preamble, const Options &options);
    void linkConnected();
    void readSwitchingProtocols();
    void splice(const QByteArray &forClient);
    void fail(const QString &why);
    void finishWhenClosed();

    QTcpSocket *m_client;
    QTcpSocket *m_link;
    LinkTarget m_target;
    QByteArray m_preamble;
    Options m_options;
    QByteArray m_head;
    QTimer m_deadline;
    bool m_done = false;
};

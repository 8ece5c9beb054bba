#pragma once
// The source node's half of a circuit to a peer reserved on another node (circuitlink.h): opens
// the link, sends its preface and waits for the status line. Emits exactly one of connected /
// failed within `timeoutMs`, then deletes itself; deleted before that (the source gave up), it
// drops the link.
#include "net/link/linktarget.h"

#include <QObject>
#include <QTimer>

class FramedLinkEndpoint;
class QTcpSocket;

namespace Libp2p::Circuit {

class CircuitLinkDialer : public QObject
{
    Q_OBJECT
public:
    CircuitLinkDialer(LinkTarget target, int timeoutMs, QObject *parent = nullptr);
    void start();

signals:
    // The other node connected the target. `link` is not started and has no parent.
    void connected(FramedLinkEndpoint *link);
    // `status` is the circuit v2 Status to give the source (CONNECTION_FAILED when the other
    // node could not be asked).
    void failed(int status, const QString &reason);

private:
    void readStatus();
    void fail(int status, const QString &reason);

    LinkTarget m_target;
    QTcpSocket *m_socket;
    QByteArray m_line;
    QTimer m_timeout;
    bool m_done = false;
};

} // namespace Libp2p::Circuit

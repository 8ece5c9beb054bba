#include "circuitlinkdialer.h"

#include "circuitlink.h"
#include "libp2p/proto/circuit.pb.h"
#include "net/link/framedlinkendpoint.h"

#include <QTcpSocket>

namespace Libp2p::Circuit {

CircuitLinkDialer::CircuitLinkDialer(LinkTarget target, int timeoutMs, QObject *parent)
    : QObject(parent), m_target(std::move(target)), m_socket(new QTcpSocket(this))
{
    m_timeout.setSingleShot(true);
    m_timeout.setInterval(timeoutMs);
    connect(&m_timeout, &QTimer::timeout, this,
            [this] { fail(Proto::Circuit::CONNECTION_FAILED, QStringLiteral("no answer from the node in time")); });
    connect(m_socket, &QAbstractSocket::connected, this, [this] {
        m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        m_socket->write(m_target.preface);
    });
    connect(m_socket, &QIODevice::readyRead, this, &CircuitLinkDialer::readStatus);
    connect(m_socket, &QAbstractSocket::errorOccurred, this, [this] {
        fail(Proto::Circuit::CONNECTION_FAILED, QStringLiteral("link: %1").arg(m_socket->errorString()));
    });
}

void CircuitLinkDialer::start()
{
    m_timeout.start();
    m_socket->connectToHost(m_target.host, m_target.port);
}

void CircuitLinkDialer::readStatus()
{
    if (m_done)
        return;
    // Only the line: what follows it is the circuit's stream, read by the endpoint.
    while (!m_line.endsWith('\n') && m_line.size() <= CircuitLink::MaxStatusLineBytes) {
        char c = 0;
        if (!m_socket->getChar(&c))
            return;
        m_line += c;
    }
    const std::optional<int> status = CircuitLink::parseStatusLine(m_line);
    if (!status) {
        fail(Proto::Circuit::CONNECTION_FAILED, QStringLiteral("the node answered something else than a status"));
        return;
    }
    if (*status != Proto::Circuit::OK) {
        fail(*status, QStringLiteral("the node answered %1").arg(QString::fromLatin1(Proto::Circuit::Status_Name(*status))));
        return;
    }
    m_done = true;
    m_timeout.stop();
    disconnect(m_socket, nullptr, this, nullptr);
    m_socket->setParent(nullptr);
    auto *link = new FramedLinkEndpoint(m_socket, m_socket->readAll(), QStringLiteral("node link"));
    emit connected(link);
    deleteLater();
}

void CircuitLinkDialer::fail(int status, const QString &reason)
{
    if (m_done)
        return;
    m_done = true;
    m_timeout.stop();
    m_socket->abort();
    emit failed(status, reason);
    deleteLater();
}

} // namespace Libp2p::Circuit

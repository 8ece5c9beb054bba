#include "linkforwarder.h"

#include "log/logcategories.h"
#include "net/pipe/pipe.h"
#include "net/pipe/socketstreamendpoint.h"

#include <QTcpSocket>

namespace {
constexpr qsizetype kMaxSwitchingHeadBytes = 8 * 1024;
constexpr int kCloseGraceMs = 5000;
}

LinkForwarder *LinkForwarder::start(QTcpSocket *client, const LinkTarget &target, const QByteArray &preamble,
                                    const Options &options)
{
    return new LinkForwarder(client, target, preamble, options);
}

LinkForwarder::LinkForwarder(QTcpSocket *client, const LinkTarget &target, const QByteArray &preamble,
                             const Options &options)
    : m_client(client), m_link(new QTcpSocket(this)), m_target(target), m_preamble(preamble), m_options(options)
{
    client->setParent(this);
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, [this] { fail(QStringLiteral("no answer in time")); });
    m_deadline.start(m_options.connectTimeoutMs);
    connect(m_link, &QAbstractSocket::connected, this, &LinkForwarder::linkConnected);
    connect(m_link, &QAbstractSocket::errorOccurred, this, [this] {
        if (!m_done)
            fail(m_link->errorString());
    });
    // The client may leave while the link is being opened.
    connect(m_client, &QAbstractSocket::disconnected, this, [this] {
        if (!m_done) {
            m_done = true;
            m_link->abort();
            deleteLater();
        }
    });
    m_link->connectToHost(m_target.host, m_target.port);
}

void LinkForwarder::linkConnected()
{
    m_link->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_link->write(m_target.preface);
    m_link->write(m_preamble);
    m_preamble.clear();
    if (!m_options.dropSwitchingProtocols) {
        splice({});
        return;
    }
    connect(m_link, &QIODevice::readyRead, this, &LinkForwarder::readSwitchingProtocols);
    readSwitchingProtocols();
}

void LinkForwarder::readSwitchingProtocols()
{
    m_head += m_link->readAll();
    const qsizetype end = m_head.indexOf("\r\n\r\n");
    if (end < 0) {
        if (m_head.size() > kMaxSwitchingHeadBytes)
            fail(QStringLiteral("the node's answer to the upgrade is too long"));
        return;
    }
    if (!m_head.startsWith("HTTP/1.1 101")) {
        fail(QStringLiteral("the node refused the upgrade: %1")
                 .arg(QString::fromLatin1(m_head.left(m_head.indexOf('\r')))));
        return;
    }
    disconnect(m_link, &QIODevice::readyRead, this, nullptr);
    splice(m_head.mid(end + 4));
}

void LinkForwarder::splice(const QByteArray &forClient)
{
    m_done = true;
    m_deadline.stop();
    disconnect(m_link, nullptr, this, nullptr);
    disconnect(m_client, nullptr, this, nullptr);
    if (!forClient.isEmpty())
        m_client->write(forClient);
    auto *client = new SocketStreamEndpoint(m_client, QStringLiteral("client"), this);
    auto *link = new SocketStreamEndpoint(m_link, QStringLiteral("node link"), this);
    Pipe::Options options;
    auto *pipe = new Pipe(client, link, nullptr, QStringLiteral("link to %1:%2").arg(m_target.host).arg(m_target.port),
                          lcCluster(), options, this);
    connect(pipe, &Pipe::finished, this, &LinkForwarder::finishWhenClosed);
    pipe->start();
    client->start();
    link->start();
}

void LinkForwarder::finishWhenClosed()
{
    // disconnectFromHost() still writes out what is buffered: give both sockets time to finish.
    const auto check = [this] {
        if (m_client->state() == QAbstractSocket::UnconnectedState
            && m_link->state() == QAbstractSocket::UnconnectedState)
            deleteLater();
    };
    connect(m_client, &QAbstractSocket::disconnected, this, check);
    connect(m_link, &QAbstractSocket::disconnected, this, check);
    QTimer::singleShot(kCloseGraceMs, this, [this] {
        m_client->abort();
        m_link->abort();
        deleteLater();
    });
    check();
}

void LinkForwarder::fail(const QString &why)
{
    if (m_done)
        return;
    m_done = true;
    m_deadline.stop();
    qCWarning(lcCluster).noquote() << "cannot carry a client over to" << QStringLiteral("%1:%2").arg(m_target.host).arg(m_target.port)
                                   << ":" << why;
    emit failed(why);
    m_link->abort();
    disconnect(m_client, nullptr, this, nullptr);
    if (!m_options.failureResponse.isEmpty() && m_client->state() == QAbstractSocket::ConnectedState)
        m_client->write(m_options.failureResponse);
    m_client->disconnectFromHost();
    connect(m_client, &QAbstractSocket::disconnected, this, &QObject::deleteLater);
    QTimer::singleShot(kCloseGraceMs, this, &QObject::deleteLater);
    if (m_client->state() == QAbstractSocket::UnconnectedState)
        deleteLater();
}

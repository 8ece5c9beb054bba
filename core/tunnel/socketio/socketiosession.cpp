#include "socketiosession.h"

#include "engineioserver.h"
#include "engineiosession.h"
#include "log/logcategories.h"

SocketIoSession::SocketIoSession(EngineIoSession *engine, const Options &options, QObject *connectionOwner)
    : QObject(engine), m_engine(engine), m_options(options), m_connectionOwner(connectionOwner),
      m_assembler(options.maxAttachmentBytes)
{
    connect(engine, &EngineIoSession::messageReceived, this, &SocketIoSession::onMessage);
    connect(engine, &EngineIoSession::closed, this, &SocketIoSession::onEngineClosed);
    m_connectTimer.setSingleShot(true);
    connect(&m_connectTimer, &QTimer::timeout, this, [this] {
        qCInfo(lcTunnel).noquote() << "engine.io session" << m_engine->id() << ": no Socket.IO connection within"
                                   << m_options.connectTimeoutMs << "ms; closing";
        m_engine->close(QStringLiteral("connect timeout"));
    });
    m_connectTimer.start(m_options.connectTimeoutMs);
    m_attachmentTimer.setSingleShot(true);
    connect(&m_attachmentTimer, &QTimer::timeout, this,
            [this] { protocolError(QStringLiteral("binary attachments did not arrive in time")); });
}

void SocketIoSession::onMessage(const QByteArray &data, bool binary)
{
    if (binary) {
        if (!m_assembler.isAssembling()) {
            protocolError(QStringLiteral("binary data without a binary packet announcing it"));
            return;
        }
        m_assemblyWireBytes += data.size();
        switch (m_assembler.addAttachment(data)) {
        case SocketIoAttachmentAssembler::Status::NeedMore:
            return;
        case SocketIoAttachmentAssembler::Status::Error:
            protocolError(m_assembler.error());
            return;
        case SocketIoAttachmentAssembler::Status::Complete:
            m_attachmentTimer.stop();
            dispatch(m_assembler.takePacket(), m_assemblyWireBytes);
            return;
        }
        return;
    }
    if (m_assembler.isAssembling()) {
        protocolError(QStringLiteral("text packet while binary attachments were awaited"));
        return;
    }
    if (m_connection && m_connection->deliverToRawLane(data))
        return;
    const SocketIoPacket::Decoded decoded = SocketIoPacket::decode(data, m_options.maxAttachments);
    if (!decoded.ok) {
        protocolError(decoded.error);
        return;
    }
    if (decoded.packet.isBinary()) {
        m_assemblyWireBytes = data.size();
        switch (m_assembler.start(decoded.packet)) {
        case SocketIoAttachmentAssembler::Status::NeedMore:
            m_attachmentTimer.start(m_options.attachmentTimeoutMs);
            return;
        case SocketIoAttachmentAssembler::Status::Error:
            protocolError(m_assembler.error());
            return;
        case SocketIoAttachmentAssembler::Status::Complete:
            dispatch(m_assembler.takePacket(), m_assemblyWireBytes);
            return;
        }
        return;
    }
    dispatch(decoded.packet, data.size());
}

void SocketIoSession::dispatch(const SocketIoPacket &packet, qsizetype wireBytes)
{
    if (packet.nsp != QLatin1String("/")) {
        // Only "/" exists here: a CONNECT elsewhere is refused as the reference refuses an
        // unknown namespace; anything else for it is a packet for a namespace never joined.
        if (packet.type != SocketIoPacket::Type::Connect) {
            protocolError(QStringLiteral("packet for namespace %1, which is not connected").arg(packet.nsp));
            return;
        }
        SocketIoPacket refusal;
        refusal.type = SocketIoPacket::Type::ConnectError;
        refusal.nsp = packet.nsp;
        refusal.data = QJsonObject{{QStringLiteral("message"), QStringLiteral("Invalid namespace")}};
        m_engine->sendMessage(refusal.encode());
        return;
    }
    const bool connected = m_connection && !m_connection->hasEnded();
    switch (packet.type) {
    case SocketIoPacket::Type::Connect:
        if (connected) {
            protocolError(QStringLiteral("second CONNECT to \"/\""));
            return;
        }
        connectDefaultNamespace(packet);
        return;
    case SocketIoPacket::Type::ConnectError:
        protocolError(QStringLiteral("CONNECT_ERROR from the client"));
        return;
    default:
        break;
    }
    if (!connected) {
        protocolError(QStringLiteral("packet before the CONNECT"));
        return;
    }
    QString error;
    if (!m_connection->handlePacket(packet, wireBytes, &error))
        protocolError(error);
}

void SocketIoSession::connectDefaultNamespace(const SocketIoPacket &packet)
{
    auto *connection = new SocketIoConnection(m_engine, EngineIoServer::newId(), packet.data.toObject(),
                                              m_options.connection, m_connectionOwner);
    m_connection = connection;
    connect(connection, &SocketIoConnection::accepted, this, [this] { m_connectTimer.stop(); });
    connect(connection, &SocketIoClient::disconnected, this, [this, connection] {
        // Left "/" (its DISCONNECT) while the session stays: it must join again, or be closed.
        if (m_connection == connection && m_engine->isOpen())
            m_connectTimer.start(m_options.connectTimeoutMs);
    });
    qCDebug(lcTunnel).noquote() << "socket.io client" << connection->id() << "on engine.io session" << m_engine->id();
    emit clientArrived(connection);
}

void SocketIoSession::protocolError(const QString &what)
{
    qCInfo(lcTunnel).noquote() << "engine.io session" << m_engine->id() << ": Socket.IO protocol error:" << what;
    m_attachmentTimer.stop();
    m_assembler.reset();
    if (m_connection)
        m_connection->transportClosed(QStringLiteral("parse error"));
    m_engine->close(QStringLiteral("parse error"));
}

void SocketIoSession::onEngineClosed(const QString &reason)
{
    m_connectTimer.stop();
    m_attachmentTimer.stop();
    m_assembler.reset();
    if (m_connection)
        m_connection->transportClosed(reason);
}

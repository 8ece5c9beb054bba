#pragma once
// The Socket.IO layer of one Engine.IO session: decodes the Socket.IO packets it carries
// (assembling binary ones), answers CONNECTs (to "/" with a new SocketIoConnection for the
// service, to any other namespace with "Invalid namespace"), and hands the connection its
// packets. Any protocol violation closes the session, as the reference does.
#include "socketioattachmentassembler.h"
#include "socketioconnection.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

class EngineIoSession;

class SocketIoSession : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        // A session that has not joined "/" by then is closed (the reference's connectTimeout).
        int connectTimeoutMs = 45000;
        // Attachments announced by a binary packet must all arrive within this time.
        int attachmentTimeoutMs = 30000;
        int maxAttachments = 10;
        qint64 maxAttachmentBytes = 10 * 1000 * 1000;
        SocketIoConnection::Limits connection;
    };

    // A child of `engine`. New connections are made children of `connectionOwner`, so that they
    // outlive the session until their owner has seen `disconnected`.
    SocketIoSession(EngineIoSession *engine, const Options &options, QObject *connectionOwner);

signals:
    void clientArrived(SocketIoConnection *connection);

private:
    void onMessage(const QByteArray &data, bool binary);
    void dispatch(const SocketIoPacket &packet, qsizetype wireBytes);
    void connectDefaultNamespace(const SocketIoPacket &packet);
    void protocolError(const QString &what);
    void onEngineClosed(const QString &reason);

    EngineIoSession *m_engine;
    Options m_options;
    QObject *m_connectionOwner;
    SocketIoAttachmentAssembler m_assembler;
    qsizetype m_assemblyWireBytes = 0;
    QTimer m_connectTimer;
    QTimer m_attachmentTimer;
    QPointer<SocketIoConnection> m_connection;
};

#include "tunnelstream.h"

#include "socketio/socketioclient.h"

#include <QJsonArray>
#include <QJsonObject>

TunnelStream::TunnelStream(QString id, SocketIoClient *desktop, QObject *parent)
    : PipeEndpoint(parent), m_id(std::move(id)), m_desktop(desktop)
{
    connect(desktop, &SocketIoClient::drained, this, &PipeEndpoint::wrote);
}

qint64 TunnelStream::pendingBytes() const
{
    return m_desktop ? m_desktop->unsentBytes() : 0;
}

void TunnelStream::send(const QByteArray &data, bool text)
{
    if (!m_open || !m_desktop)
        return;
    // JSON carries text as it is and binary as base64.
    m_desktop->emitEvent(QStringLiteral("ws:message"),
                         QJsonArray{QJsonObject{{QStringLiteral("id"), m_id},
                                                {QStringLiteral("data"), text ? QString::fromUtf8(data)
                                                                              : QString::fromLatin1(data.toBase64())},
                                                {QStringLiteral("binary"), !text}}});
}

void TunnelStream::pauseReading()
{
    if (m_paused || !m_open || !m_desktop)
        return;
    m_paused = true;
    m_desktop->emitEvent(QStringLiteral("ws:pause"), QJsonArray{QJsonObject{{QStringLiteral("id"), m_id}}});
}

void TunnelStream::resumeReading()
{
    if (!m_paused || !m_open || !m_desktop)
        return;
    m_paused = false;
    m_desktop->emitEvent(QStringLiteral("ws:resume"), QJsonArray{QJsonObject{{QStringLiteral("id"), m_id}}});
}

void TunnelStream::close(quint16 code, const QString &reason)
{
    if (!m_open)
        return;
    m_open = false;
    if (m_desktop)
        m_desktop->emitEvent(QStringLiteral("ws:close"),
                             QJsonArray{QJsonObject{{QStringLiteral("id"), m_id},
                                                    {QStringLiteral("code"), int(code)},
                                                    {QStringLiteral("reason"), reason}}});
    emit closed(code, reason);
}

void TunnelStream::remoteClosed(quint16 code, const QString &reason)
{
    if (!m_open)
        return;
    m_open = false;
    emit closed(code, reason);
}

#include "waitingpeer.h"

WaitingPeer::WaitingPeer(PipeEndpoint *endpoint, qint64 bufferLimitBytes, int waitLimitSeconds, QObject *parent)
    : QObject(parent), m_endpoint(endpoint), m_limit(bufferLimitBytes)
{
    connect(endpoint, &PipeEndpoint::received, this, [this](const QByteArray &data, bool text) {
        m_messages.append({data, text});
        m_bytes += data.size();
        if (m_bytes >= m_limit && m_endpoint)
            m_endpoint->pauseReading();
    });
    connect(endpoint, &PipeEndpoint::closed, this, &WaitingPeer::left);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, [this, waitLimitSeconds] {
        if (m_endpoint)
            m_endpoint->close(1000, QStringLiteral("no peer arrived within %1 s (peer wait limit)").arg(waitLimitSeconds));
    });
    m_timer.start(waitLimitSeconds * 1000);
}

Pipe::Messages WaitingPeer::release()
{
    m_timer.stop();
    if (m_endpoint)
        disconnect(m_endpoint, nullptr, this, nullptr);
    Pipe::Messages messages;
    messages.swap(m_messages);
    m_bytes = 0;
    return messages;
}

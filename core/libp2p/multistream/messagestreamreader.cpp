#include "messagestreamreader.h"

namespace Libp2p {

MessageStreamReader::MessageStreamReader(PipeEndpoint *endpoint, qsizetype maxMessageBytes, QObject *parent)
    : QObject(parent), m_endpoint(endpoint), m_reader(maxMessageBytes)
{
}

void MessageStreamReader::start(const QByteArray &alreadyReceived)
{
    if (m_active || !m_endpoint)
        return;
    m_active = true;
    connect(m_endpoint, &PipeEndpoint::received, this, [this](const QByteArray &data, bool) { onReceived(data); });
    connect(m_endpoint, &PipeEndpoint::readFinished, this, &MessageStreamReader::onEnded);
    connect(m_endpoint, &PipeEndpoint::closed, this, &MessageStreamReader::onEnded);
    if (!alreadyReceived.isEmpty())
        onReceived(alreadyReceived);
}

QByteArray MessageStreamReader::stop()
{
    detach();
    return m_reader.takeBuffered();
}

void MessageStreamReader::detach()
{
    m_active = false;
    if (m_endpoint)
        disconnect(m_endpoint, nullptr, this, nullptr);
}

void MessageStreamReader::onReceived(const QByteArray &data)
{
    if (!m_active)
        return;
    m_reader.append(data);
    deliver();
}

void MessageStreamReader::deliver()
{
    const QPointer<MessageStreamReader> self(this);
    while (m_active) {
        QByteArray body;
        switch (m_reader.next(&body)) {
        case LengthPrefixedReader::Status::Message:
            emit messageReceived(body);
            if (!self)
                return; // a slot deleted us
            continue;
        case LengthPrefixedReader::Status::NeedMore:
            return;
        case LengthPrefixedReader::Status::TooLarge:
            fail(QStringLiteral("message larger than %1 bytes").arg(m_reader.maxMessageBytes()));
            return;
        case LengthPrefixedReader::Status::Malformed:
            fail(QStringLiteral("malformed message length"));
            return;
        }
    }
}

void MessageStreamReader::onEnded()
{
    if (!m_active)
        return;
    const bool partial = m_reader.bufferedBytes() > 0;
    detach();
    if (partial)
        emit failed(QStringLiteral("stream ended inside a message"));
    else
        emit streamEnded();
}

void MessageStreamReader::fail(const QString &reason)
{
    detach();
    emit failed(reason);
}

} // namespace Libp2p

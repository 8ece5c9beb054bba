#pragma once
// The protocols a libp2p connection serves on the streams its peer opens: protocol id ->
// handler. Libp2pConnection offers exactly these ids in multistream-select (anything else is
// answered "na") and calls the handler once a stream agreed on one.
#include <QByteArray>
#include <QHash>
#include <QString>
#include <QStringList>
#include <functional>

class YamuxStream;

namespace Libp2p {

class Libp2pConnection;

class ProtocolRegistry
{
public:
    // `stream` is owned by the connection's yamux session; `leftover` are its first bytes, which
    // came with the last multistream line. Connect to the stream's signals before returning.
    using Handler = std::function<void(YamuxStream *stream, Libp2pConnection *connection, const QByteArray &leftover)>;

    void add(const QString &protocolId, Handler handler)
    {
        if (!m_handlers.contains(protocolId))
            m_order.append(protocolId);
        m_handlers.insert(protocolId, std::move(handler));
    }
    // In registration order (what identify lists and multistream offers).
    QStringList protocols() const { return m_order; }
    const Handler *find(const QString &protocolId) const
    {
        const auto it = m_handlers.constFind(protocolId);
        return it == m_handlers.constEnd() ? nullptr : &it.value();
    }

private:
    QHash<QString, Handler> m_handlers;
    QStringList m_order;
};

} // namespace Libp2p

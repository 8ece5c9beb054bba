#include "identify.h"

#include "libp2p/multistream/lengthprefixed.h"
#include "libp2p/proto/identify.pb.h"
#include "libp2p/yamux/yamuxsession.h"
#include "libp2p/yamux/yamuxstream.h"

#include <QTimer>

namespace Libp2p::Identify {

QByteArray buildMessage(const Info &info)
{
    Proto::Identify message;
    message.set_protocolversion(info.protocolVersion.toStdString());
    message.set_agentversion(info.agentVersion.toStdString());
    const QByteArray key = info.publicKey.toProtobuf();
    message.set_publickey(key.constData(), size_t(key.size()));
    for (const Multiaddr &address : info.listenAddrs) {
        const QByteArray bytes = address.toBytes();
        message.add_listenaddrs(bytes.constData(), size_t(bytes.size()));
    }
    for (const QString &protocol : info.protocols)
        message.add_protocols(protocol.toStdString());
    if (info.observedAddr) {
        const QByteArray bytes = info.observedAddr->toBytes();
        message.set_observedaddr(bytes.constData(), size_t(bytes.size()));
    }
    const std::string serialized = message.SerializeAsString();
    return QByteArray(serialized.data(), qsizetype(serialized.size()));
}

QString agentVersion()
{
    return QStringLiteral("switchboard/") + QStringLiteral(SWITCHBOARD_VERSION);
}

void serve(YamuxStream *stream, const QByteArray &message)
{
    // Nothing is expected from the peer: ignore what it sends (the stream window bounds it).
    stream->send(LengthPrefixed::frame(message), false);
    stream->finishWriting();
    // A peer that never finishes its side would keep the stream open: bound that.
    auto *linger = new QTimer(stream);
    linger->setSingleShot(true);
    QObject::connect(linger, &QTimer::timeout, stream,
                     [stream] { stream->close(1000, QStringLiteral("identify done")); });
    linger->start(30000);
}

} // namespace Libp2p::Identify

// Socket.IO packets (core/tunnel/socketio/socketiopacket) with SocketIoSession's attachment limit;
// a decoded packet must encode to text that decodes to the same packet.
#include "tunnel/socketio/socketiopacket.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray text = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    const SocketIoPacket::Decoded decoded = SocketIoPacket::decode(text, 10);
    if (!decoded.ok)
        return 0;
    const SocketIoPacket &packet = decoded.packet;
    if (packet.nsp.size() > SocketIoPacket::kMaxNamespaceLength || packet.attachments > 10 || packet.attachments < 0)
        __builtin_trap();
    // Invalid UTF-8 in a namespace is read as U+FFFD, which encodes longer: only valid UTF-8
    // must come back unchanged (the namespace limit counts bytes).
    if (QString::fromUtf8(text).toUtf8() != text)
        return 0;
    const SocketIoPacket::Decoded again = SocketIoPacket::decode(packet.encode(), 10);
    if (!again.ok || again.packet.type != packet.type || again.packet.nsp != packet.nsp
        || again.packet.ackId != packet.ackId || again.packet.attachments != packet.attachments)
        __builtin_trap();
    return 0;
}

#include "localfirstmessages.h"

#include <msgpack.hpp>

#include <QSet>

namespace LocalfirstMessages {

namespace {

QString asString(const msgpack::object &o)
{
    return QString::fromUtf8(o.via.str.ptr, int(o.via.str.size));
}

bool keyIs(const msgpack::object &key, const char *name)
{
    return key.type == msgpack::type::STR && key.via.str.size == std::strlen(name)
           && std::memcmp(key.via.str.ptr, name, key.via.str.size) == 0;
}

} // namespace

ClientMessage decode(const QByteArray &frame)
{
    ClientMessage message;
    msgpack::object_handle handle;
    try {
        // Bounds on what the decoder allocates, whatever the frame claims.
        const msgpack::unpack_limit limit(kMaxDocumentIds, 16, kMaxIdBytes * 4, 0, 0, 4);
        handle = msgpack::unpack(frame.constData(), size_t(frame.size()), nullptr, nullptr, limit);
    } catch (const std::exception &) {
        return message;
    }
    const msgpack::object &root = handle.get();
    if (root.type != msgpack::type::MAP)
        return message;

    QString type;
    const msgpack::object *ids = nullptr;
    for (uint32_t i = 0; i < root.via.map.size; ++i) {
        const msgpack::object_kv &kv = root.via.map.ptr[i];
        if (keyIs(kv.key, "type") && kv.val.type == msgpack::type::STR)
            type = asString(kv.val);
        else if (keyIs(kv.key, "documentIds"))
            ids = &kv.val;
    }
    if (type != QLatin1String("Join") && type != QLatin1String("Leave")) {
        // Heartbeats ("Heartbeat", or "❤️" from older clients) and anything newer: ignored.
        message.kind = type.isEmpty() ? ClientMessage::Kind::Malformed : ClientMessage::Kind::Other;
        return message;
    }
    if (!ids || ids->type != msgpack::type::ARRAY)
        return message;
    QSet<QString> seen;
    for (uint32_t i = 0; i < ids->via.array.size; ++i) {
        const msgpack::object &id = ids->via.array.ptr[i];
        if (id.type != msgpack::type::STR || id.via.str.size == 0 || id.via.str.size > uint32_t(kMaxIdBytes))
            return message;
        const QString value = asString(id);
        if (!seen.contains(value)) {
            seen.insert(value);
            message.documentIds << value;
        }
    }
    message.kind = type == QLatin1String("Join") ? ClientMessage::Kind::Join : ClientMessage::Kind::Leave;
    return message;
}

QByteArray encodeIntroduction(const QString &peerId, const QStringList &documentIds)
{
    msgpack::sbuffer buffer;
    msgpack::packer<msgpack::sbuffer> packer(buffer);
    const auto packString = [&packer](const QString &s) {
        const QByteArray utf8 = s.toUtf8();
        packer.pack_str(uint32_t(utf8.size()));
        packer.pack_str_body(utf8.constData(), uint32_t(utf8.size()));
    };
    packer.pack_map(3);
    packString(QStringLiteral("type"));
    packString(QStringLiteral("Introduction"));
    packString(QStringLiteral("peerId"));
    packString(peerId);
    packString(QStringLiteral("documentIds"));
    packer.pack_array(uint32_t(documentIds.size()));
    for (const QString &id : documentIds)
        packString(id);
    return QByteArray(buffer.data(), qsizetype(buffer.size()));
}

} // namespace LocalfirstMessages

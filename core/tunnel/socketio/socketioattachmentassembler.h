#pragma once
// Puts a binary Socket.IO packet back together: a BINARY_EVENT or BINARY_ACK header announces N
// attachments, which arrive as the next N binary Engine.IO messages. Each {"_placeholder":true,
// "num":k} in the header's JSON is replaced by attachment k as a base64 string (the layer above
// speaks JSON only), and the packet becomes a plain EVENT or ACK.
//
// Bounded: the header's attachment count is capped by the decoder (SocketIoPacket::decode), and
// the attachments' total size by `maxTotalBytes`. The caller bounds the wait with a timer.
#include "socketiopacket.h"

#include <QByteArrayList>

class SocketIoAttachmentAssembler
{
public:
    explicit SocketIoAttachmentAssembler(qint64 maxTotalBytes) : m_maxTotalBytes(maxTotalBytes) {}

    enum class Status { NeedMore, Complete, Error };

    // Starts on a decoded binary header. Complete at once when it announces no attachments.
    Status start(const SocketIoPacket &header);
    Status addAttachment(const QByteArray &bytes);
    bool isAssembling() const { return m_assembling; }
    // The finished packet (after Complete).
    SocketIoPacket takePacket();
    QString error() const { return m_error; }
    void reset();

    // Replaces every placeholder in `value`; false (and `error` set) for a placeholder whose num
    // does not name an attachment.
    static bool replacePlaceholders(QJsonValue &value, const QByteArrayList &attachments, QString *error);

private:
    Status finish();

    qint64 m_maxTotalBytes;
    bool m_assembling = false;
    SocketIoPacket m_packet;
    QByteArrayList m_attachments;
    qint64 m_totalBytes = 0;
    QString m_error;
};

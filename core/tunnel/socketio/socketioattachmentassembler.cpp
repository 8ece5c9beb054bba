#include "socketioattachmentassembler.h"

#include <QJsonArray>
#include <QJsonObject>

SocketIoAttachmentAssembler::Status SocketIoAttachmentAssembler::start(const SocketIoPacket &header)
{
    reset();
    if (!header.isBinary()) {
        m_error = QStringLiteral("not a binary packet");
        return Status::Error;
    }
    m_packet = header;
    m_assembling = true;
    if (header.attachments == 0)
        return finish();
    return Status::NeedMore;
}

SocketIoAttachmentAssembler::Status SocketIoAttachmentAssembler::addAttachment(const QByteArray &bytes)
{
    if (!m_assembling) {
        m_error = QStringLiteral("binary data without a binary packet announcing it");
        return Status::Error;
    }
    m_totalBytes += bytes.size();
    if (m_totalBytes > m_maxTotalBytes) {
        m_error = QStringLiteral("attachments larger than %1 bytes").arg(m_maxTotalBytes);
        m_assembling = false;
        return Status::Error;
    }
    m_attachments.append(bytes);
    if (m_attachments.size() < m_packet.attachments)
        return Status::NeedMore;
    return finish();
}

SocketIoAttachmentAssembler::Status SocketIoAttachmentAssembler::finish()
{
    m_assembling = false;
    if (!replacePlaceholders(m_packet.data, m_attachments, &m_error))
        return Status::Error;
    m_packet.type = m_packet.type == SocketIoPacket::Type::BinaryEvent ? SocketIoPacket::Type::Event
                                                                       : SocketIoPacket::Type::Ack;
    m_packet.attachments = 0;
    m_attachments.clear();
    return Status::Complete;
}

SocketIoPacket SocketIoAttachmentAssembler::takePacket()
{
    SocketIoPacket packet = m_packet;
    m_packet = {};
    return packet;
}

void SocketIoAttachmentAssembler::reset()
{
    m_assembling = false;
    m_packet = {};
    m_attachments.clear();
    m_totalBytes = 0;
    m_error.clear();
}

bool SocketIoAttachmentAssembler::replacePlaceholders(QJsonValue &value, const QByteArrayList &attachments, QString *error)
{
    if (value.isArray()) {
        QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            QJsonValue element = array.at(i);
            if (!replacePlaceholders(element, attachments, error))
                return false;
            array.replace(i, element);
        }
        value = array;
        return true;
    }
    if (!value.isObject())
        return true;
    QJsonObject object = value.toObject();
    if (object.value(QLatin1String("_placeholder")) == QJsonValue(true)) {
        const QJsonValue num = object.value(QLatin1String("num"));
        const double index = num.toDouble(-1);
        if (!num.isDouble() || index < 0 || index >= attachments.size() || index != qint64(index)) {
            *error = QStringLiteral("placeholder names no attachment");
            return false;
        }
        value = QString::fromLatin1(attachments.at(qsizetype(index)).toBase64());
        return true;
    }
    for (auto it = object.begin(); it != object.end(); ++it) {
        QJsonValue member = it.value();
        if (!replacePlaceholders(member, attachments, error))
            return false;
        it.value() = member;
    }
    value = object;
    return true;
}

#include "linkpreface.h"

QByteArray LinkPreface::serialize() const
{
    QByteArray line = kMagic.toByteArray() + secret + ' ' + kind + ' ' + clientAddress.toString().toLatin1() + ' '
                      + QByteArray::number(clientPort);
    for (const QByteArray &argument : arguments)
        line += ' ' + argument;
    return line + "\r\n";
}

std::optional<LinkPreface> LinkPreface::parse(QByteArrayView line)
{
    if (!line.startsWith(kMagic))
        return std::nullopt;
    if (line.endsWith("\r\n"))
        line.chop(2);
    // Counted without the line end, so that whatever parses is sent again within the limit.
    if (line.size() + 2 > kMaxBytes)
        return std::nullopt;
    const QList<QByteArray> words = line.sliced(kMagic.size()).toByteArray().split(' ');
    if (words.size() < 4)
        return std::nullopt;
    for (const QByteArray &word : words) {
        if (word.isEmpty())
            return std::nullopt;
        for (char c : word) {
            if (quint8(c) <= 0x20 || quint8(c) >= 0x7f)
                return std::nullopt;
        }
    }
    LinkPreface preface;
    preface.secret = words[0];
    preface.kind = words[1];
    // Only the form serialize() writes: QHostAddress also takes "1" for 0.0.0.1 and the like.
    const QString address = QString::fromLatin1(words[2]);
    if (!preface.clientAddress.setAddress(address) || preface.clientAddress.toString() != address)
        return std::nullopt;
    bool ok = false;
    const uint port = words[3].toUInt(&ok);
    if (!ok || port > 65535)
        return std::nullopt;
    preface.clientPort = quint16(port);
    preface.arguments = words.mid(4);
    return preface;
}

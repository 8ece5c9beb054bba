#include "websocketreplay.h"

#include <QRandomGenerator>
#include <QtEndian>

namespace WebSocketReplay {

QByteArray upgradeRequest(const HttpRequest &request)
{
    QByteArray key(16, Qt::Uninitialized);
    QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(key.data()), 4);
    QByteArray head = "GET " + request.target + " HTTP/1.1\r\nHost: " + request.host.toUtf8()
                      + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                        "Sec-WebSocket-Key: "
                      + key.toBase64() + "\r\n\r\n";
    return head;
}

QByteArray clientFrame(const QByteArray &payload, bool text)
{
    QByteArray frame;
    frame.reserve(payload.size() + 14);
    frame.append(char(0x80 | (text ? 0x1 : 0x2)));
    const qsizetype size = payload.size();
    if (size < 126) {
        frame.append(char(0x80 | size));
    } else if (size <= 0xffff) {
        frame.append(char(0x80 | 126));
        char length[2];
        qToBigEndian<quint16>(quint16(size), length);
        frame.append(length, 2);
    } else {
        frame.append(char(0x80 | 127));
        char length[8];
        qToBigEndian<quint64>(quint64(size), length);
        frame.append(length, 8);
    }
    char mask[4];
    const quint32 key = QRandomGenerator::global()->generate();
    memcpy(mask, &key, 4);
    frame.append(mask, 4);
    const qsizetype start = frame.size();
    frame.append(payload);
    for (qsizetype i = 0; i < size; ++i)
        frame[start + i] = char(frame[start + i] ^ mask[i % 4]);
    return frame;
}

QByteArray serverCloseFrame(quint16 code, const QByteArray &reason)
{
    const QByteArray text = reason.left(123);
    QByteArray frame;
    frame.append(char(0x88));
    frame.append(char(2 + text.size()));
    char codeBytes[2];
    qToBigEndian<quint16>(code, codeBytes);
    frame.append(codeBytes, 2);
    frame.append(text);
    return frame;
}

} // namespace WebSocketReplay

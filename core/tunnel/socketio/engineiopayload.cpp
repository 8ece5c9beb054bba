#include "engineiopayload.h"

EngineIoPayload::Decoded EngineIoPayload::decode(const QByteArray &body, int maxPackets)
{
    Decoded result;
    if (body.isEmpty()) {
        result.error = QStringLiteral("empty payload");
        return result;
    }
    // Counting first keeps a body of a million separators from building a million-entry list.
    if (body.count(kRecordSeparator) + 1 > maxPackets) {
        result.error = QStringLiteral("more than %1 packets in one payload").arg(maxPackets);
        return result;
    }
    qsizetype start = 0;
    while (start <= body.size()) {
        qsizetype end = body.indexOf(kRecordSeparator, start);
        if (end < 0)
            end = body.size();
        const auto packet = EngineIoPacket::fromPollingRecord(body.mid(start, end - start));
        if (!packet) {
            result.error = QStringLiteral("malformed packet #%1").arg(result.packets.size() + 1);
            result.packets.clear();
            return result;
        }
        result.packets.append(*packet);
        start = end + 1;
    }
    result.ok = true;
    return result;
}

QByteArray EngineIoPayload::encode(const QList<EngineIoPacket> &packets)
{
    QByteArray body;
    for (qsizetype i = 0; i < packets.size(); ++i) {
        if (i > 0)
            body += kRecordSeparator;
        body += packets.at(i).toPollingRecord();
    }
    return body;
}

#pragma once
// The body of an HTTP long-polling request or response: Engine.IO packets joined by the record
// separator 0x1e (engine.io-protocol, "Packet encoding / HTTP long-polling").
#include "engineiopacket.h"

#include <QList>
#include <QString>

class EngineIoPayload
{
public:
    static constexpr char kRecordSeparator = '\x1e';

    struct Decoded
    {
        bool ok = false;
        QList<EngineIoPacket> packets;
        QString error; // set when !ok
    };

    // All or nothing: one malformed record, or more than `maxPackets` records, refuses the whole
    // body, so a client never sees half of a bad POST acted upon.
    static Decoded decode(const QByteArray &body, int maxPackets);
    static QByteArray encode(const QList<EngineIoPacket> &packets);
};

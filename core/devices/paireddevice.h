#pragma once
// A phone (or any device) that traded a pairing code for a device token. The token itself is
// never kept: the registry stores only its SHA-256 hash.
#include <QDateTime>
#include <QMetaType>
#include <QString>

struct PairedDevice
{
    QString id;
    QString name;
    QDateTime pairedAt;
    QDateTime lastSeen;
};
Q_DECLARE_METATYPE(PairedDevice)

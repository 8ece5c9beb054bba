#pragma once
// A phone pairing code as the tray and the headless server show it: the code itself, the URL its
// QR code encodes (<relay public scheme+domain>/pair#<code>) and when it stops working.
#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <QUrl>

struct PairingCode
{
    QString code;
    QUrl url;
    QDateTime expiresAt;
};
Q_DECLARE_METATYPE(PairingCode)

#pragma once
#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrlQuery>

// One parsed HTTP/1.x request. Header names are kept lowercased, values as sent.
struct HttpRequest
{
    QByteArray method;
    QByteArray target; // path and query as sent
    QString path; // percent-decoded path
    QUrlQuery query;
    QString host; // Host header (or an absolute target's authority), lowercased, port included
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    bool upgradeToWebSocket = false;
    bool keepAlive = true;
    bool secure = false; // arrived over TLS
    // Carried here by another node of the cluster (core/net/link): served here, never carried on.
    bool viaLink = false;
    QHostAddress peerAddress;
    quint16 peerPort = 0;
    quint16 localPort = 0;

    QByteArray header(QByteArrayView lowercaseName) const;
    // Host without the port.
    QString hostName() const;
};

#include "socketioclient.h"

#include <QJsonDocument>

void SocketIoClient::setRawEventHandler(const QString &, RawEventHandler)
{
    // No lane: every event arrives through eventReceived().
}

void SocketIoClient::emitEventJson(QByteArrayView eventJson)
{
    QJsonArray nameAndArgs = QJsonDocument::fromJson(eventJson.toByteArray()).array();
    if (nameAndArgs.isEmpty())
        return;
    const QString name = nameAndArgs.takeAt(0).toString();
    emitEvent(name, nameAndArgs);
}

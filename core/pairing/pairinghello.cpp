#include "pairinghello.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

PairingHello PairingHello::parse(const QByteArray &frame, bool text)
{
    PairingHello hello;
    if (!text) {
        hello.closeReason = QStringLiteral("First frame must be hello text");
        return hello;
    }
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(frame, &error);
    if (error.error != QJsonParseError::NoError) {
        // Qt reads only objects and arrays at the top; a bare scalar ("x", 5, null) is still
        // valid JSON, just not an object, and gets the same answer as an array.
        QJsonParseError wrappedError;
        const QJsonDocument wrapped = QJsonDocument::fromJson('[' + frame + ']', &wrappedError);
        const bool scalar = wrappedError.error == QJsonParseError::NoError && wrapped.array().size() == 1;
        hello.closeReason = scalar ? QStringLiteral("Bad hello") : QStringLiteral("Bad hello json");
        return hello;
    }
    if (!document.isObject()) {
        // The original relay crashes here (1011); valid JSON that is no object is just a bad hello.
        hello.closeReason = QStringLiteral("Bad hello");
        return hello;
    }
    const QJsonObject object = document.object();
    if (object.value(QLatin1String("type")).toString() != QLatin1String("hello")) {
        hello.closeReason = QStringLiteral("First frame must be hello");
        return hello;
    }
    const QJsonValue hash = object.value(QLatin1String("code_hash_hex"));
    const QString role = object.value(QLatin1String("role")).toString();
    if (!hash.isString() || hash.toString().isEmpty() || hash.toString().size() > kMaxCodeHashLength
        || (role != QLatin1String("sender") && role != QLatin1String("receiver"))) {
        hello.closeReason = QStringLiteral("Bad hello");
        return hello;
    }
    hello.ok = true;
    hello.codeHash = hash.toString();
    hello.role = role == QLatin1String("sender") ? Role::Sender : Role::Receiver;
    return hello;
}

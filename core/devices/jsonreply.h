#pragma once
// JSON answers of the pairing and admin API: never cached (they carry codes and tokens), errors
// as {"error": "<a sentence a person can act on>"}.
#include "net/httpresponse.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace JsonReply {

inline HttpResponse ok(const QJsonObject &body, int status = 200)
{
    HttpResponse r = HttpResponse::json(status, QJsonDocument(body).toJson(QJsonDocument::Compact));
    r.setHeader("Cache-Control", "no-store");
    return r;
}

inline HttpResponse error(int status, const QString &message)
{
    return ok(QJsonObject{{QStringLiteral("error"), message}}, status);
}

} // namespace JsonReply

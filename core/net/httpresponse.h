#pragma once
#include <QByteArray>
#include <QList>
#include <QPair>

// An HTTP/1.1 response to be written by the connection that received the request.
struct HttpResponse
{
    int status = 200;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    bool closeAfter = false; // close the connection once written
    // The length to announce instead of the body's: a HEAD answer passed on from another server
    // announces what the GET would carry.
    qint64 announcedLength = -1;

    HttpResponse &setHeader(const QByteArray &name, const QByteArray &value);
    QByteArray header(QByteArrayView name) const;

    static HttpResponse text(int status, const QByteArray &text);
    static HttpResponse json(int status, const QByteArray &json);
    static HttpResponse html(int status, const QByteArray &html);
    static QByteArray reasonPhrase(int status);
    // The bytes on the wire. Content-Length always tells the body's size, also for a HEAD request
    // (which gets the head alone); 204 and 304 get neither Content-Length nor body.
    QByteArray serialize(bool headRequest, bool keepAlive) const;
};

#pragma once
// How a route handler answers: now, or later (the tunnel waits for a desktop). If the client
// has gone by then, sending is a no-op.
#include "httpresponse.h"

#include <QObject>
#include <QPointer>

class HttpResponseSink : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    virtual void sendResponse(quint64 exchangeId, const HttpResponse &response) = 0;
};

class HttpResponder
{
public:
    HttpResponder() = default;
    HttpResponder(HttpResponseSink *sink, quint64 exchangeId) : m_sink(sink), m_exchangeId(exchangeId) {}
    void send(const HttpResponse &response) const
    {
        if (m_sink)
            m_sink->sendResponse(m_exchangeId, response);
    }
    bool isConnected() const { return !m_sink.isNull(); }

private:
    QPointer<HttpResponseSink> m_sink;
    quint64 m_exchangeId = 0;
};

#pragma once
// Test helpers for the Engine.IO layer: a stand-in for the HTTP connection a handler answers
// through, and a polling client of one EngineIoSession built on it.
#include "net/httpresponder.h"
#include "tunnel/socketio/engineiosession.h"

#include <QByteArrayList>
#include <QCoreApplication>
#include <memory>

// Records what is sent through its responders. Deleting it is a client that went away.
class FakeResponseSink : public HttpResponseSink
{
public:
    QList<HttpResponse> responses;

    HttpResponder responder() { return HttpResponder(this, ++m_exchange); }
    void sendResponse(quint64, const HttpResponse &response) override { responses.append(response); }
    bool answered() const { return !responses.isEmpty(); }
    HttpResponse first() const { return responses.value(0); }

private:
    quint64 m_exchange = 0;
};

class PollingTestClient
{
public:
    explicit PollingTestClient(EngineIoSession *session) : m_session(session) {}

    static HttpRequest request(const QByteArray &method, const QByteArray &body = {},
                               const QByteArray &contentType = "text/plain;charset=UTF-8")
    {
        HttpRequest r;
        r.method = method;
        r.path = QStringLiteral("/socket.io/");
        r.body = body;
        r.headers.append(qMakePair(QByteArray("content-type"), contentType));
        r.headers.append(qMakePair(QByteArray("origin"), QByteArray("https://app.example")));
        return r;
    }

    HttpResponse post(const QByteArray &body, const QByteArray &contentType = "text/plain;charset=UTF-8")
    {
        FakeResponseSink sink;
        m_session->handleData(request("POST", body, contentType), sink.responder());
        return sink.first();
    }

    // A GET; it may be held (not answered yet).
    std::unique_ptr<FakeResponseSink> poll()
    {
        auto sink = std::make_unique<FakeResponseSink>();
        m_session->handlePoll(request("GET"), sink->responder());
        return sink;
    }

    // Lets queued flushes run, then polls once: the packets that were waiting, split apart.
    // Empty when nothing was (the GET stays held in `held`).
    QByteArrayList takeSent()
    {
        QCoreApplication::processEvents();
        held = poll();
        if (!held->answered())
            return {};
        const QByteArray body = held->first().body;
        held.reset();
        return body.split('\x1e');
    }

    std::unique_ptr<FakeResponseSink> held;

private:
    EngineIoSession *m_session;
};

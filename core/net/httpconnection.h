#pragma once
// One HTTP/1.1 client connection: reads request heads within the time limit, routes them,
// reads bounded bodies, writes responses, keeps the connection alive between requests, and answers
// WebSocket handshakes before handing the socket to the gateway.
#include "httprequestparser.h"
#include "httpresponder.h"
#include "router.h"

#include <QElapsedTimer>
#include <QTcpSocket>
#include <QTimer>

class Metrics;
class WebSocketGateway;

struct HttpLimits
{
    int maxHeadBytes = 16 * 1024;
    qint64 maxBodyBytes = 10 * 1000 * 1000;
    int headTimeoutMs = 10000;
    int idleTimeoutMs = 300000;
};

class HttpConnection : public HttpResponseSink
{
    Q_OBJECT
public:
    // Takes ownership of `socket`. `sinceAccept` has run since the TCP accept, so the first head's
    // deadline counts the time spent before HTTP was recognised (and in the TLS handshake).
    HttpConnection(QTcpSocket *socket, const Router *router, WebSocketGateway *gateway,
                   Metrics *metrics, const HttpLimits &limits, const QElapsedTimer &sinceAccept,
                   QObject *parent = nullptr);

    void sendResponse(quint64 exchangeId, const HttpResponse &response) override;
    // The connection came from another node of the cluster on behalf of `client`: requests carry
    // the client's address, and are served here (never carried on again, so two nodes that
    // disagree about who holds something cannot pass a client back and forth).
    void arrivedOverLink(const QHostAddress &client, quint16 port);

private:
    enum class State { ReadingHead, AwaitingPlacement, ReadingBody, AwaitingResponse, Closing };
    void processInput();
    void handleHead();
    void proceed(const RouteDecision &decision);
    void carryOver(const LinkTarget &target);
    void dispatch();
    void closeAfterWriting();
    void refuse(int status, const QByteArray &text, const QString &rejectReason);
    enum class Deadline { Head, Body, Idle };
    void startDeadline(Deadline kind, int ms);
    void deadlinePassed();
    QString peer() const;
    QHostAddress clientAddress() const;

    QTcpSocket *m_socket;
    qintptr m_plainDescriptor; // -1 for TLS (see DirectWrite)
    const Router *m_router;
    WebSocketGateway *m_gateway;
    Metrics *m_metrics;
    HttpLimits m_limits;
    HttpRequestParser m_parser;
    State m_state = State::ReadingHead;
    QByteArray m_carry; // bytes of the next pipelined request, already read from the socket
    const Route *m_route = nullptr;
    quint64 m_exchangeId = 0;
    QTimer m_deadline;
    Deadline m_deadlineKind = Deadline::Head;
    bool m_processScheduled = false;
    bool m_halfClosed = false;
    bool m_viaLink = false;
    QHostAddress m_linkClient;
    quint16 m_linkClientPort = 0;
};

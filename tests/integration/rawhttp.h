#pragma once
// A deliberately plain HTTP/1.1 client over one socket, so tests control every byte: partial
// heads, pipelining, keep-alive, garbage.
#include <QByteArray>
#include <QList>
#include <QPair>
#include <QTcpSocket>

struct RawResponse
{
    int status = 0; // 0: no complete response arrived
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    QByteArray header(const QByteArray &name) const;
};

class RawHttp
{
public:
    explicit RawHttp(QTcpSocket *socket) : m_socket(socket) {}
    // Reads one response (head plus Content-Length body) within the timeout.
    RawResponse read(int timeoutMs = 5000);
    // Connects to 127.0.0.1:port, sends `request`, reads one response, closes.
    static RawResponse exchange(quint16 port, const QByteArray &request, int timeoutMs = 5000);
    static RawResponse get(quint16 port, const QByteArray &path, const QByteArray &extraHeaders = {});
    // True when the peer closes the connection within the timeout.
    static bool waitForClose(QTcpSocket *socket, int timeoutMs);

private:
    QTcpSocket *m_socket;
    QByteArray m_buffer;
};

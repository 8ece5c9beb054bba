#include "rawhttp.h"

#include <QDeadlineTimer>

QByteArray RawResponse::header(const QByteArray &name) const
{
    for (const auto &[n, v] : headers) {
        if (n.compare(name, Qt::CaseInsensitive) == 0)
            return v;
    }
    return {};
}

RawResponse RawHttp::read(int timeoutMs)
{
    RawResponse response;
    QDeadlineTimer deadline(timeoutMs);
    qsizetype headEnd = -1;
    while ((headEnd = m_buffer.indexOf("\r\n\r\n")) < 0) {
        if (deadline.hasExpired() || !m_socket->waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime()))))
            return response;
        m_buffer += m_socket->readAll();
    }
    const QList<QByteArray> lines = m_buffer.left(headEnd).split('\n');
    const QList<QByteArray> statusLine = lines.first().trimmed().split(' ');
    if (statusLine.size() < 2)
        return response;
    qint64 length = 0;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines[i].indexOf(':');
        if (colon < 0)
            continue;
        const QByteArray name = lines[i].left(colon).trimmed();
        const QByteArray value = lines[i].mid(colon + 1).trimmed();
        response.headers.append({name, value});
        if (name.compare("content-length", Qt::CaseInsensitive) == 0)
            length = value.toLongLong();
    }
    const qsizetype bodyStart = headEnd + 4;
    while (m_buffer.size() - bodyStart < length) {
        if (deadline.hasExpired() || !m_socket->waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime()))))
            return response;
        m_buffer += m_socket->readAll();
    }
    response.body = m_buffer.mid(bodyStart, length);
    m_buffer.remove(0, bodyStart + length);
    response.status = statusLine[1].toInt();
    return response;
}

RawResponse RawHttp::exchange(quint16 port, const QByteArray &request, int timeoutMs)
{
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), port);
    if (!socket.waitForConnected(timeoutMs))
        return {};
    socket.write(request);
    socket.flush();
    RawHttp http(&socket);
    return http.read(timeoutMs);
}

RawResponse RawHttp::get(quint16 port, const QByteArray &path, const QByteArray &extraHeaders)
{
    return exchange(port, "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n" + extraHeaders
                              + "Connection: close\r\n\r\n");
}

bool RawHttp::waitForClose(QTcpSocket *socket, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (socket->state() == QAbstractSocket::ConnectedState) {
        if (deadline.hasExpired())
            return false;
        socket->waitForReadyRead(int(std::max<qint64>(1, std::min<qint64>(100, deadline.remainingTime()))));
        socket->readAll();
    }
    return true;
}

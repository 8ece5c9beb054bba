#include "directwrite.h"

#include <QSslSocket>
#include <QTcpSocket>

#include <sys/uio.h>

qintptr DirectWrite::plainDescriptor(QTcpSocket *socket)
{
    return qobject_cast<QSslSocket *>(socket) ? -1 : socket->socketDescriptor();
}

void DirectWrite::write(QTcpSocket *socket, qintptr descriptor, QByteArrayView head, QByteArrayView body)
{
    if (descriptor >= 0 && socket->bytesToWrite() == 0) {
        iovec parts[2] = {{const_cast<char *>(head.data()), size_t(head.size())},
                          {const_cast<char *>(body.data()), size_t(body.size())}};
        const ssize_t written = ::writev(int(descriptor), parts, body.isEmpty() ? 1 : 2);
        // Nothing written (EAGAIN, or an error Qt will report itself): all of it goes through Qt.
        const qsizetype done = written < 0 ? 0 : qsizetype(written);
        if (done < head.size()) {
            socket->write(head.data() + done, head.size() - done);
            if (!body.isEmpty())
                socket->write(body.data(), body.size());
        } else if (done < head.size() + body.size()) {
            const qsizetype bodyDone = done - head.size();
            socket->write(body.data() + bodyDone, body.size() - bodyDone);
        }
        return;
    }
    socket->write(head.data(), head.size());
    if (!body.isEmpty())
        socket->write(body.data(), body.size());
}

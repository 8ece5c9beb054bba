#pragma once
// Handing bytes to the kernel without passing through QTcpSocket's write buffer. Qt's buffered
// write switches the socket's write notifier on and off again around every write, and with the
// GLib event loop each switch wakes the loop through its eventfd: two extra system calls and a
// wasted loop pass per HTTP response, measured as the largest share of system calls in the
// tunnel benchmark (docs/PERFORMANCE.md).
#include <QByteArrayView>

class QTcpSocket;

namespace DirectWrite {

// The descriptor a socket may be written to directly, or -1: TLS bytes must go through
// QSslSocket.
qintptr plainDescriptor(QTcpSocket *socket);

// Writes `head` and then `body`. With a plain descriptor and nothing queued in Qt, both go to the
// kernel in one writev; what the kernel does not take now is queued in Qt behind it, so the order
// on the wire is kept (Qt then reports its own progress with bytesWritten). Otherwise both are
// queued in Qt as usual.
void write(QTcpSocket *socket, qintptr descriptor, QByteArrayView head, QByteArrayView body = {});

} // namespace DirectWrite

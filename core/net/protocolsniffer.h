#pragma once
// Tells protocols apart by the first bytes a client sends, so one port serves them all.
#include <QByteArrayView>

enum class SniffedProtocol {
    Tls, // a TLS record header with the handshake content type (ClientHello follows)
    Http, // the start of an HTTP/1.x request method
    Libp2p, // multistream-select's header: 0x13 "/multistream/1.0.0\n"
    ClusterLink, // "SBLINK/1 ": another node of the cluster carrying a client over (core/net/link)
    Unknown // anything else: refuse
};

namespace ProtocolSniffer {
// Classifies from however many bytes have arrived (at least one). The decision never needs more
// than the first byte, so a caller that peeks at the kernel buffer never waits for a second
// segment; the later bytes, when present, must agree or the answer is Unknown.
SniffedProtocol classify(QByteArrayView firstBytes);
const char *name(SniffedProtocol protocol);
}

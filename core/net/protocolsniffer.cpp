#include "protocolsniffer.h"

#include <array>

namespace {

constexpr QByteArrayView kMultistreamHeader("\x13/multistream/1.0.0\n", 20);
constexpr QByteArrayView kClusterLinkMagic("SBLINK/1 ");

// Request methods the relay serves or must answer with 405; a prefix of one of them counts.
constexpr std::array<QByteArrayView, 9> kMethods = {
    QByteArrayView("GET "),     QByteArrayView("POST "),  QByteArrayView("PUT "),
    QByteArrayView("HEAD "),    QByteArrayView("DELETE "), QByteArrayView("OPTIONS "),
    QByteArrayView("PATCH "),   QByteArrayView("CONNECT "), QByteArrayView("TRACE ")};

bool isPrefixOf(QByteArrayView bytes, QByteArrayView whole)
{
    const qsizetype n = std::min(bytes.size(), whole.size());
    return bytes.first(n) == whole.first(n);
}

bool looksLikeTls(QByteArrayView bytes)
{
    // Record type 22 (handshake), then protocol major version 3 (SSL 3.0 up to TLS 1.3 all say
    // 3 here).
    if (quint8(bytes[0]) != 0x16)
        return false;
    return bytes.size() < 2 || quint8(bytes[1]) == 0x03;
}

} // namespace

namespace ProtocolSniffer {

SniffedProtocol classify(QByteArrayView bytes)
{
    if (bytes.isEmpty())
        return SniffedProtocol::Unknown;
    if (looksLikeTls(bytes))
        return SniffedProtocol::Tls;
    if (isPrefixOf(bytes, kMultistreamHeader))
        return SniffedProtocol::Libp2p;
    if (isPrefixOf(bytes, kClusterLinkMagic))
        return SniffedProtocol::ClusterLink;
    for (QByteArrayView method : kMethods) {
        if (isPrefixOf(bytes, method))
            return SniffedProtocol::Http;
    }
    return SniffedProtocol::Unknown;
}

const char *name(SniffedProtocol protocol)
{
    switch (protocol) {
    case SniffedProtocol::Tls: return "tls";
    case SniffedProtocol::Http: return "http";
    case SniffedProtocol::Libp2p: return "libp2p";
    case SniffedProtocol::ClusterLink: return "cluster_link";
    case SniffedProtocol::Unknown: break;
    }
    return "unknown";
}

} // namespace ProtocolSniffer

#include "multiaddrprotocol.h"

#include <iterator>

namespace Libp2p {

namespace {

using V = MultiaddrProtocol::Value;

constexpr MultiaddrProtocol Protocols[] = {
    {MultiaddrCode::Ip4, "ip4", V::Ip4},
    {MultiaddrCode::Tcp, "tcp", V::Port},
    {MultiaddrCode::Ip6, "ip6", V::Ip6},
    {MultiaddrCode::Dns, "dns", V::DomainName},
    {MultiaddrCode::Dns4, "dns4", V::DomainName},
    {MultiaddrCode::Dns6, "dns6", V::DomainName},
    {MultiaddrCode::DnsAddr, "dnsaddr", V::DomainName},
    {MultiaddrCode::Udp, "udp", V::Port},
    {MultiaddrCode::WebRtcDirect, "webrtc-direct", V::None},
    {MultiaddrCode::WebRtc, "webrtc", V::None},
    {MultiaddrCode::P2pCircuit, "p2p-circuit", V::None},
    {MultiaddrCode::P2p, "p2p", V::PeerId},
    {MultiaddrCode::Tls, "tls", V::None},
    {MultiaddrCode::Sni, "sni", V::DomainName},
    {MultiaddrCode::Noise, "noise", V::None},
    {MultiaddrCode::Quic, "quic", V::None},
    {MultiaddrCode::QuicV1, "quic-v1", V::None},
    {MultiaddrCode::WebTransport, "webtransport", V::None},
    {MultiaddrCode::Ws, "ws", V::None},
    {MultiaddrCode::Wss, "wss", V::None},
    {MultiaddrCode::Http, "http", V::None},
};

} // namespace

int MultiaddrProtocol::fixedSize() const
{
    switch (value) {
    case Value::None: return 0;
    case Value::Ip4: return 4;
    case Value::Ip6: return 16;
    case Value::Port: return 2;
    case Value::DomainName:
    case Value::PeerId: return -1;
    }
    return -1;
}

const MultiaddrProtocol *MultiaddrProtocol::byCode(quint64 code)
{
    for (const auto &protocol : Protocols) {
        if (protocol.code == code)
            return &protocol;
    }
    return nullptr;
}

const MultiaddrProtocol *MultiaddrProtocol::byName(QStringView name)
{
    if (name == QLatin1String("ipfs"))
        return byCode(MultiaddrCode::P2p);
    for (const auto &protocol : Protocols) {
        if (name == QLatin1String(protocol.name))
            return &protocol;
    }
    return nullptr;
}

} // namespace Libp2p

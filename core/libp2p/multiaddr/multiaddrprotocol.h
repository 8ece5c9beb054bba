#pragma once
// The multiaddr protocols Switchboard understands (codes and names from multiformats/multiaddr's
// protocols.csv). Each has a fixed-size binary value, a length-prefixed one, or none. Anything
// else is refused by the parser: a multiaddr cannot be read past a component whose size is
// unknown.
#include <QString>
#include <QStringView>

namespace Libp2p {

namespace MultiaddrCode {
constexpr quint32 Ip4 = 4;
constexpr quint32 Tcp = 6;
constexpr quint32 Ip6 = 41;
constexpr quint32 Dns = 53;
constexpr quint32 Dns4 = 54;
constexpr quint32 Dns6 = 55;
constexpr quint32 DnsAddr = 56;
constexpr quint32 Udp = 273;
constexpr quint32 WebRtcDirect = 280;
constexpr quint32 WebRtc = 281;
constexpr quint32 P2pCircuit = 290;
constexpr quint32 P2p = 421;
constexpr quint32 Tls = 448;
constexpr quint32 Sni = 449;
constexpr quint32 Noise = 454;
constexpr quint32 Quic = 460;
constexpr quint32 QuicV1 = 461;
constexpr quint32 WebTransport = 465;
constexpr quint32 Ws = 477;
constexpr quint32 Wss = 478;
constexpr quint32 Http = 480;
} // namespace MultiaddrCode

struct MultiaddrProtocol
{
    enum class Value {
        None, // no value: /ws, /p2p-circuit
        Ip4, // 4 bytes, dotted quad
        Ip6, // 16 bytes, RFC 5952 text
        Port, // 2 bytes big-endian, decimal
        DomainName, // length-prefixed UTF-8 (dns*, sni)
        PeerId, // length-prefixed multihash, base58btc text
    };
    quint32 code;
    const char *name;
    Value value;

    // Bytes of a fixed-size value; -1 for length-prefixed values, 0 for none.
    int fixedSize() const;
    static const MultiaddrProtocol *byCode(quint64 code);
    // "ipfs" is accepted as the old name of "p2p".
    static const MultiaddrProtocol *byName(QStringView name);
};

} // namespace Libp2p

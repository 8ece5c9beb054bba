#pragma once
// A multiaddr (github.com/multiformats/multiaddr): a self-describing network address such as
// /ip4/127.0.0.1/tcp/9090/ws/p2p/12D3KooW..., kept as its list of (protocol code, binary value)
// components. Converts between the text form and the binary form (uvarint code, then the value:
// fixed-size, or uvarint length + bytes), validating every value both ways. Binary multiaddrs
// arrive in identify and circuit relay messages, so parsing is bounded (MaxBytes, MaxComponents)
// and refuses protocols it does not know (see multiaddrprotocol.h) with an error text.
#include "libp2p/crypto/peerid.h"
#include "multiaddrprotocol.h"

#include <QByteArray>
#include <QHashFunctions>
#include <QHostAddress>
#include <QList>
#include <QMetaType>
#include <QString>
#include <optional>

namespace Libp2p {

class Multiaddr
{
public:
    struct Component
    {
        quint32 code = 0;
        QByteArray value; // binary form: 4 bytes for ip4, a multihash for p2p, empty for ws...
        friend bool operator==(const Component &a, const Component &b)
        {
            return a.code == b.code && a.value == b.value;
        }
    };

    static constexpr qsizetype MaxBytes = 1024;
    static constexpr qsizetype MaxTextLength = 2048;
    static constexpr qsizetype MaxComponents = 32;
    // dns, dns4, dns6, dnsaddr and sni names.
    static constexpr qsizetype MaxDomainNameBytes = 255;

    Multiaddr() = default; // the empty multiaddr ("")
    static std::optional<Multiaddr> fromString(QStringView text, QString *error = nullptr);
    static std::optional<Multiaddr> fromBytes(QByteArrayView bytes, QString *error = nullptr);
    // /ip4/<a>/tcp/<port> or /ip6/<a>/tcp/<port> for a connected socket's address (an
    // IPv4-mapped IPv6 address becomes /ip4/). Empty for a null address or one with a scope id.
    static Multiaddr fromTcpAddress(const QHostAddress &address, quint16 port);
    struct TcpAddress
    {
        QHostAddress host;
        quint16 port = 0;
    };
    // The inverse: the host and port of an address that starts /ip4/.../tcp/... or
    // /ip6/.../tcp/... (whatever follows, /ws or /p2p/..., is ignored); nothing otherwise.
    std::optional<TcpAddress> tcpAddress() const;

    bool isEmpty() const { return m_components.isEmpty(); }
    const QList<Component> &components() const { return m_components; }
    QString toString() const;
    QByteArray toBytes() const;

    // This address followed by `tail` (for example a transport address + /p2p/<relay id>).
    Multiaddr encapsulate(const Multiaddr &tail) const;
    // This address followed by /p2p/<id>.
    Multiaddr withPeerId(const PeerId &id) const;
    // The PeerId of the last /p2p/ component (the peer this address finally reaches).
    std::optional<PeerId> peerId() const;
    bool contains(quint32 code) const;

    friend bool operator==(const Multiaddr &a, const Multiaddr &b) { return a.m_components == b.m_components; }
    friend bool operator!=(const Multiaddr &a, const Multiaddr &b) { return !(a == b); }

private:
    QList<Component> m_components;
};

inline size_t qHash(const Multiaddr &address, size_t seed = 0) { return qHash(address.toBytes(), seed); }

} // namespace Libp2p

Q_DECLARE_METATYPE(Libp2p::Multiaddr)

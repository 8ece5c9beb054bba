#pragma once
// A libp2p PeerId (libp2p/specs peer-ids/peer-ids.md): the multihash of a PublicKey protobuf.
// Keys whose encoding fits in 42 bytes (Ed25519: 36) are embedded whole, as an "identity"
// multihash (0x00, length, key), so the key can be read back out of the PeerId to check a
// signature; longer keys (RSA) are hashed with SHA-256 (0x12 0x20 + digest).
// Text form: base58btc of the multihash ("12D3KooW..." for Ed25519). Parsing also accepts the
// newer CIDv1 form (multibase 'b' base32 or 'z' base58btc, codec libp2p-key 0x72), as the spec
// requires. A default-constructed PeerId is null and equals only other null PeerIds.
#include "publickey.h"

#include <QByteArray>
#include <QHashFunctions>
#include <QMetaType>
#include <QString>
#include <functional>
#include <optional>

namespace Libp2p {

class PeerId
{
public:
    // Multihash codes PeerIds use.
    static constexpr quint8 IdentityHashCode = 0x00;
    static constexpr quint8 Sha256HashCode = 0x12;
    // Keys up to this many encoded bytes are embedded rather than hashed.
    static constexpr qsizetype MaxInlineKeyBytes = 42;
    // Longest text fromString() looks at (a base32 CID of an inline key is about 65 characters).
    static constexpr qsizetype MaxTextLength = 128;

    PeerId() = default;
    static PeerId fromPublicKey(const PublicKey &key);
    // From the binary multihash (as in /p2p/ multiaddr components and in circuit relay messages).
    // Accepts an identity multihash of at most 42 bytes or a SHA-256 multihash, nothing else.
    static std::optional<PeerId> fromBytes(QByteArrayView multihash, QString *error = nullptr);
    // From text: base58btc ("12D3KooW...", "Qm...") or a CIDv1 ("bafz...", "z...").
    static std::optional<PeerId> fromString(QStringView text, QString *error = nullptr);

    bool isNull() const { return m_multihash.isEmpty(); }
    // The binary multihash.
    const QByteArray &toBytes() const { return m_multihash; }
    // base58btc of the multihash, the form js-libp2p prints and parses.
    QString toString() const;

    // The public key embedded in an identity-multihash PeerId; nothing for a hashed (RSA) PeerId
    // or when the embedded bytes are not a valid PublicKey protobuf.
    std::optional<PublicKey> publicKey() const;
    // True when `key` is the key this PeerId was made from (works for both multihash kinds).
    bool matches(const PublicKey &key) const;

    friend bool operator==(const PeerId &a, const PeerId &b) { return a.m_multihash == b.m_multihash; }
    friend bool operator!=(const PeerId &a, const PeerId &b) { return !(a == b); }
    friend bool operator<(const PeerId &a, const PeerId &b) { return a.m_multihash < b.m_multihash; }

private:
    explicit PeerId(QByteArray multihash) : m_multihash(std::move(multihash)) {}

    QByteArray m_multihash;
};

inline size_t qHash(const PeerId &id, size_t seed = 0) noexcept { return qHash(id.toBytes(), seed); }

} // namespace Libp2p

template<>
struct std::hash<Libp2p::PeerId>
{
    size_t operator()(const Libp2p::PeerId &id) const noexcept { return qHash(id.toBytes()); }
};

Q_DECLARE_METATYPE(Libp2p::PeerId)

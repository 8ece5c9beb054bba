#pragma once
// A libp2p public key: its type and its type-specific bytes, as carried in the PublicKey protobuf
// (libp2p/specs peer-ids/peer-ids.md). PeerIds are made from its protobuf encoding; Noise,
// identify and signed pubsub messages carry that encoding. Only Ed25519 keys can verify
// signatures here (what js-libp2p uses by default); keys of the other types can still be parsed,
// compared and turned into PeerIds, but verify() refuses them.
#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <optional>

namespace Libp2p {

enum class KeyType { Rsa = 0, Ed25519 = 1, Secp256k1 = 2, Ecdsa = 3 };

class PublicKey
{
public:
    static constexpr qsizetype Ed25519Bytes = 32;
    static constexpr qsizetype Ed25519SignatureBytes = 64;
    // Largest PublicKey protobuf accepted from the network (an RSA-8192 key is about 1.1 KB).
    static constexpr qsizetype MaxProtobufBytes = 2048;

    PublicKey() = default; // a null key: isNull(), verifies nothing
    // A 32-byte raw Ed25519 public key; null when the size is wrong.
    static PublicKey ed25519(QByteArrayView raw);
    // Parses a PublicKey protobuf. Refuses unknown key types, missing fields, an Ed25519 key that
    // is not 32 bytes, and inputs above MaxProtobufBytes.
    static std::optional<PublicKey> fromProtobuf(QByteArrayView encoded, QString *error = nullptr);

    bool isNull() const { return m_data.isEmpty(); }
    KeyType type() const { return m_type; }
    // The key itself (32 raw bytes for Ed25519).
    const QByteArray &data() const { return m_data; }
    // The deterministic PublicKey protobuf encoding (for Ed25519: 08 01 12 20 <32 bytes>).
    QByteArray toProtobuf() const;

    // True when `signature` is this key's valid signature of `message` (Ed25519 only).
    bool verify(QByteArrayView message, QByteArrayView signature) const;

    friend bool operator==(const PublicKey &a, const PublicKey &b)
    {
        return a.m_type == b.m_type && a.m_data == b.m_data;
    }
    friend bool operator!=(const PublicKey &a, const PublicKey &b) { return !(a == b); }

private:
    PublicKey(KeyType type, QByteArray data) : m_type(type), m_data(std::move(data)) {}

    KeyType m_type = KeyType::Ed25519;
    QByteArray m_data;
};

} // namespace Libp2p

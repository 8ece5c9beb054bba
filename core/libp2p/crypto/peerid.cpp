#include "peerid.h"

#include "base58.h"
#include "uvarint.h"

#include <QCryptographicHash>

namespace Libp2p {

namespace {

// The multicodec a CIDv1 PeerId must carry.
constexpr quint64 Libp2pKeyCodec = 0x72;
constexpr qsizetype Sha256Bytes = 32;

void setError(QString *error, const QString &text)
{
    if (error)
        *error = text;
}

// RFC 4648 base32 without padding, either case (multibase 'b' is lower case, 'B' upper case).
std::optional<QByteArray> decodeBase32(QByteArrayView text)
{
    QByteArray out;
    out.reserve(text.size() * 5 / 8);
    quint32 buffer = 0;
    int bits = 0;
    for (const char c : text) {
        int value;
        if (c >= 'a' && c <= 'z')
            value = c - 'a';
        else if (c >= 'A' && c <= 'Z')
            value = c - 'A';
        else if (c >= '2' && c <= '7')
            value = c - '2' + 26;
        else
            return std::nullopt;
        buffer = (buffer << 5) | quint32(value);
        bits += 5;
        if (bits >= 8) {
            bits -= 8;
            out.append(char((buffer >> bits) & 0xff));
        }
    }
    // Leftover bits are padding of the last character and must be zero.
    if (bits >= 5 || (buffer & ((1u << bits) - 1)) != 0)
        return std::nullopt;
    return out;
}

std::optional<PeerId> fromCid(QByteArrayView cid, QString *error)
{
    const auto version = Uvarint::decode(cid);
    if (!version.isComplete() || version.value != 1) {
        setError(error, QStringLiteral("not a CIDv1"));
        return std::nullopt;
    }
    cid = cid.sliced(version.bytesRead);
    const auto codec = Uvarint::decode(cid);
    if (!codec.isComplete() || codec.value != Libp2pKeyCodec) {
        setError(error, QStringLiteral("CID is not a libp2p-key"));
        return std::nullopt;
    }
    return PeerId::fromBytes(cid.sliced(codec.bytesRead), error);
}

} // namespace

PeerId PeerId::fromPublicKey(const PublicKey &key)
{
    if (key.isNull())
        return {};
    const QByteArray encoded = key.toProtobuf();
    QByteArray multihash;
    if (encoded.size() <= MaxInlineKeyBytes) {
        multihash.append(char(IdentityHashCode));
        Uvarint::append(multihash, quint64(encoded.size()));
        multihash.append(encoded);
    } else {
        multihash.append(char(Sha256HashCode));
        Uvarint::append(multihash, quint64(Sha256Bytes));
        multihash.append(QCryptographicHash::hash(encoded, QCryptographicHash::Sha256));
    }
    return PeerId(multihash);
}

std::optional<PeerId> PeerId::fromBytes(QByteArrayView multihash, QString *error)
{
    const auto code = Uvarint::decode(multihash);
    if (!code.isComplete()) {
        setError(error, QStringLiteral("malformed multihash"));
        return std::nullopt;
    }
    const auto length = Uvarint::decode(multihash.sliced(code.bytesRead), MaxInlineKeyBytes + 1);
    if (!length.isComplete()) {
        setError(error, QStringLiteral("malformed multihash length"));
        return std::nullopt;
    }
    const qsizetype digestStart = code.bytesRead + length.bytesRead;
    if (multihash.size() - digestStart != qsizetype(length.value)) {
        setError(error, QStringLiteral("multihash length does not match its digest"));
        return std::nullopt;
    }
    if (code.value == IdentityHashCode) {
        if (length.value == 0 || length.value > quint64(MaxInlineKeyBytes)) {
            setError(error, QStringLiteral("identity multihash of %1 bytes").arg(length.value));
            return std::nullopt;
        }
    } else if (code.value == Sha256HashCode) {
        if (length.value != quint64(Sha256Bytes)) {
            setError(error, QStringLiteral("SHA-256 multihash of %1 bytes").arg(length.value));
            return std::nullopt;
        }
    } else {
        setError(error, QStringLiteral("unsupported multihash code 0x%1").arg(code.value, 0, 16));
        return std::nullopt;
    }
    return PeerId(multihash.toByteArray());
}

std::optional<PeerId> PeerId::fromString(QStringView text, QString *error)
{
    if (text.isEmpty() || text.size() > MaxTextLength) {
        setError(error, QStringLiteral("a PeerId is 1 to %1 characters").arg(MaxTextLength));
        return std::nullopt;
    }
    const QByteArray latin = text.toLatin1();
    std::optional<QByteArray> decoded;
    const char first = latin.front();
    if (first == '1' || latin.startsWith("Qm")) {
        decoded = Base58::decode(latin);
        if (decoded)
            return fromBytes(*decoded, error);
    } else if (first == 'b' || first == 'B') {
        decoded = decodeBase32(QByteArrayView(latin).sliced(1));
        if (decoded)
            return fromCid(*decoded, error);
    } else if (first == 'z') {
        decoded = Base58::decode(QByteArrayView(latin).sliced(1));
        if (decoded)
            return fromCid(*decoded, error);
    } else {
        setError(error, QStringLiteral("not a base58btc PeerId or a CID"));
        return std::nullopt;
    }
    setError(error, QStringLiteral("invalid characters in PeerId"));
    return std::nullopt;
}

QString PeerId::toString() const
{
    return QString::fromLatin1(Base58::encode(m_multihash));
}

std::optional<PublicKey> PeerId::publicKey() const
{
    if (m_multihash.isEmpty() || quint8(m_multihash[0]) != IdentityHashCode)
        return std::nullopt;
    // fromBytes() checked the structure: code byte, one length byte (at most 42), the key.
    return PublicKey::fromProtobuf(QByteArrayView(m_multihash).sliced(2));
}

bool PeerId::matches(const PublicKey &key) const
{
    return !isNull() && fromPublicKey(key) == *this;
}

} // namespace Libp2p

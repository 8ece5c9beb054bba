#include "noisehandshakepayload.h"

#include "libp2p/proto/noisepayload.pb.h"

namespace Libp2p::NoiseHandshakePayload {

namespace {

void setError(QString *error, const QString &text)
{
    if (error)
        *error = text;
}

} // namespace

QByteArray signedData(QByteArrayView noiseStaticPublicKey)
{
    QByteArray data(SignaturePrefix);
    data.append(noiseStaticPublicKey.data(), noiseStaticPublicKey.size());
    return data;
}

QByteArray build(const IdentityKey &identity, QByteArrayView noiseStaticPublicKey, const QStringList &streamMuxers)
{
    Proto::NoiseHandshakePayload payload;
    const QByteArray key = identity.publicKey().toProtobuf();
    const QByteArray signature = identity.sign(signedData(noiseStaticPublicKey));
    payload.set_identity_key(key.constData(), size_t(key.size()));
    payload.set_identity_sig(signature.constData(), size_t(signature.size()));
    if (!streamMuxers.isEmpty()) {
        auto *extensions = payload.mutable_extensions();
        for (const QString &muxer : streamMuxers)
            extensions->add_stream_muxers(muxer.toStdString());
    }
    return QByteArray::fromStdString(payload.SerializeAsString());
}

std::optional<Verified> verify(QByteArrayView payload, QByteArrayView noiseStaticPublicKey, QString *error)
{
    Proto::NoiseHandshakePayload message;
    if (!message.ParsePartialFromArray(payload.data(), int(payload.size()))) {
        setError(error, QStringLiteral("malformed handshake payload"));
        return std::nullopt;
    }
    if (!message.has_identity_key() || !message.has_identity_sig()) {
        setError(error, QStringLiteral("handshake payload without identity key or signature"));
        return std::nullopt;
    }
    QString keyError;
    const std::string &keyBytes = message.identity_key();
    const auto key = PublicKey::fromProtobuf(QByteArrayView(keyBytes.data(), qsizetype(keyBytes.size())), &keyError);
    if (!key) {
        setError(error, QStringLiteral("bad identity key: %1").arg(keyError));
        return std::nullopt;
    }
    if (key->type() != KeyType::Ed25519) {
        setError(error, QStringLiteral("identity key type %1 is not supported (only Ed25519)").arg(int(key->type())));
        return std::nullopt;
    }
    const std::string &signature = message.identity_sig();
    if (!key->verify(signedData(noiseStaticPublicKey), QByteArrayView(signature.data(), qsizetype(signature.size())))) {
        setError(error, QStringLiteral("the identity signature over the Noise static key is invalid"));
        return std::nullopt;
    }
    Verified verified{*key, PeerId::fromPublicKey(*key), {}};
    if (message.has_extensions()) {
        const auto &muxers = message.extensions().stream_muxers();
        if (muxers.size() > MaxStreamMuxers) {
            setError(error, QStringLiteral("peer lists %1 stream muxers").arg(muxers.size()));
            return std::nullopt;
        }
        for (const std::string &muxer : muxers) {
            if (qsizetype(muxer.size()) > MaxStreamMuxerLength) {
                setError(error, QStringLiteral("stream muxer name too long"));
                return std::nullopt;
            }
            verified.streamMuxers.append(QString::fromStdString(muxer));
        }
    }
    return verified;
}

} // namespace Libp2p::NoiseHandshakePayload

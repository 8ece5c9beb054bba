#include "signedmessage.h"

#include "protobuffields.h"

#include "libp2p/crypto/peerid.h"
#include "libp2p/crypto/publickey.h"
#include "libp2p/crypto/uvarint.h"
#include "libp2p/multistream/lengthprefixed.h"
#include "libp2p/proto/pubsub.pb.h"

namespace Libp2p::Pubsub {

namespace {
const QByteArray SignPrefix = QByteArrayLiteral("libp2p-pubsub:");
}

std::optional<SignedMessage> SignedMessage::parse(QByteArrayView raw)
{
    PubsubProto::PubsubMessage parsed;
    if (!LengthPrefixed::parse(raw, &parsed) || !parsed.has_from() || !parsed.has_seqno() || !parsed.has_signature()
        || parsed.topic_size() == 0)
        return std::nullopt;
    SignedMessage message;
    message.raw = raw.toByteArray();
    message.from = QByteArray::fromStdString(parsed.from());
    message.seqno = QByteArray::fromStdString(parsed.seqno());
    for (const std::string &topic : parsed.topic())
        message.topics.append(QString::fromStdString(topic));
    return message;
}

QByteArray SignedMessage::id() const
{
    return Uvarint::encode(quint64(from.size())) + from + seqno;
}

std::optional<QByteArray> SignedMessage::signedBytes(QByteArrayView message)
{
    return ProtobufFields::without(message, {5, 6});
}

bool SignedMessage::verifySignature(QByteArrayView message)
{
    PubsubProto::PubsubMessage parsed;
    if (!LengthPrefixed::parse(message, &parsed) || !parsed.has_from() || !parsed.has_seqno() || !parsed.has_signature())
        return false;
    const auto peerId = PeerId::fromBytes(QByteArray::fromStdString(parsed.from()));
    if (!peerId)
        return false;
    std::optional<PublicKey> publicKey;
    if (parsed.has_key()) {
        publicKey = PublicKey::fromProtobuf(QByteArray::fromStdString(parsed.key()));
        if (publicKey && !peerId->matches(*publicKey))
            return false;
    } else {
        publicKey = peerId->publicKey();
    }
    const auto covered = signedBytes(message);
    return publicKey && covered
           && publicKey->verify(SignPrefix + *covered, QByteArray::fromStdString(parsed.signature()));
}

} // namespace Libp2p::Pubsub

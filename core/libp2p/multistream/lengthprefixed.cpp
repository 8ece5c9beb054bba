#include "lengthprefixed.h"

#include "libp2p/crypto/uvarint.h"

#include <google/protobuf/message_lite.h>

#include <limits>

namespace Libp2p::LengthPrefixed {

QByteArray frame(QByteArrayView message)
{
    QByteArray out;
    out.reserve(Uvarint::encodedSize(quint64(message.size())) + message.size());
    Uvarint::append(out, quint64(message.size()));
    out.append(message.data(), message.size());
    return out;
}

QByteArray frame(const google::protobuf::MessageLite &message)
{
    // Checked first: protobuf aborts the process when asked to serialize a message whose
    // required fields are unset.
    std::string body;
    if (!message.IsInitialized() || !message.SerializePartialToString(&body))
        return {};
    return frame(QByteArrayView(body.data(), qsizetype(body.size())));
}

bool parse(QByteArrayView body, google::protobuf::MessageLite *message)
{
    if (body.size() > std::numeric_limits<int>::max())
        return false;
    // The "partial" parse plus our own check: the plain one logs every malformed message from
    // the network to stderr.
    return message->ParsePartialFromArray(body.data(), int(body.size())) && message->IsInitialized();
}

} // namespace Libp2p::LengthPrefixed

#pragma once
// Writing uvarint-length-prefixed messages, and protobuf messages in that framing: how identify,
// circuit relay and pubsub put their protobufs on a stream. Read them back with
// LengthPrefixedReader (raw bytes) or MessageStreamReader (from a PipeEndpoint).
#include <QByteArray>
#include <QByteArrayView>

namespace google::protobuf {
class MessageLite;
}

namespace Libp2p::LengthPrefixed {

// uvarint(size) followed by the bytes.
QByteArray frame(QByteArrayView message);
// The serialized protobuf, framed. Empty if serialization fails (a required field unset).
QByteArray frame(const google::protobuf::MessageLite &message);
// Parses one message body (without its prefix). False for malformed input or missing required
// fields; `message` is then in an unspecified state.
bool parse(QByteArrayView body, google::protobuf::MessageLite *message);

} // namespace Libp2p::LengthPrefixed

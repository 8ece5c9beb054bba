#pragma once
// Reads uvarint-length-prefixed messages (protobufs, as identify and circuit relay send them) from
// a PipeEndpoint, typically a yamux stream right after multistream-select chose its protocol.
//
//   auto *reader = new MessageStreamReader(stream, 4096, stream);
//   connect(reader, &MessageStreamReader::messageReceived, ..., [](const QByteArray &body) {
//       HopMessage hop; if (!LengthPrefixed::parse(body, &hop)) ...
//   });
//   reader->start(leftoverFromMultistream);
//
// A message above the maximum, a malformed prefix, or the stream ending inside a message emit
// failed(); the stream ending between messages emits streamEnded(). stop() (also from inside a
// messageReceived slot) detaches the reader and returns the bytes after the last delivered
// message, e.g. the start of the relayed data behind a circuit relay CONNECT.
#include "lengthprefixedreader.h"

#include "net/pipe/pipeendpoint.h"

#include <QObject>
#include <QPointer>

namespace Libp2p {

class MessageStreamReader : public QObject
{
    Q_OBJECT
public:
    // `endpoint` is not owned.
    MessageStreamReader(PipeEndpoint *endpoint, qsizetype maxMessageBytes, QObject *parent = nullptr);

    // Starts listening; `alreadyReceived` (bytes read from the endpoint before, such as
    // multistream-select's leftover) are parsed first, possibly emitting messages at once.
    void start(const QByteArray &alreadyReceived = {});
    // Stops listening and returns what was received but not delivered. No signal follows.
    QByteArray stop();
    bool isActive() const { return m_active; }

signals:
    void messageReceived(const QByteArray &body);
    void failed(const QString &reason);
    // The peer finished writing (or closed) with no partial message pending.
    void streamEnded();

private:
    void onReceived(const QByteArray &data);
    void deliver();
    void onEnded();
    void fail(const QString &reason);
    void detach();

    QPointer<PipeEndpoint> m_endpoint;
    LengthPrefixedReader m_reader;
    bool m_active = false;
};

} // namespace Libp2p

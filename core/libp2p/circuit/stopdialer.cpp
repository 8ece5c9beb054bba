#include "stopdialer.h"

#include "libp2p/host/libp2pconnection.h"
#include "libp2p/multistream/lengthprefixed.h"
#include "libp2p/multistream/messagestreamreader.h"
#include "libp2p/proto/circuit.pb.h"
#include "libp2p/yamux/yamuxsession.h"
#include "libp2p/yamux/yamuxstream.h"

namespace Libp2p::Circuit {

StopDialer::StopDialer(Libp2pConnection *target, PeerId source, quint32 durationSeconds, quint64 dataBytes,
                       int timeoutMs, QObject *parent)
    : QObject(parent),
      m_target(target),
      m_source(std::move(source)),
      m_durationSeconds(durationSeconds),
      m_dataBytes(dataBytes)
{
    m_timeout.setSingleShot(true);
    m_timeout.setInterval(timeoutMs);
    connect(&m_timeout, &QTimer::timeout, this, [this] { fail(QStringLiteral("stop handshake timed out")); });
}

StopDialer::~StopDialer()
{
    if (!m_done && m_stream)
        m_stream->close(1011, QStringLiteral("circuit abandoned"));
}

void StopDialer::start()
{
    m_timeout.start();
    if (!m_target) {
        QTimer::singleShot(0, this, [this] { fail(QStringLiteral("target disconnected")); });
        return;
    }
    m_target->openStream(
        QString::fromLatin1(ProtocolId), this,
        [this](YamuxStream *stream, const QByteArray &leftover) { onOpened(stream, leftover); },
        [this](const QString &reason) { fail(QStringLiteral("stop stream: ") + reason); });
}

void StopDialer::onOpened(YamuxStream *stream, const QByteArray &leftover)
{
    if (m_done) {
        stream->close(1011, QStringLiteral("stop handshake abandoned"));
        return;
    }
    m_stream = stream;
    connect(stream, &PipeEndpoint::closed, this,
            [this](quint16, const QString &reason) { fail(QStringLiteral("stop stream closed: ") + reason); });

    Proto::Circuit::StopMessage request;
    request.set_type(Proto::Circuit::StopMessage::CONNECT);
    request.mutable_peer()->set_id(m_source.toBytes().toStdString());
    if (m_durationSeconds > 0)
        request.mutable_limit()->set_duration(m_durationSeconds);
    if (m_dataBytes > 0)
        request.mutable_limit()->set_data(m_dataBytes);
    stream->send(LengthPrefixed::frame(request), false);

    m_reader = new MessageStreamReader(stream, MaxMessageBytes, this);
    connect(m_reader, &MessageStreamReader::messageReceived, this, &StopDialer::onMessage);
    connect(m_reader, &MessageStreamReader::failed, this,
            [this](const QString &reason) { fail(QStringLiteral("stop answer: ") + reason); });
    connect(m_reader, &MessageStreamReader::streamEnded, this,
            [this] { fail(QStringLiteral("target ended the stop stream without an answer")); });
    m_reader->start(leftover);
}

void StopDialer::onMessage(const QByteArray &body)
{
    if (m_done || !m_stream)
        return;
    // Everything after the STATUS is relayed data: hold it (and the stream) for the bridge.
    const QByteArray leftover = m_reader->stop();
    m_stream->pauseReading();
    Proto::Circuit::StopMessage answer;
    if (!LengthPrefixed::parse(body, &answer) || answer.type() != Proto::Circuit::StopMessage::STATUS) {
        fail(QStringLiteral("target sent an unexpected stop message"));
        return;
    }
    if (answer.status() != Proto::Circuit::OK) {
        fail(QStringLiteral("target refused: status %1").arg(int(answer.status())));
        return;
    }
    m_done = true;
    m_timeout.stop();
    disconnect(m_stream, nullptr, this, nullptr);
    emit connected(m_stream, leftover);
    deleteLater();
}

void StopDialer::fail(const QString &reason)
{
    if (m_done)
        return;
    m_done = true;
    m_timeout.stop();
    if (m_reader)
        m_reader->stop();
    if (m_stream) {
        disconnect(m_stream, nullptr, this, nullptr);
        m_stream->close(1011, reason);
    }
    emit failed(reason);
    deleteLater();
}

} // namespace Libp2p::Circuit

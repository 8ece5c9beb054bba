#pragma once
// A yamux session (hashicorp/yamux spec.md, as @chainsafe/libp2p-yamux speaks it) over one byte
// connection — in production the Noise channel of a libp2p connection. It multiplexes
// YamuxStreams, each a PipeEndpoint of its own.
//
// Use:
//     auto *session = new YamuxSession(noiseChannel, YamuxSession::Role::Server, {}, parent);
//     connect(session, &YamuxSession::newStream, handler, &Handler::onStream); // before start()
//     connect(session, &YamuxSession::closed, ...);                          // then deleteLater
//     session->start(bytesAlreadyReadAfterTheHandshake);
//     YamuxStream *s = session->openStream(); // nullptr when refused (see there)
//
// The session does not own the connection; it follows its signals, writes to it, and closes it
// when the session ends for its own reasons (close(), a protocol error, the peer's go-away with an
// error). When the connection closes, the session and all its streams end.
//
// Roles: the side that dialed is the Client (odd stream ids), the side that accepted the
// connection the Server (even ids). The relay accepts, so it is the Server.
//
// Everything a peer can make the session hold is bounded: per-stream receive windows bound the
// data held for streams that are not being read, the stream count is capped, a frame larger
// than the receive window is refused from its header, and if the peer stops reading what the
// session writes (ping answers, window updates...), reading from it stops as well.
#include "net/pipe/pipeendpoint.h"
#include "yamuxframe.h"
#include "yamuxframereader.h"

#include <QList>
#include <QMap>
#include <QObject>
#include <QPointer>
#include <optional>

class YamuxStream;

// Limits of a YamuxSession (YamuxSession::Options); the defaults suit a relay.
struct YamuxSessionOptions
{
    // Streams open at once in each direction. A SYN beyond the inbound cap is answered with
    // RST; openStream() beyond the outbound cap returns nullptr.
    int maxInboundStreams = 256;
    int maxOutboundStreams = 256;
    // Inbound streams whose ACK has not been sent yet (their handler has written nothing).
    // SYNs beyond this are answered with RST: a peer cannot pile up streams nobody serves.
    int maxUnacknowledgedInbound = 64;
    // Receive window of every stream. 256 KiB is the spec's initial window; a larger value is
    // announced with the SYN or ACK. Data frames longer than this are a protocol error.
    quint32 receiveWindowBytes = Yamux::InitialWindowBytes;
    // Largest data frame sent. Small frames let streams take turns on the connection.
    quint32 maxDataFrameBytes = 64 * 1024;
    // Stream data is handed to the connection only while its backlog (pendingBytes) is below
    // this; the rest waits in the streams, where the Pipe's backpressure sees it.
    qint64 writeHighWaterBytes = 256 * 1024;
    // The connection's backlog above which the session stops reading from the peer: only a
    // peer that does not read our answers (pings, window updates) gets there.
    qint64 readPauseBytes = 1024 * 1024;
    // How long close() on a finished stream waits for its queued data and FIN (the peer
    // may never open its window) before resetting it.
    int closeLingerMs = 60 * 1000;
};

class YamuxSession : public QObject
{
    Q_OBJECT
public:
    enum class Role { Client, Server };

    using Options = YamuxSessionOptions;

    // `connection` must outlive the session or close first (the session notices either way).
    YamuxSession(PipeEndpoint *connection, Role role, const Options &options = Options(), QObject *parent = nullptr);
    ~YamuxSession() override;

    // Starts following the connection: `alreadyReceived` (yamux bytes that came in before the
    // session existed) is processed first, then the connection's reading is resumed. Connect
    // newStream before calling this.
    void start(const QByteArray &alreadyReceived = QByteArray());

    // Opens a stream (SYN). Data may be sent at once; the peer accepts with ACK or refuses with
    // RST (then the stream's `closed` says "reset by peer"). Returns nullptr when the session is
    // closed, either side sent go-away, the outbound cap is reached, or ids ran out.
    YamuxStream *openStream();

    // Sends a ping request; `pongReceived` carries the returned value when it is answered. The
    // peer's pings are always answered at once, whatever this side does.
    quint32 ping();

    // Tells the peer no new streams will be accepted (go-away, Normal); streams already open go
    // on. Inbound SYNs are answered with RST from then on, and openStream() returns nullptr.
    void goAway();

    // Ends the session: go-away (Normal or the code given) to the peer, every stream closed with
    // `reason`, then the connection closed. `closed` follows.
    void close(const QString &reason = QString(), Yamux::GoAwayCode code = Yamux::GoAwayCode::Normal);

    bool isOpen() const { return !m_closed; }
    Role role() const { return m_role; }
    PipeEndpoint *connection() const { return m_conn; }
    const Options &options() const { return m_options; }
    QList<YamuxStream *> streams() const { return m_streams.values(); }
    int inboundStreamCount() const { return m_inboundCount; }
    int outboundStreamCount() const { return m_outboundCount; }
    bool isGoAwaySent() const { return m_goAwaySent; }
    bool isGoAwayReceived() const { return m_goAwayReceived; }
    QString describe() const;

signals:
    // The peer opened a stream. Connect to its signals right here (its first data may follow as
    // soon as this returns), or call pauseReading() to hold the data until the handler is ready;
    // close() here refuses it. The session owns the stream.
    void newStream(YamuxStream *stream);
    void pongReceived(quint32 opaque);
    // The peer sent go-away: it accepts no new streams. With an error code the session closes
    // right after (`closed` follows).
    void peerWentAway(quint32 code);
    // Emitted once when the session is over; all streams were closed before. Codes follow
    // WebSocket close codes: 1000 closed here normally, 1011 closed here with InternalError,
    // 1002 the peer broke the protocol (we sent go-away ProtocolError), 1006 the connection
    // ended or the peer went away with an error.
    void closed(quint16 code, const QString &reason);

private:
    friend class YamuxStream;
    // Collects every frame written during one call into one send() on the connection (one Noise
    // message rather than one per frame), and sends it when the outermost call returns.
    class Batch
    {
    public:
        explicit Batch(YamuxSession *session);
        ~Batch();
        Batch(const Batch &) = delete;
        Batch &operator=(const Batch &) = delete;

    private:
        QPointer<YamuxSession> m_session;
    };

    void onConnectionReceived(const QByteArray &data);
    void onConnectionWrote();
    void handleFrame(const Yamux::FrameHeader &header, QByteArray &&payload);
    void handleStreamFrame(const Yamux::FrameHeader &header, QByteArray &&payload);
    void acceptStream(const Yamux::FrameHeader &header, QByteArray &&payload);
    void refuseStream(quint32 id, const char *why);
    bool isLocalId(quint32 id) const { return (id % 2 == 1) == (m_role == Role::Client); }

    // For streams.
    void writeFrame(const Yamux::FrameHeader &header, const QByteArray &payload = QByteArray());
    void flushData();
    void streamAcknowledged() { --m_unacknowledged; }
    void streamFinished(YamuxStream *stream);

    void flushOut();
    qint64 connectionBacklog() const;
    void protocolError(const QString &what);
    void terminate(quint16 code, const QString &reason, std::optional<Yamux::GoAwayCode> goAway, bool closeConnection);

    QPointer<PipeEndpoint> m_conn;
    const Role m_role;
    Options m_options;
    YamuxFrameReader m_reader;
    bool m_started = false;

    QMap<quint32, YamuxStream *> m_streams; // open streams by id (ordered: fair turns)
    quint32 m_nextId;
    quint32 m_highestInboundId = 0;
    int m_inboundCount = 0;
    int m_outboundCount = 0;
    int m_unacknowledged = 0;

    QByteArray m_out;
    int m_batchDepth = 0;
    bool m_flushing = false;
    bool m_flushAgain = false;
    quint32 m_lastServed = 0; // the stream that wrote the latest data frame
    bool m_connectionPaused = false;

    quint32 m_nextPing = 1;
    QList<quint32> m_outstandingPings;

    bool m_goAwaySent = false;
    bool m_goAwayReceived = false;
    bool m_closed = false;
    bool m_destroying = false;
};

#pragma once
// multistream-select 1.0 (libp2p/specs connections/README.md, multiformats/multistream-select):
// how two peers agree on the protocol a connection or stream speaks next. Every message is a
// uvarint length followed by a UTF-8 line ending in '\n'. Both sides send the header
// /multistream/1.0.0; the dialer then proposes protocols one at a time, and the listener echoes
// a proposal it supports or answers "na".
//
// Usable in both roles on any PipeEndpoint (a raw TCP connection, a WebSocket, a Noise channel,
// a yamux stream):
//
//   auto *negotiator = new MultistreamNegotiator(MultistreamNegotiator::Role::Listener, stream,
//                                                {"/ipfs/id/1.0.0", "/ipfs/ping/1.0.0"});
//   connect(negotiator, &MultistreamNegotiator::negotiated, this,
//           [=](const QString &protocol, const QByteArray &leftover) {
//               // connect to stream->received here, synchronously; `leftover` are the first
//               // bytes of `protocol`, which arrived together with the last negotiation line
//           });
//   connect(negotiator, &MultistreamNegotiator::failed, this, [=](const QString &reason) {
//       stream->close(...);   // the negotiator never closes the endpoint itself
//   });
//   negotiator->start();
//
// The negotiator does not own the endpoint. It stops listening to it before emitting either
// signal, then deletes itself (deleteLater). Everything a peer controls is bounded: line length,
// number of proposals answered "na", and the time the whole negotiation may take.
#include "lengthprefixedreader.h"

#include "net/pipe/pipeendpoint.h"

#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>

namespace Libp2p {

class MultistreamNegotiator : public QObject
{
    Q_OBJECT
public:
    static constexpr char ProtocolId[] = "/multistream/1.0.0";
    static constexpr char NotAvailable[] = "na";
    static constexpr char List[] = "ls";

    enum class Role {
        Listener, // answers proposals from `protocols` (the protocols this side supports)
        Dialer, // proposes `protocols` in order until the listener accepts one
    };

    struct Limits
    {
        // Longest message accepted, its '\n' included (the spec's limit).
        qsizetype maxLineBytes = 1024;
        // Listener: proposals answered "na" (or "ls" requests) before giving up on the peer.
        int maxRejectedProposals = 16;
        // The whole negotiation; 0 waits forever (when a caller has its own deadline).
        int timeoutMs = 10000;
    };

    MultistreamNegotiator(Role role, PipeEndpoint *endpoint, QStringList protocols, const Limits &limits,
                          QObject *parent = nullptr);
    MultistreamNegotiator(Role role, PipeEndpoint *endpoint, QStringList protocols, QObject *parent = nullptr)
        : MultistreamNegotiator(role, endpoint, std::move(protocols), Limits(), parent)
    {
    }

    // Begins: a dialer sends the header and its first proposal in one write. `alreadyReceived`
    // holds bytes read from the endpoint before (e.g. sniffed by the front door); they are
    // processed first and may complete the negotiation before start() returns.
    void start(const QByteArray &alreadyReceived = {});

    Role role() const { return m_role; }

    // One multistream message: uvarint(length of line + 1) + line + '\n'.
    static QByteArray encodeLine(const QString &line);

signals:
    // Agreement on `protocol`; `leftover` are bytes that followed the final line.
    void negotiated(const QString &protocol, const QByteArray &leftover);
    void failed(const QString &reason);

private:
    enum class State { NotStarted, AwaitingHeader, AwaitingProposal, AwaitingAnswer, Done };

    void onReceived(const QByteArray &data);
    void processLines();
    // Handles one line; false when negotiation ended (succeeded or failed).
    bool handleLine(const QString &line);
    bool handleProposal(const QString &line);
    bool handleAnswer(const QString &line);
    QByteArray listResponse() const;
    void flushReplies();
    void succeed(const QString &protocol);
    void fail(const QString &reason);
    void detach();

    Role m_role;
    QPointer<PipeEndpoint> m_endpoint;
    QStringList m_protocols;
    Limits m_limits;
    LengthPrefixedReader m_reader;
    State m_state = State::NotStarted;
    QByteArray m_replies; // answers collected while processing one delivery, sent as one write
    bool m_processing = false; // inside processLines(): nested deliveries only append
    int m_rejected = 0;
    qsizetype m_proposalIndex = 0; // dialer: the proposal awaiting an answer
    QTimer m_timeout;
};

} // namespace Libp2p

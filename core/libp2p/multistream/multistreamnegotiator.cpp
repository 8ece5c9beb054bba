#include "multistreamnegotiator.h"

#include "libp2p/crypto/uvarint.h"

namespace Libp2p {

namespace {

// For error texts: a peer's line, shortened and stripped of control characters.
QString printable(const QString &line)
{
    QString shown = line.left(64);
    for (QChar &c : shown) {
        if (!c.isPrint())
            c = QLatin1Char('?');
    }
    return QLatin1Char('"') + shown + (line.size() > 64 ? QStringLiteral("...\"") : QStringLiteral("\""));
}

} // namespace

MultistreamNegotiator::MultistreamNegotiator(Role role, PipeEndpoint *endpoint, QStringList protocols,
                                             const Limits &limits, QObject *parent)
    : QObject(parent),
      m_role(role),
      m_endpoint(endpoint),
      m_protocols(std::move(protocols)),
      m_limits(limits),
      m_reader(limits.maxLineBytes)
{
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] { fail(QStringLiteral("multistream negotiation timed out")); });
}

QByteArray MultistreamNegotiator::encodeLine(const QString &line)
{
    const QByteArray utf8 = line.toUtf8();
    QByteArray out;
    out.reserve(utf8.size() + 3);
    Uvarint::append(out, quint64(utf8.size() + 1));
    out.append(utf8);
    out.append('\n');
    return out;
}

void MultistreamNegotiator::start(const QByteArray &alreadyReceived)
{
    if (m_state != State::NotStarted)
        return;
    if (!m_endpoint || !m_endpoint->isOpen()) {
        fail(QStringLiteral("connection closed before multistream negotiation"));
        return;
    }
    if (m_role == Role::Dialer && m_protocols.isEmpty()) {
        fail(QStringLiteral("no protocol to propose"));
        return;
    }
    m_state = State::AwaitingHeader;
    connect(m_endpoint, &PipeEndpoint::received, this, [this](const QByteArray &data, bool) { onReceived(data); });
    connect(m_endpoint, &PipeEndpoint::closed, this,
            [this] { fail(QStringLiteral("connection closed during multistream negotiation")); });
    connect(m_endpoint, &PipeEndpoint::readFinished, this,
            [this] { fail(QStringLiteral("peer stopped sending during multistream negotiation")); });
    if (m_limits.timeoutMs > 0)
        m_timeout.start(m_limits.timeoutMs);
    if (m_role == Role::Dialer) {
        // Header and first proposal together: one packet, and the listener can answer both at once.
        m_replies = encodeLine(QString::fromLatin1(ProtocolId)) + encodeLine(m_protocols.first());
        flushReplies();
    }
    if (!alreadyReceived.isEmpty() && m_state != State::Done)
        onReceived(alreadyReceived);
}

void MultistreamNegotiator::onReceived(const QByteArray &data)
{
    if (m_state == State::NotStarted)
        return;
    // Bytes that come in while our final reply is being sent (an endpoint may deliver the peer's
    // answer from inside send()) still belong in the leftover, so they are kept even when done.
    m_reader.append(data);
    if (m_state == State::Done || m_processing)
        return; // the loop already running picks them up
    const QPointer<MultistreamNegotiator> self(this);
    m_processing = true;
    processLines();
    if (self)
        m_processing = false;
}

void MultistreamNegotiator::processLines()
{
    while (m_state != State::Done) {
        QByteArray message;
        switch (m_reader.next(&message)) {
        case LengthPrefixedReader::Status::NeedMore:
            if (m_replies.isEmpty())
                return;
            flushReplies(); // which may bring more lines in: look again
            continue;
        case LengthPrefixedReader::Status::TooLarge:
            fail(QStringLiteral("multistream line longer than %1 bytes").arg(m_limits.maxLineBytes));
            return;
        case LengthPrefixedReader::Status::Malformed:
            fail(QStringLiteral("malformed multistream length prefix"));
            return;
        case LengthPrefixedReader::Status::Message:
            break;
        }
        if (message.isEmpty() || message.back() != '\n') {
            fail(QStringLiteral("multistream message without a final newline"));
            return;
        }
        message.chop(1);
        if (!handleLine(QString::fromUtf8(message)))
            return;
    }
}

bool MultistreamNegotiator::handleLine(const QString &line)
{
    switch (m_state) {
    case State::AwaitingHeader:
        if (line != QLatin1String(ProtocolId)) {
            fail(QStringLiteral("expected %1, got %2").arg(QLatin1String(ProtocolId), printable(line)));
            return false;
        }
        if (m_role == Role::Listener) {
            m_replies += encodeLine(QString::fromLatin1(ProtocolId));
            m_state = State::AwaitingProposal;
        } else {
            m_state = State::AwaitingAnswer;
        }
        return true;
    case State::AwaitingProposal:
        return handleProposal(line);
    case State::AwaitingAnswer:
        return handleAnswer(line);
    case State::NotStarted:
    case State::Done:
        break;
    }
    return false;
}

bool MultistreamNegotiator::handleProposal(const QString &line)
{
    if (m_protocols.contains(line)) {
        m_replies += encodeLine(line);
        succeed(line);
        return false;
    }
    m_replies += line == QLatin1String(List) ? listResponse() : encodeLine(QString::fromLatin1(NotAvailable));
    if (++m_rejected > m_limits.maxRejectedProposals) {
        fail(QStringLiteral("peer proposed more than %1 protocols we do not support").arg(m_limits.maxRejectedProposals));
        return false;
    }
    return true;
}

bool MultistreamNegotiator::handleAnswer(const QString &line)
{
    const QString &proposal = m_protocols.at(m_proposalIndex);
    if (line == proposal) {
        succeed(line);
        return false;
    }
    if (line != QLatin1String(NotAvailable)) {
        fail(QStringLiteral("peer answered %1 to %2").arg(printable(line), proposal));
        return false;
    }
    if (++m_proposalIndex >= m_protocols.size()) {
        fail(QStringLiteral("peer supports none of %1").arg(m_protocols.join(QStringLiteral(", "))));
        return false;
    }
    m_replies += encodeLine(m_protocols.at(m_proposalIndex));
    return true;
}

QByteArray MultistreamNegotiator::listResponse() const
{
    // The answer to "ls" is one message holding each protocol as a message of its own, then '\n'.
    QByteArray body;
    for (const QString &protocol : m_protocols)
        body += encodeLine(protocol);
    body += '\n';
    QByteArray out = Uvarint::encode(quint64(body.size()));
    return out + body;
}

void MultistreamNegotiator::flushReplies()
{
    if (m_replies.isEmpty() || !m_endpoint)
        return;
    // Taken out first: send() may deliver the peer's answer to us before it returns.
    const QByteArray replies = std::exchange(m_replies, QByteArray());
    m_endpoint->send(replies, false);
}

void MultistreamNegotiator::succeed(const QString &protocol)
{
    m_state = State::Done;
    m_timeout.stop();
    // Our echo must reach the peer before anything the new protocol's handler sends.
    flushReplies();
    const QByteArray leftover = m_reader.takeBuffered();
    detach();
    deleteLater();
    emit negotiated(protocol, leftover);
}

void MultistreamNegotiator::fail(const QString &reason)
{
    if (m_state == State::Done)
        return;
    m_state = State::Done;
    m_timeout.stop();
    flushReplies(); // the "na"s already decided are still owed
    detach();
    deleteLater();
    emit failed(reason);
}

void MultistreamNegotiator::detach()
{
    if (m_endpoint)
        disconnect(m_endpoint, nullptr, this, nullptr);
}

} // namespace Libp2p

#pragma once
// Which peer answers an LLM request, and who may answer it. Pure bookkeeping with the clock
// passed in; the room turns its decisions into frames.
//
// Fairness: among the capable peers, the one asked least recently goes first (a peer never asked
// counts as oldest, ties go to the earlier joiner). That is round robin that stays fair while
// peers come and go, where the original always picked the first capable peer.
//
// Who may be asked: a peer whose capabilities, as the relay holds them, include `llm` or `chat`.
// Held, not claimed: for a member admitted with a signed token those are only what the token
// grants (CapabilityGrant), so claiming `llm` does not bring in other members' prompts.
//
// Tracking: a request is known by (requester, request_id). Its response is accepted only from the
// worker it was sent to, and goes only to its requester. A request ends when answered, when it
// times out, or when either side leaves.
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>
#include <utility>

class LlmRequestRouter
{
public:
    struct Request
    {
        QString requester;
        QString requestId;
        QString worker;
        qint64 deadlineMs = 0;
    };

    // Whether a peer holding `heldCapabilities` can be asked.
    static bool canAnswer(const QStringList &heldCapabilities);

    // Chooses a worker among `candidates` (in join order) and records the request; nothing when
    // there is no candidate.
    std::optional<QString> assign(const QString &requester, const QString &requestId, const QStringList &candidates,
                                  qint64 nowMs, qint64 timeoutMs);
    bool isPending(const QString &requester, const QString &requestId) const;
    int pendingCountFor(const QString &requester) const;
    int pendingCount() const { return int(m_pending.size()); }

    // A response from `worker`. `requester` is the response's `target`; when empty, the worker's
    // only pending request with that id is meant. Returns the request (now forgotten) if it was
    // sent to this worker, else nothing and the request stays pending.
    std::optional<Request> takeResponse(const QString &worker, const QString &requestId, const QString &requester);

    // Requests past their deadline, forgotten.
    QList<Request> takeExpired(qint64 nowMs);

    // `node` left: requests it made are dropped, requests it was working on are returned (their
    // requesters are told), all forgotten.
    QList<Request> takeOrphanedBy(const QString &node);

private:
    using Key = std::pair<QString, QString>; // requester, request id
    QHash<Key, Request> m_pending;
    QHash<QString, quint64> m_lastAssigned; // worker -> sequence number of its last request
    quint64 m_sequence = 0;
};

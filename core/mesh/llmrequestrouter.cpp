#include "llmrequestrouter.h"

bool LlmRequestRouter::canAnswer(const QStringList &heldCapabilities)
{
    return heldCapabilities.contains(QLatin1String("llm")) || heldCapabilities.contains(QLatin1String("chat"));
}

std::optional<QString> LlmRequestRouter::assign(const QString &requester, const QString &requestId,
                                                const QStringList &candidates, qint64 nowMs, qint64 timeoutMs)
{
    if (candidates.isEmpty())
        return std::nullopt;
    QString chosen;
    quint64 oldest = 0;
    for (const QString &candidate : candidates) {
        const quint64 last = m_lastAssigned.value(candidate, 0);
        if (chosen.isEmpty() || last < oldest) {
            chosen = candidate;
            oldest = last;
        }
    }
    m_lastAssigned.insert(chosen, ++m_sequence);
    m_pending.insert(Key(requester, requestId), Request{requester, requestId, chosen, nowMs + timeoutMs});
    return chosen;
}

bool LlmRequestRouter::isPending(const QString &requester, const QString &requestId) const
{
    return m_pending.contains(Key(requester, requestId));
}

int LlmRequestRouter::pendingCountFor(const QString &requester) const
{
    int count = 0;
    for (const Request &r : m_pending) {
        if (r.requester == requester)
            ++count;
    }
    return count;
}

std::optional<LlmRequestRouter::Request> LlmRequestRouter::takeResponse(const QString &worker,
                                                                        const QString &requestId,
                                                                        const QString &requester)
{
    if (!requester.isEmpty()) {
        const auto it = m_pending.constFind(Key(requester, requestId));
        if (it == m_pending.cend() || it->worker != worker)
            return std::nullopt;
        const Request request = *it;
        m_pending.erase(it);
        return request;
    }
    // Without a target the id must single out one request given to this worker.
    auto match = m_pending.end();
    for (auto it = m_pending.begin(); it != m_pending.end(); ++it) {
        if (it->worker != worker || it->requestId != requestId)
            continue;
        if (match != m_pending.end())
            return std::nullopt; // ambiguous: the worker must say whom it answers
        match = it;
    }
    if (match == m_pending.end())
        return std::nullopt;
    const Request request = *match;
    m_pending.erase(match);
    return request;
}

QList<LlmRequestRouter::Request> LlmRequestRouter::takeExpired(qint64 nowMs)
{
    QList<Request> expired;
    for (auto it = m_pending.begin(); it != m_pending.end();) {
        if (it->deadlineMs <= nowMs) {
            expired << *it;
            it = m_pending.erase(it);
        } else {
            ++it;
        }
    }
    return expired;
}

QList<LlmRequestRouter::Request> LlmRequestRouter::takeOrphanedBy(const QString &node)
{
    QList<Request> orphaned;
    for (auto it = m_pending.begin(); it != m_pending.end();) {
        if (it->requester == node) {
            it = m_pending.erase(it);
        } else if (it->worker == node) {
            orphaned << *it;
            it = m_pending.erase(it);
        } else {
            ++it;
        }
    }
    m_lastAssigned.remove(node);
    return orphaned;
}

#include "sessioncontrol.h"

#include "sessionregistry.h"

SessionControl::SessionControl(SessionRegistry *registry) : QObject(registry) {}

SessionControl *SessionControl::of(SessionRegistry *registry)
{
    if (auto *existing = registry->findChild<SessionControl *>(QString(), Qt::FindDirectChildrenOnly))
        return existing;
    return new SessionControl(registry);
}

void SessionControl::addHandler(const QString &service, QObject *owner, Handler handler)
{
    m_entries.append(Entry{service, owner, std::move(handler)});
}

bool SessionControl::canDisconnect(const QString &service) const
{
    return std::any_of(m_entries.cbegin(), m_entries.cend(),
                       [&](const Entry &e) { return e.service == service && e.owner; });
}

bool SessionControl::disconnectSession(const QString &service, const QString &sessionId)
{
    // Copied: a handler may close sockets whose owners then go away.
    const QList<Entry> entries = m_entries;
    for (const Entry &e : entries) {
        if (e.service == service && e.owner && e.handler(sessionId))
            return true;
    }
    return false;
}

#include "sessioneventbatcher.h"

SessionEventBatcher::SessionEventBatcher(SessionRegistry *registry, int intervalMs, QObject *parent)
    : QObject(parent), m_registry(registry)
{
    m_timer.setInterval(intervalMs);
    connect(&m_timer, &QTimer::timeout, this, &SessionEventBatcher::flush);
    // Byte counts arrive without signals; looking for them needs the timer running always.
    m_timer.start();
    connect(registry, &SessionRegistry::sessionBegan, this, [this](const Session &s) {
        const QString key = s.key();
        // Ended and begun again within one interval (a reconnect under the same id): `began` is
        // emitted before `ended`, so a listener would add the new session and then drop it.
        // Report the pair as a change instead, or, if no listener has heard of the key yet, as
        // a beginning alone.
        const bool restarted =
            m_ended.removeIf([&key](const Session &e) { return e.key() == key; }) > 0;
        if (restarted && !m_began.contains(key))
            m_changed.insert(key);
        else
            m_began.insert(key, s);
    });
    connect(registry, &SessionRegistry::sessionChanged, this, [this](const Session &s) {
        if (m_began.contains(s.key()))
            m_began.insert(s.key(), s);
        else
            m_changed.insert(s.key());
    });
    connect(registry, &SessionRegistry::sessionEnded, this, [this](const Session &s) {
        m_changed.remove(s.key());
        m_ended << s;
    });
}

void SessionEventBatcher::flush()
{
    const QSet<QString> touched = m_registry->takeTouchedKeys();
    m_changed.unite(touched);
    QList<Session> began;
    for (auto it = m_began.cbegin(); it != m_began.cend(); ++it) {
        // Report the state at flush time (bytes may have moved since the session began).
        const auto now = m_registry->find(it.key());
        began << (now ? *now : it.value());
        m_changed.remove(it.key());
    }
    QList<Session> changed;
    for (const QString &key : std::as_const(m_changed)) {
        if (const auto s = m_registry->find(key))
            changed << *s;
    }
    QList<Session> ended;
    ended.swap(m_ended);
    m_began.clear();
    m_changed.clear();
    if (!began.isEmpty())
        emit sessionsBegan(began);
    if (!changed.isEmpty())
        emit sessionsChanged(changed);
    if (!ended.isEmpty())
        emit sessionsEnded(ended);
}

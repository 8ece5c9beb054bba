#pragma once
// Collects the registry's per-session signals and re-emits them a few times a second as lists,
// so a busy relay does not flood the tray's table model, the logs or /live listeners.
#include "sessionregistry.h"

#include <QTimer>

class SessionEventBatcher : public QObject
{
    Q_OBJECT
public:
    SessionEventBatcher(SessionRegistry *registry, int intervalMs, QObject *parent = nullptr);
    void flush();

signals:
    // Emitted in this order within one flush; a session that began and changed in the same
    // interval appears once in `began`, with its latest state.
    void sessionsBegan(const QList<Session> &sessions);
    void sessionsChanged(const QList<Session> &sessions);
    void sessionsEnded(const QList<Session> &sessions);

private:
    SessionRegistry *m_registry;
    QTimer m_timer;
    QHash<QString, Session> m_began;
    QSet<QString> m_changed;
    QList<Session> m_ended;
};

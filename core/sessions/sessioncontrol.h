#pragma once
// Ending a session from outside its service: the tray's "Disconnect", later an admin endpoint.
// Services that can cut their sessions register a handler for their service name. The control
// hangs off the session registry (created on first use, owned by it) so that neither the Relay's
// interface nor the services' constructors had to change to reach it.
#include <QList>
#include <QObject>
#include <QPointer>
#include <functional>

class SessionRegistry;

class SessionControl : public QObject
{
    Q_OBJECT
public:
    // Closes the session `sessionId` of the handler's service; false when it is not one of its.
    using Handler = std::function<bool(const QString &sessionId)>;

    static SessionControl *of(SessionRegistry *registry);

    // The handler lives as long as `owner` (a service, a rendezvous). A service may register
    // several (one per place that holds its sessions); each is asked in turn.
    void addHandler(const QString &service, QObject *owner, Handler handler);
    bool canDisconnect(const QString &service) const;
    // Closes the session's connections; the service then ends it in the registry as usual.
    bool disconnectSession(const QString &service, const QString &sessionId);

private:
    explicit SessionControl(SessionRegistry *registry);
    struct Entry
    {
        QString service;
        QPointer<QObject> owner;
        Handler handler;
    };
    QList<Entry> m_entries;
};

#pragma once
// The tunnel's sessions: one per desktop, named by a 6-character id. A session outlives its
// desktop's connection by the expiry time, so a desktop that reconnects with the same deviceId
// gets the same id and share URL back.
#include <QHash>
#include <QList>
#include <QPointer>
#include <QString>

class SocketIoClient;

struct DesktopSession
{
    QString id;
    QString deviceId;
    QString url;
    qint64 createdMs = 0;
    QPointer<SocketIoClient> desktop; // null while the desktop is away
    QList<QPointer<SocketIoClient>> clients;
    qint64 expiresMs = 0; // while the desktop is away: when the session is dropped

    bool desktopOnline() const { return !desktop.isNull(); }
};

class DesktopDirectory
{
public:
    // 32 symbols without 0, 1, I and O, which people misread.
    static constexpr const char *kAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

    // A new session with an id no live session has: `wantedId` when given and free here (a
    // desktop keeping its id across the nodes of a cluster).
    DesktopSession &create(const QString &deviceId, const QString &wantedId = QString());
    static QString randomId();
    DesktopSession *find(const QString &id);
    DesktopSession *findByDevice(const QString &deviceId);
    void remove(const QString &id);
    // Drops sessions whose desktop has been away past their expiry; returns their ids.
    QStringList expire(qint64 nowMs);
    int onlineDesktops() const;
    int connectedClients() const;
    int size() const { return int(m_sessions.size()); }
    QList<QString> ids() const { return m_sessions.keys(); }

private:
    QString freshId() const;
    QHash<QString, DesktopSession> m_sessions;
    QHash<QString, QString> m_byDevice; // deviceId -> session id
};

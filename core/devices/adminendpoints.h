#pragma once
// The admin API under /api/admin/, for `switchboard-server pair`, the status page and scripts:
//   POST   /api/admin/pairing-code   issue a code          -> {code, url, expiresAt}
//   GET    /api/admin/pairing-code   the live code, or 404
//   GET    /api/admin/pairing-qr.svg the live code's QR code, or 404
//   GET    /api/admin/devices        {devices: [{id, name, pairedAt, lastSeen}]}
//   DELETE /api/admin/devices/<id>   revoke: its token stops working, its connections are cut
//   GET    /api/admin/sessions       {sessions: [...]} the live sessions of every service
// Every one of them answers 401 to anyone AdminAccess does not admit.
#include "adminaccess.h"
#include "net/router.h"

#include <QObject>
#include <memory>

class Relay;

class AdminEndpoints : public QObject
{
    Q_OBJECT
public:
    explicit AdminEndpoints(Relay *relay);
    // Known once the secret store is open (Relay::start); until then nobody is admitted.
    void setAccess(const AdminAccess &access) { m_access = std::make_unique<AdminAccess>(access); }

private:
    void addRoute(const QString &path, bool prefix, const QList<QByteArray> &methods,
                  HttpHandler handler);
    Relay *m_relay;
    std::unique_ptr<AdminAccess> m_access;
};

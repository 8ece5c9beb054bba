#pragma once
// Who may use the admin API (issue pairing codes, list and revoke devices, see sessions):
//  - a request from a loopback address, naming a loopback host, with no proxy forwarding headers:
//    someone on this machine. The Host check stops DNS rebinding (a web page whose name
//    resolves to 127.0.0.1 sends its own Host); the forwarding headers mark a reverse proxy on
//    this machine passing on a stranger's request. --admin-loopback no turns this off entirely
//    (for proxies that add no such header);
//  - or `Authorization: Bearer <admin token>` from anywhere. The token is generated once and kept
//    in the secret store ("admin-token").
#include <QByteArray>

struct HttpRequest;

class AdminAccess
{
public:
    AdminAccess(QByteArray adminToken, bool loopbackIsAdmin)
        : m_token(std::move(adminToken)), m_loopbackIsAdmin(loopbackIsAdmin)
    {
    }

    bool admits(const HttpRequest &request) const;
    static bool isLocalRequest(const HttpRequest &request);

private:
    QByteArray m_token;
    bool m_loopbackIsAdmin;
};

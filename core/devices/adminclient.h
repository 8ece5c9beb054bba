#pragma once
// The other end of the admin API, for `switchboard-server pair`: asks a running relay on this
// machine for a pairing code. Synchronous (a command-line tool has nothing else to do meanwhile),
// with a timeout so a port held by something else cannot hang it.
#include "pairingcode.h"

#include <QByteArray>
#include <QString>

namespace AdminClient {

struct Result
{
    bool ok = false;
    PairingCode code;
    QString error; // one line for the terminal
};

// POST http://<host>:<port>/api/admin/pairing-code, with `adminToken` as a Bearer token when given.
Result requestPairingCode(const QString &host, quint16 port, const QByteArray &adminToken, int timeoutMs = 5000);

// The address to reach a relay on that listens on `listenHost`: loopback for the wildcards.
QString connectHostFor(const QString &listenHost);

} // namespace AdminClient

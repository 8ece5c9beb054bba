#pragma once
// The phone's side of pairing: GET /pair serves the page the QR code opens (the code rides in the
// URL's fragment, which browsers never send, so it stays out of logs), and POST /api/pair trades
// {code, name} for {deviceId, token}. Attempts are limited per address on top of the code's own
// lock after five wrong tries.
#include "auth/ratelimiter.h"

#include <QObject>

class PhonePairing;
class Relay;
struct HttpRequest;
class HttpResponder;

class PairingEndpoints : public QObject
{
    Q_OBJECT
public:
    static constexpr int kMaxBodyBytes = 4096;
    static constexpr int kMaxNameChars = 256; // longer is refused; names are then cut to 64

    PairingEndpoints(Relay *relay, PhonePairing *pairing);

private:
    void redeem(const HttpRequest &request, HttpResponder reply);
    PhonePairing *m_pairing;
    RateLimiter m_attempts; // POST /api/pair per client address
};

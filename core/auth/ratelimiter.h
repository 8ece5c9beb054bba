#pragma once
// Token buckets per client address: `rate` requests per second on average, bursts of `burst`.
// Buckets of addresses that have been quiet long enough to be full again are forgotten, so the
// table cannot grow without end.
#include <QElapsedTimer>
#include <QHash>
#include <QHostAddress>

class RateLimiter
{
public:
    RateLimiter(double ratePerSecond, double burst);
    // Takes one token; false when the address is over its limit.
    bool allow(const QHostAddress &address);
    // Seconds until the address may try again (for Retry-After), at least 1.
    int retryAfterSeconds(const QHostAddress &address) const;
    int trackedAddresses() const { return int(m_buckets.size()); }

private:
    struct Bucket
    {
        double tokens;
        qint64 updatedMs;
    };
    void refill(Bucket &bucket, qint64 nowMs) const;
    void forgetFullBuckets(qint64 nowMs);
    double m_rate;
    double m_burst;
    QElapsedTimer m_clock;
    QHash<QHostAddress, Bucket> m_buckets;
    qint64 m_lastSweepMs = 0;
};

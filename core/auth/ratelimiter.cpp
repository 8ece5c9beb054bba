#include "ratelimiter.h"

#include <cmath>

RateLimiter::RateLimiter(double ratePerSecond, double burst) : m_rate(ratePerSecond), m_burst(burst)
{
    m_clock.start();
}

void RateLimiter::refill(Bucket &bucket, qint64 nowMs) const
{
    bucket.tokens = std::min(m_burst, bucket.tokens + double(nowMs - bucket.updatedMs) * m_rate / 1000.0);
    bucket.updatedMs = nowMs;
}

void RateLimiter::forgetFullBuckets(qint64 nowMs)
{
    if (nowMs - m_lastSweepMs < 10000)
        return;
    m_lastSweepMs = nowMs;
    const qint64 fullAfterMs = qint64(std::ceil(m_burst / m_rate * 1000.0));
    m_buckets.removeIf([&](const QHash<QHostAddress, Bucket>::iterator &it) {
        return nowMs - it->updatedMs >= fullAfterMs;
    });
}

bool RateLimiter::allow(const QHostAddress &address)
{
    const qint64 now = m_clock.elapsed();
    forgetFullBuckets(now);
    auto it = m_buckets.find(address);
    if (it == m_buckets.end())
        it = m_buckets.insert(address, Bucket{m_burst, now});
    refill(*it, now);
    if (it->tokens < 1.0)
        return false;
    it->tokens -= 1.0;
    return true;
}

int RateLimiter::retryAfterSeconds(const QHostAddress &address) const
{
    const auto it = m_buckets.constFind(address);
    if (it == m_buckets.cend())
        return 1;
    Bucket bucket = *it;
    refill(bucket, m_clock.elapsed());
    const double missing = 1.0 - bucket.tokens;
    return std::max(1, int(std::ceil(missing / m_rate)));
}

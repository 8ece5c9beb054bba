#include "frameratelimiter.h"

#include <algorithm>

FrameRateLimiter::FrameRateLimiter(int ratePerSecond)
    : m_rate(std::max(1, ratePerSecond)), m_tokens(m_rate)
{
}

bool FrameRateLimiter::allow(qint64 nowMs)
{
    if (m_lastMs >= 0 && nowMs > m_lastMs)
        m_tokens = std::min(m_rate, m_tokens + double(nowMs - m_lastMs) * m_rate / 1000.0);
    if (m_lastMs < 0 || nowMs > m_lastMs)
        m_lastMs = nowMs;
    if (m_tokens < 1.0)
        return false;
    m_tokens -= 1.0;
    return true;
}

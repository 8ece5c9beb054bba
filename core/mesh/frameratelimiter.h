#pragma once
// A token bucket per peer: `ratePerSecond` frames a second on average, bursts of the same size.
// Time is passed in, so the arithmetic can be tested without waiting.
#include <QtGlobal>

class FrameRateLimiter
{
public:
    explicit FrameRateLimiter(int ratePerSecond = 100);

    // Takes one frame's worth from the bucket; false when it is empty.
    bool allow(qint64 nowMs);

private:
    double m_rate;
    double m_tokens;
    qint64 m_lastMs = -1;
};

#include "connectionlimiter.h"

ConnectionLimiter::ConnectionLimiter(int maxTotal, int maxPerAddress)
    : m_maxTotal(maxTotal), m_maxPerAddress(maxPerAddress)
{
}

void ConnectionLimiter::setLimits(int maxTotal, int maxPerAddress)
{
    m_maxTotal = maxTotal;
    m_maxPerAddress = maxPerAddress;
}

QHostAddress ConnectionLimiter::normalized(const QHostAddress &address)
{
    // An IPv4 client on a dual-stack socket shows up as ::ffff:a.b.c.d; count it as a.b.c.d.
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    return isV4 ? QHostAddress(v4) : address;
}

ConnectionLimiter::Verdict ConnectionLimiter::tryAdmit(const QHostAddress &address)
{
    if (m_total >= m_maxTotal)
        return Verdict::TooManyTotal;
    int &count = m_perAddress[normalized(address)];
    if (count >= m_maxPerAddress) {
        if (count == 0)
            m_perAddress.remove(normalized(address));
        return Verdict::TooManyFromAddress;
    }
    ++count;
    ++m_total;
    return Verdict::Admitted;
}

void ConnectionLimiter::release(const QHostAddress &address)
{
    const auto it = m_perAddress.find(normalized(address));
    if (it == m_perAddress.end())
        return;
    --m_total;
    if (--it.value() <= 0)
        m_perAddress.erase(it);
}

int ConnectionLimiter::fromAddress(const QHostAddress &address) const
{
    return m_perAddress.value(normalized(address), 0);
}

const char *ConnectionLimiter::reason(Verdict verdict)
{
    switch (verdict) {
    case Verdict::TooManyTotal: return "too_many_connections";
    case Verdict::TooManyFromAddress: return "too_many_from_address";
    case Verdict::Admitted: break;
    }
    return "admitted";
}

#pragma once
// Counts open connections overall and per client address, so one stranger cannot take every slot.
#include <QHash>
#include <QHostAddress>

class ConnectionLimiter
{
public:
    enum class Verdict { Admitted, TooManyTotal, TooManyFromAddress };

    ConnectionLimiter(int maxTotal, int maxPerAddress);
    void setLimits(int maxTotal, int maxPerAddress);
    Verdict tryAdmit(const QHostAddress &address);
    void release(const QHostAddress &address);
    int total() const { return m_total; }
    int fromAddress(const QHostAddress &address) const;
    static const char *reason(Verdict verdict);

private:
    static QHostAddress normalized(const QHostAddress &address);
    int m_maxTotal;
    int m_maxPerAddress;
    int m_total = 0;
    QHash<QHostAddress, int> m_perAddress;
};

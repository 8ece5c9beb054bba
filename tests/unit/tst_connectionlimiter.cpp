// Unit tests for ConnectionLimiter: open connections counted overall and per client address.
#include "net/connectionlimiter.h"

#include <QtTest>

using Verdict = ConnectionLimiter::Verdict;

char *toString(Verdict verdict)
{
    return qstrdup(ConnectionLimiter::reason(verdict));
}

class tst_ConnectionLimiter : public QObject
{
    Q_OBJECT

private slots:
    void admitsUpToPerAddressLimit();
    void otherAddressesAreCountedSeparately();
    void totalLimitAppliesAcrossAddresses();
    void totalLimitIsCheckedBeforeAddressLimit();
    void releaseFreesASlot();
    void releaseOfUnknownAddressChangesNothing();
    void releaseMoreThanAdmittedDoesNotGoNegative();
    void ipv4MappedIpv6CountsAsIpv4();
    void ipv6AddressesAreCountedOnTheirOwn();
    void ipv6LoopbackIsNotAnIpv4Address();
    void refusalDoesNotCount();
    void setLimitsAppliesToNextAdmission();
    void reasonStrings();
};

void tst_ConnectionLimiter::admitsUpToPerAddressLimit()
{
    ConnectionLimiter limiter(100, 3);
    const QHostAddress a(QStringLiteral("192.0.2.1"));
    QCOMPARE(limiter.tryAdmit(a), Verdict::Admitted);
    QCOMPARE(limiter.tryAdmit(a), Verdict::Admitted);
    QCOMPARE(limiter.tryAdmit(a), Verdict::Admitted);
    QCOMPARE(limiter.tryAdmit(a), Verdict::TooManyFromAddress);
    QCOMPARE(limiter.fromAddress(a), 3);
    QCOMPARE(limiter.total(), 3);
}

void tst_ConnectionLimiter::otherAddressesAreCountedSeparately()
{
    ConnectionLimiter limiter(100, 1);
    const QHostAddress a(QStringLiteral("192.0.2.1"));
    const QHostAddress b(QStringLiteral("192.0.2.2"));
    QCOMPARE(limiter.tryAdmit(a), Verdict::Admitted);
    QCOMPARE(limiter.tryAdmit(a), Verdict::TooManyFromAddress);
    QCOMPARE(limiter.tryAdmit(b), Verdict::Admitted);
    QCOMPARE(limiter.fromAddress(a), 1);
    QCOMPARE(limiter.fromAddress(b), 1);
    QCOMPARE(limiter.fromAddress(QHostAddress(QStringLiteral("192.0.2.3"))), 0);
    QCOMPARE(limiter.total(), 2);
}

void tst_ConnectionLimiter::totalLimitAppliesAcrossAddresses()
{
    ConnectionLimiter limiter(3, 10);
    QCOMPARE(limiter.tryAdmit(QHostAddress(QStringLiteral("10.0.0.1"))), Verdict::Admitted);
    QCOMPARE(limiter.tryAdmit(QHostAddress(QStringLiteral("10.0.0.2"))), Verdict::Admitted);
    QCOMPARE(limiter.tryAdmit(QHostAddress(QStringLiteral("10.0.0.3"))), Verdict::Admitted);
    QCOMPARE(limiter.tryAdmit(QHostAddress(QStringLiteral("10.0.0.4"))), Verdict::TooManyTotal);
    QCOMPARE(limiter.total(), 3);
    QCOMPARE(limiter.fromAddress(QHostAddress(QStringLiteral("10.0.0.4"))), 0);
}

void tst_ConnectionLimiter::totalLimitIsCheckedBeforeAddressLimit()
{
    ConnectionLimiter limiter(2, 2);
    const QHostAddress a(QStringLiteral("10.0.0.1"));
    QCOMPARE(limiter.tryAdmit(a), Verdict::Admitted);
    QCOMPARE(limiter.tryAdmit(a), Verdict::Admitted);
    // Both limits are reached; the server-wide one is reported.
    QCOMPARE(limiter.tryAdmit(a), Verdict::TooManyTotal);
}

void tst_ConnectionLimiter::releaseFreesASlot()
{
    ConnectionLimiter limiter(2, 1);
    const QHostAddress a(QStringLiteral("10.0.0.1"));
    const QHostAddress b(QStringLiteral("10.0.0.2"));
    QCOMPARE(limiter.tryAdmit(a), Verdict::Admitted);
    QCOMPARE(limiter.tryAdmit(b), Verdict::Admitted);
    QCOMPARE(limiter.tryAdmit(QHostAddress(QStringLiteral("10.0.0.3"))), Verdict::TooManyTotal);
    limiter.release(a);
    QCOMPARE(limiter.total(), 1);
    QCOMPARE(limiter.fromAddress(a), 0);
    QCOMPARE(limiter.tryAdmit(a), Verdict::Admitted);
    QCOMPARE(limiter.total(), 2);
}

void tst_ConnectionLimiter::releaseOfUnknownAddressChangesNothing()
{
    ConnectionLimiter limiter(10, 10);
    const QHostAddress a(QStringLiteral("10.0.0.1"));
    QCOMPARE(limiter.tryAdmit(a), Verdict::Admitted);
    limiter.release(QHostAddress(QStringLiteral("10.0.0.99")));
    QCOMPARE(limiter.total(), 1);
    QCOMPARE(limiter.fromAddress(a), 1);
}

void tst_ConnectionLimiter::releaseMoreThanAdmittedDoesNotGoNegative()
{
    ConnectionLimiter limiter(1, 1);
    const QHostAddress a(QStringLiteral("10.0.0.1"));
    QCOMPARE(limiter.tryAdmit(a), Verdict::Admitted);
    limiter.release(a);
    limiter.release(a);
    QCOMPARE(limiter.total(), 0);
    QCOMPARE(limiter.fromAddress(a), 0);
    // Still exactly one slot, not two.
    QCOMPARE(limiter.tryAdmit(a), Verdict::Admitted);
    QCOMPARE(limiter.tryAdmit(QHostAddress(QStringLiteral("10.0.0.2"))), Verdict::TooManyTotal);
}

void tst_ConnectionLimiter::ipv4MappedIpv6CountsAsIpv4()
{
    ConnectionLimiter limiter(100, 2);
    const QHostAddress v4(QStringLiteral("1.2.3.4"));
    const QHostAddress mapped(QStringLiteral("::ffff:1.2.3.4"));
    QCOMPARE(mapped.protocol(), QAbstractSocket::IPv6Protocol);
    QCOMPARE(limiter.tryAdmit(v4), Verdict::Admitted);
    QCOMPARE(limiter.tryAdmit(mapped), Verdict::Admitted);
    QCOMPARE(limiter.fromAddress(v4), 2);
    QCOMPARE(limiter.fromAddress(mapped), 2);
    QCOMPARE(limiter.tryAdmit(mapped), Verdict::TooManyFromAddress);
    QCOMPARE(limiter.tryAdmit(v4), Verdict::TooManyFromAddress);
    // Released under the other spelling, the slot is still the same one.
    limiter.release(mapped);
    QCOMPARE(limiter.fromAddress(v4), 1);
    limiter.release(v4);
    QCOMPARE(limiter.fromAddress(mapped), 0);
    QCOMPARE(limiter.total(), 0);
}

void tst_ConnectionLimiter::ipv6AddressesAreCountedOnTheirOwn()
{
    ConnectionLimiter limiter(100, 1);
    const QHostAddress a(QStringLiteral("2001:db8::1"));
    const QHostAddress b(QStringLiteral("2001:db8::2"));
    QCOMPARE(limiter.tryAdmit(a), Verdict::Admitted);
    QCOMPARE(limiter.tryAdmit(a), Verdict::TooManyFromAddress);
    QCOMPARE(limiter.tryAdmit(b), Verdict::Admitted);
    QCOMPARE(limiter.total(), 2);
}

void tst_ConnectionLimiter::ipv6LoopbackIsNotAnIpv4Address()
{
    // Only ::ffff:a.b.c.d is an IPv4 client; ::1 must not be folded into 0.0.0.1.
    ConnectionLimiter limiter(100, 1);
    QCOMPARE(limiter.tryAdmit(QHostAddress(QStringLiteral("::1"))), Verdict::Admitted);
    QCOMPARE(limiter.tryAdmit(QHostAddress(QStringLiteral("0.0.0.1"))), Verdict::Admitted);
    QCOMPARE(limiter.fromAddress(QHostAddress(QStringLiteral("::1"))), 1);
}

void tst_ConnectionLimiter::refusalDoesNotCount()
{
    ConnectionLimiter limiter(100, 1);
    const QHostAddress a(QStringLiteral("10.0.0.1"));
    QCOMPARE(limiter.tryAdmit(a), Verdict::Admitted);
    for (int i = 0; i < 5; ++i)
        QCOMPARE(limiter.tryAdmit(a), Verdict::TooManyFromAddress);
    QCOMPARE(limiter.fromAddress(a), 1);
    QCOMPARE(limiter.total(), 1);
    limiter.release(a);
    QCOMPARE(limiter.tryAdmit(a), Verdict::Admitted);
}

void tst_ConnectionLimiter::setLimitsAppliesToNextAdmission()
{
    ConnectionLimiter limiter(1, 1);
    const QHostAddress a(QStringLiteral("10.0.0.1"));
    QCOMPARE(limiter.tryAdmit(a), Verdict::Admitted);
    QCOMPARE(limiter.tryAdmit(a), Verdict::TooManyTotal);
    limiter.setLimits(10, 2);
    QCOMPARE(limiter.tryAdmit(a), Verdict::Admitted);
    QCOMPARE(limiter.tryAdmit(a), Verdict::TooManyFromAddress);
}

void tst_ConnectionLimiter::reasonStrings()
{
    QCOMPARE(QByteArray(ConnectionLimiter::reason(Verdict::TooManyTotal)),
             QByteArray("too_many_connections"));
    QCOMPARE(QByteArray(ConnectionLimiter::reason(Verdict::TooManyFromAddress)),
             QByteArray("too_many_from_address"));
    QCOMPARE(QByteArray(ConnectionLimiter::reason(Verdict::Admitted)), QByteArray("admitted"));
}

QTEST_GUILESS_MAIN(tst_ConnectionLimiter)
#include "tst_connectionlimiter.moc"

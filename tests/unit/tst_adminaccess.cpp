// AdminAccess: who may use the admin API.
#include "devices/adminaccess.h"
#include "net/httprequest.h"

#include <QTest>

namespace {
HttpRequest requestFrom(const char *address, const char *host)
{
    HttpRequest r;
    r.peerAddress = QHostAddress(QString::fromLatin1(address));
    r.host = QString::fromLatin1(host);
    return r;
}
} // namespace

class TestAdminAccess : public QObject
{
    Q_OBJECT

private slots:
    void thisMachineIsAdmin()
    {
        const AdminAccess access("token-0123456789", true);
        QVERIFY(access.admits(requestFrom("127.0.0.1", "localhost:8765")));
        QVERIFY(access.admits(requestFrom("127.0.0.1", "127.0.0.1:8765")));
        QVERIFY(access.admits(requestFrom("::1", "[::1]:8765")));
        QVERIFY(access.admits(requestFrom("::ffff:127.0.0.1", "localhost")));
    }

    void notFromElsewhereNorThroughAProxyNorByRebinding()
    {
        const AdminAccess access("token-0123456789", true);
        QVERIFY(!access.admits(requestFrom("192.168.1.7", "localhost:8765")));
        QVERIFY(!access.admits(requestFrom("127.0.0.1", "evil.example:8765")));
        HttpRequest proxied = requestFrom("127.0.0.1", "localhost:8765");
        proxied.headers << qMakePair(QByteArray("x-forwarded-for"), QByteArray("203.0.113.9"));
        QVERIFY(!access.admits(proxied));
        HttpRequest forwarded = requestFrom("127.0.0.1", "localhost:8765");
        forwarded.headers << qMakePair(QByteArray("forwarded"), QByteArray("for=203.0.113.9"));
        QVERIFY(!access.admits(forwarded));
        QVERIFY(!AdminAccess("token-0123456789", false).admits(requestFrom("127.0.0.1", "localhost")));
    }

    void theTokenAdmitsFromAnywhere()
    {
        const AdminAccess access("token-0123456789", false);
        HttpRequest r = requestFrom("203.0.113.5", "relay.example.org");
        r.headers << qMakePair(QByteArray("authorization"), QByteArray("Bearer token-0123456789"));
        QVERIFY(access.admits(r));
        r.headers.last().second = "Bearer token-0123456780";
        QVERIFY(!access.admits(r));
        r.headers.last().second = "Bearer token-012345678";
        QVERIFY(!access.admits(r));
        r.headers.last().second = "Basic token-0123456789";
        QVERIFY(!access.admits(r));
        // No token configured: an empty bearer admits nobody.
        HttpRequest empty = requestFrom("203.0.113.5", "relay.example.org");
        empty.headers << qMakePair(QByteArray("authorization"), QByteArray("Bearer "));
        QVERIFY(!AdminAccess(QByteArray(), false).admits(empty));
    }
};

QTEST_GUILESS_MAIN(TestAdminAccess)
#include "tst_adminaccess.moc"

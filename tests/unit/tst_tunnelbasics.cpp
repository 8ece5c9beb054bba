// Unit tests for the tunnel's building blocks: session hosts, the session directory, HS256 tokens,
// per-address rate limits and the generated secret file.
#include "auth/jwtsigner.h"
#include "auth/ratelimiter.h"
#include "auth/secretfile.h"
#include "tunnel/desktopdirectory.h"
#include "tunnel/sessionhost.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

class TestTunnelBasics : public QObject
{
    Q_OBJECT
private slots:
    void sessionHostIsRecognisedAgainstTheDomain_data()
    {
        QTest::addColumn<QString>("host");
        QTest::addColumn<QString>("domain");
        QTest::addColumn<QString>("id");
        QTest::newRow("own share url with port") << "abc234.localhost:8765" << "localhost:8765" << "ABC234";
        QTest::newRow("upper case label") << "ABC234.relay.example.org" << "relay.example.org" << "ABC234";
        QTest::newRow("port on a portless domain") << "abc234.relay.example.org:443" << "relay.example.org" << "ABC234";
        QTest::newRow("bare domain") << "relay.example.org" << "relay.example.org" << "";
        QTest::newRow("other domain") << "abc234.evil.org" << "relay.example.org" << "";
        QTest::newRow("suffix trick") << "abc234.xrelay.example.org" << "relay.example.org" << "";
        QTest::newRow("deeper label") << "x.abc234.relay.example.org" << "relay.example.org" << "";
        QTest::newRow("short label") << "abc23.relay.example.org" << "relay.example.org" << "";
        QTest::newRow("symbol in label") << "abc-23.relay.example.org" << "relay.example.org" << "";
        QTest::newRow("wrong port") << "abc234.localhost:9999" << "localhost:8765" << "";
    }

    void sessionHostIsRecognisedAgainstTheDomain()
    {
        QFETCH(QString, host);
        QFETCH(QString, domain);
        QFETCH(QString, id);
        QCOMPARE(SessionHost::sessionIdFrom(host, domain), id);
    }

    void shareUrlUsesTheLowercasedId()
    {
        QCOMPARE(SessionHost::urlFor("https", "ABC234", "relay.example.org"), QString("https://abc234.relay.example.org"));
    }

    void directoryIdsUseTheAlphabetAndNeverCollide()
    {
        DesktopDirectory directory;
        QSet<QString> seen;
        const QString alphabet = QString::fromLatin1(DesktopDirectory::kAlphabet);
        for (int i = 0; i < 2000; ++i) {
            const DesktopSession &s = directory.create(QStringLiteral("device-%1").arg(i));
            QCOMPARE(s.id.size(), 6);
            for (QChar c : s.id)
                QVERIFY2(alphabet.contains(c), qPrintable(s.id));
            QVERIFY(!seen.contains(s.id));
            seen.insert(s.id);
        }
        QCOMPARE(directory.size(), 2000);
    }

    void directoryFindsByDeviceAndExpiresOfflineSessions()
    {
        DesktopDirectory directory;
        DesktopSession &a = directory.create("device-a");
        a.expiresMs = 1000;
        const QString id = a.id;
        QCOMPARE(directory.findByDevice("device-a")->id, id);
        QVERIFY(directory.expire(999).isEmpty());
        QCOMPARE(directory.expire(1000), QStringList{id});
        QVERIFY(!directory.find(id));
        QVERIFY(!directory.findByDevice("device-a"));
    }

    void jwtRoundTripAndRefusals()
    {
        JwtSigner signer("0123456789abcdef0123456789abcdef");
        const QString token = signer.sign({{"sessionId", "ABC234"}, {"iat", 1000.0}, {"exp", 5000.0}});
        QCOMPARE(token.count('.'), 2);
        const auto ok = signer.verify(token, 4000);
        QVERIFY2(ok.ok, qPrintable(ok.error));
        QCOMPARE(ok.claims.value("sessionId").toString(), QString("ABC234"));
        QVERIFY(!signer.verify(token, 5000).ok); // expired at exp
        QVERIFY(!JwtSigner("another secret, just as long...").verify(token, 4000).ok);
        QString tampered = token;
        tampered[tampered.indexOf('.') + 2] = tampered[tampered.indexOf('.') + 2] == 'A' ? 'B' : 'A';
        QVERIFY(!signer.verify(tampered, 4000).ok);
        QVERIFY(!signer.verify("", 4000).ok);
        QVERIFY(!signer.verify("not.a.token", 4000).ok);
    }

    void jwtWithAlgNoneIsRefused()
    {
        // {"alg":"none","typ":"JWT"} . {"sessionId":"ABC234","exp":9999999999} . (no signature)
        const QString unsigned_ = QByteArray(R"({"alg":"none","typ":"JWT"})").toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)
                                  + '.' + QByteArray(R"({"sessionId":"ABC234","exp":9999999999})").toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)
                                  + '.';
        JwtSigner signer("0123456789abcdef0123456789abcdef");
        QVERIFY(!signer.verify(unsigned_, 4000).ok);
    }

    void rateLimiterAllowsTheBurstThenRefuses()
    {
        RateLimiter limiter(10, 20);
        const QHostAddress a("192.0.2.1"), b("192.0.2.2");
        int allowed = 0;
        for (int i = 0; i < 25; ++i)
            allowed += limiter.allow(a) ? 1 : 0;
        QVERIFY(allowed >= 20 && allowed <= 21); // the burst, plus what trickled in meanwhile
        QVERIFY(!limiter.allow(a));
        QVERIFY(limiter.retryAfterSeconds(a) >= 1);
        QVERIFY(limiter.allow(b)); // another address has its own bucket
        // Tokens come back at 10 per second. (allow() takes a token, so it is polled by hand: the
        // QTRY macros evaluate their expression once more after it first holds.)
        QDeadlineTimer deadline(1000);
        bool allowedAgain = false;
        while (!allowedAgain && !deadline.hasExpired()) {
            allowedAgain = limiter.allow(a);
            if (!allowedAgain)
                QTest::qWait(20);
        }
        QVERIFY(allowedAgain);
    }

    void secretFileIsCreatedOwnerOnlyAndReused()
    {
        QTemporaryDir dir;
        QString error;
        const QByteArray first = SecretFile::loadOrCreate(dir.path(), "jwt-secret", 32, &error);
        QVERIFY2(!first.isEmpty(), qPrintable(error));
        QCOMPARE(first.size(), 64);
        const QFile::Permissions perms = QFile::permissions(dir.filePath("jwt-secret"));
        QVERIFY(perms & QFile::ReadOwner);
        QVERIFY(!(perms & (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup | QFile::WriteOther)));
        QCOMPARE(SecretFile::loadOrCreate(dir.path(), "jwt-secret", 32, &error), first);
        QTemporaryDir other;
        QVERIFY(SecretFile::loadOrCreate(other.path(), "jwt-secret", 32, &error) != first);
    }
};

QTEST_GUILESS_MAIN(TestTunnelBasics)
#include "tst_tunnelbasics.moc"

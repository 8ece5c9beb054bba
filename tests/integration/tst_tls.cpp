// TLS on the one port: certificates made at test time with the openssl command, HTTPS and WSS
// beside plain HTTP, a failed handshake logged in one line, reload when the files change, and
// Let's Encrypt's layout (live/ symlinks into archive/, a chain with an intermediate) and renewal.
#include "rawhttp.h"
#include "serverprocess.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>

#include <csignal>
#include <unistd.h>

namespace {

// Makes a self-signed certificate; `ec` picks a P-256 key (as certbot does by default now).
bool makeCertificate(const QString &directory, const QString &commonName, bool ec)
{
    QStringList args{"req", "-x509", "-nodes", "-days", "2", "-subj", "/CN=" + commonName,
                     "-keyout", directory + "/privkey.pem", "-out", directory + "/fullchain.pem"};
    args << (ec ? QStringList{"-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"}
                : QStringList{"-newkey", "rsa:2048"});
    QDir().mkpath(directory);
    QProcess openssl;
    openssl.start("openssl", args);
    return openssl.waitForFinished(30000) && openssl.exitCode() == 0;
}

std::unique_ptr<QSslSocket> connectTls(quint16 port)
{
    auto socket = std::make_unique<QSslSocket>();
    socket->setPeerVerifyMode(QSslSocket::VerifyNone); // self-signed test certificates
    socket->connectToHostEncrypted(QStringLiteral("127.0.0.1"), port);
    if (!socket->waitForEncrypted(5000))
        return nullptr;
    return socket;
}

QString commonName(const QSslSocket &socket)
{
    return socket.peerCertificate().subjectInfo(QSslCertificate::CommonName).join(',');
}

// Replaces the live files the way certbot does: new files beside them, then an atomic rename.
bool install(const QString &from, const QString &live)
{
    for (const char *name : {"fullchain.pem", "privkey.pem"}) {
        const QString target = live + '/' + name;
        const QString staging = target + ".new";
        QFile::remove(staging);
        if (!QFile::copy(from + '/' + name, staging))
            return false;
        if (::rename(QFile::encodeName(staging).constData(), QFile::encodeName(target).constData()) != 0)
            return false;
    }
    return true;
}

bool runOpenssl(const QStringList &args)
{
    QProcess openssl;
    openssl.setProcessChannelMode(QProcess::MergedChannels);
    openssl.start("openssl", args);
    const bool ok = openssl.waitForFinished(30000) && openssl.exitStatus() == QProcess::NormalExit
                    && openssl.exitCode() == 0;
    if (!ok)
        qWarning().noquote() << "openssl" << args.join(' ') << "failed:" << openssl.readAll();
    return ok;
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(data) == data.size();
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QSslCertificate certificateIn(const QString &path)
{
    const QList<QSslCertificate> certificates = QSslCertificate::fromPath(path);
    return certificates.size() == 1 ? certificates.first() : QSslCertificate();
}

// A small private PKI as Let's Encrypt's looks from outside: a root (which clients trust and the
// server never sends), an intermediate, and leaves for `leafName` the intermediate signs.
class TestCa
{
public:
    explicit TestCa(QString directory) : m_dir(std::move(directory)) {}

    bool create()
    {
        return QDir().mkpath(m_dir)
               && writeFile(m_dir + "/ca.ext", "basicConstraints=critical,CA:TRUE,pathlen:0\n"
                                               "keyUsage=critical,keyCertSign,cRLSign\n"
                                               "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n")
               && runOpenssl({"req", "-x509", "-nodes", "-days", "2", "-subj", "/CN=Switchboard Test Root",
                              "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-keyout",
                              m_dir + "/root.key", "-out", root(), "-addext",
                              "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"})
               && runOpenssl({"req", "-new", "-nodes", "-subj", "/CN=Switchboard Test Intermediate", "-newkey", "ec",
                              "-pkeyopt", "ec_paramgen_curve:prime256v1", "-keyout", m_dir + "/intermediate.key",
                              "-out", m_dir + "/intermediate.csr"})
               && runOpenssl({"x509", "-req", "-days", "2", "-in", m_dir + "/intermediate.csr", "-CA", root(),
                              "-CAkey", m_dir + "/root.key", "-CAcreateserial", "-extfile", m_dir + "/ca.ext",
                              "-out", intermediate()});
    }

    // Writes cert<N>.pem, chain<N>.pem, fullchain<N>.pem and privkey<N>.pem into `archive` as
    // certbot does: a new key and certificate for every issue, the chain the CA sent beside them.
    bool issue(const QString &archive, int n, const QString &commonName, const QString &dnsName)
    {
        const QString key = QStringLiteral("%1/privkey%2.pem").arg(archive).arg(n);
        const QString cert = QStringLiteral("%1/cert%2.pem").arg(archive).arg(n);
        const QString csr = QStringLiteral("%1/leaf%2.csr").arg(m_dir).arg(n);
        const QString ext = QStringLiteral("%1/leaf%2.ext").arg(m_dir).arg(n);
        if (!QDir().mkpath(archive)
            || !writeFile(ext, "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n"
                               "extendedKeyUsage=serverAuth\nsubjectAltName=DNS:" + dnsName.toLatin1() + "\n")
            || !runOpenssl({"req", "-new", "-nodes", "-subj", "/CN=" + commonName, "-newkey", "ec", "-pkeyopt",
                            "ec_paramgen_curve:prime256v1", "-keyout", key, "-out", csr})
            || !runOpenssl({"x509", "-req", "-days", "2", "-in", csr, "-CA", intermediate(), "-CAkey",
                            m_dir + "/intermediate.key", "-CAcreateserial", "-extfile", ext, "-out", cert}))
            return false;
        const QByteArray chain = readFile(intermediate());
        return writeFile(QStringLiteral("%1/chain%2.pem").arg(archive).arg(n), chain)
               && writeFile(QStringLiteral("%1/fullchain%2.pem").arg(archive).arg(n), readFile(cert) + chain);
    }

    QString root() const { return m_dir + "/root.pem"; }
    QString intermediate() const { return m_dir + "/intermediate.pem"; }

private:
    QString m_dir;
};

// Points live/<name>/{cert,chain,fullchain,privkey}.pem at archive/<name>/*<n>.pem with relative
// links, as certbot does; each link is replaced by renaming a new one over it, so a reader only
// ever sees the old target or the new.
bool pointLiveAt(const QString &base, const QString &name, int n)
{
    const QString live = base + "/live/" + name;
    if (!QDir().mkpath(live))
        return false;
    // Key first, full chain last: a reload that happens in between sees a key that does not fit
    // and keeps the previous pair, the next one sees the new pair.
    for (const char *kind : {"cert", "chain", "privkey", "fullchain"}) {
        const QByteArray target = QStringLiteral("../../archive/%1/%2%3.pem").arg(name, kind).arg(n).toUtf8();
        const QByteArray link = QFile::encodeName(QStringLiteral("%1/%2.pem").arg(live, kind));
        const QByteArray staging = link + ".new";
        ::unlink(staging.constData());
        if (::symlink(target.constData(), staging.constData()) != 0
            || ::rename(staging.constData(), link.constData()) != 0)
            return false;
    }
    return true;
}

// A TLS connection that verifies the relay as a real client would: only the test root trusted,
// the leaf's name checked.
std::unique_ptr<QSslSocket> connectVerified(quint16 port, const QSslCertificate &root, const QString &name,
                                            QList<QSslError> *errors)
{
    auto socket = std::make_unique<QSslSocket>();
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setCaCertificates({root});
    config.setPeerVerifyMode(QSslSocket::VerifyPeer);
    socket->setSslConfiguration(config);
    QObject::connect(socket.get(), &QSslSocket::sslErrors, socket.get(),
                     [errors](const QList<QSslError> &e) { *errors += e; });
    socket->connectToHostEncrypted(QStringLiteral("127.0.0.1"), port, name);
    if (!socket->waitForEncrypted(5000))
        return nullptr;
    return socket;
}

} // namespace

class TestTls : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    ServerProcess m_server;
    QString live() const { return m_dir.path() + "/live"; }
    // Let's Encrypt's directory (/etc/letsencrypt): live/ and archive/.
    QString certbot() const { return m_dir.path() + "/letsencrypt"; }
    ServerProcess m_certbotServer;
    QSslCertificate m_root;
    QSslCertificate m_intermediate;

private slots:
    void initTestCase()
    {
        QVERIFY(makeCertificate(m_dir.path() + "/first", "first.test", false));
        QVERIFY(makeCertificate(m_dir.path() + "/second", "second.test", true));
        QVERIFY(QDir().mkpath(live()));
        QVERIFY(install(m_dir.path() + "/first", live()));
        m_server.setArguments({"--tls-cert", live() + "/fullchain.pem", "--tls-key", live() + "/privkey.pem"});
        QVERIFY(m_server.start());
        QVERIFY(m_server.logs().contains("first.test"));
    }

    void httpsServesHealth()
    {
        auto socket = connectTls(m_server.port());
        QVERIFY(socket);
        QCOMPARE(commonName(*socket), QString("first.test"));
        socket->write("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n");
        RawHttp http(socket.get());
        const RawResponse r = http.read();
        QCOMPARE(r.status, 200);
        QCOMPARE(QJsonDocument::fromJson(r.body).object().value("status").toString(), QString("healthy"));
    }

    void plainHttpStillWorksOnTheSamePort()
    {
        QCOMPARE(RawHttp::get(m_server.port(), "/health").status, 200);
    }

    void wssReachesTheLiveEndpoint()
    {
        QWebSocket client;
        QSslConfiguration config = QSslConfiguration::defaultConfiguration();
        config.setPeerVerifyMode(QSslSocket::VerifyNone);
        client.setSslConfiguration(config);
        QSignalSpy messages(&client, &QWebSocket::textMessageReceived);
        client.open(QUrl(QStringLiteral("wss://127.0.0.1:%1/live").arg(m_server.port())));
        QVERIFY(messages.wait(5000));
        QVERIFY(messages.first().first().toString().contains("healthy"));
        client.close();
    }

    void failedHandshakeLogsOneShortLine()
    {
        QTcpSocket socket;
        socket.connectToHost(QStringLiteral("127.0.0.1"), m_server.port());
        QVERIFY(socket.waitForConnected(3000));
        // A TLS record header followed by nonsense instead of a ClientHello.
        socket.write(QByteArray("\x16\x03\x01\x00\x08", 5) + QByteArray("garbage!"));
        QVERIFY(RawHttp::waitForClose(&socket, 5000));
        QVERIFY(m_server.waitForLog("TLS handshake with 127.0.0.1 failed"));
        const QStringList lines = m_server.logs().split('\n');
        const auto failure = std::find_if(lines.cbegin(), lines.cend(),
                                          [](const QString &l) { return l.contains("TLS handshake with 127.0.0.1 failed"); });
        QVERIFY(failure != lines.cend());
        QVERIFY2(failure->size() < 300, qPrintable(*failure));
        QVERIFY(!m_server.logs().contains("backtrace", Qt::CaseInsensitive));
        QVERIFY(QString::fromUtf8(RawHttp::get(m_server.port(), "/metrics").body)
                    .contains("switchboard_connections_rejected_total{reason=\"tls_handshake_failed\"} 1"));
    }

    void changedFilesAreReloadedWithoutDroppingConnections()
    {
        auto before = connectTls(m_server.port());
        QVERIFY(before);
        RawHttp beforeHttp(before.get());
        before->write("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n");
        QCOMPARE(beforeHttp.read().status, 200);

        QVERIFY(install(m_dir.path() + "/second", live()));
        QVERIFY(m_server.waitForLog("certificate reloaded", 10000));

        auto after = connectTls(m_server.port());
        QVERIFY(after);
        QCOMPARE(commonName(*after), QString("second.test"));

        // The connection made before the reload carries on, with the certificate it began with.
        before->write("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n");
        QCOMPARE(beforeHttp.read().status, 200);
        QCOMPARE(commonName(*before), QString("first.test"));
    }

    void brokenReplacementKeepsThePreviousCertificate()
    {
        QFile broken(live() + "/fullchain.pem.new");
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write("-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n");
        broken.close();
        QVERIFY(::rename(QFile::encodeName(broken.fileName()).constData(),
                         QFile::encodeName(live() + "/fullchain.pem").constData()) == 0);
        QVERIFY(m_server.waitForLog("keeping the previous one", 10000));
        auto socket = connectTls(m_server.port());
        QVERIFY(socket);
        QCOMPARE(commonName(*socket), QString("second.test"));
    }

    void certbotLayoutSendsLeafAndIntermediate()
    {
        TestCa ca(m_dir.path() + "/ca");
        QVERIFY(ca.create());
        QVERIFY(ca.issue(certbot() + "/archive/relay.test", 1, "relay.test", "relay.test"));
        QVERIFY(pointLiveAt(certbot(), "relay.test", 1));
        const QString live = certbot() + "/live/relay.test";
        QVERIFY(QFileInfo(live + "/fullchain.pem").isSymLink());
        m_root = certificateIn(ca.root());
        m_intermediate = certificateIn(ca.intermediate());
        QVERIFY(!m_root.isNull() && !m_intermediate.isNull());

        m_certbotServer.setArguments({"--tls-cert", live + "/fullchain.pem", "--tls-key", live + "/privkey.pem"});
        QVERIFY(m_certbotServer.start());

        QList<QSslError> errors;
        auto socket = connectVerified(m_certbotServer.port(), m_root, "relay.test", &errors);
        QVERIFY2(socket, qPrintable(errors.isEmpty() ? QString("no handshake") : errors.first().errorString()));
        QVERIFY(errors.isEmpty()); // the root alone verifies it: the intermediate came along
        const QList<QSslCertificate> chain = socket->peerCertificateChain();
        QCOMPARE(chain.size(), 2);
        QCOMPARE(chain.at(0), certificateIn(certbot() + "/archive/relay.test/cert1.pem"));
        QCOMPARE(chain.at(1), m_intermediate);
        QVERIFY(!chain.contains(m_root));

        socket->write("GET /health HTTP/1.1\r\nHost: relay.test\r\n\r\n");
        RawHttp http(socket.get());
        QCOMPARE(http.read().status, 200);
    }

    void certbotRenewalIsPickedUpWithoutDroppingConnections()
    {
        QVERIFY(m_certbotServer.isRunning());
        const quint16 port = m_certbotServer.port();
        const QSslCertificate first = certificateIn(certbot() + "/archive/relay.test/cert1.pem");
        QList<QSslError> errors;
        auto before = connectVerified(port, m_root, "relay.test", &errors);
        QVERIFY(before);
        RawHttp beforeHttp(before.get());
        before->write("GET /health HTTP/1.1\r\nHost: relay.test\r\n\r\n");
        QCOMPARE(beforeHttp.read().status, 200);

        // Renewal: new files in archive/ (new key too), then the live/ links re-pointed.
        TestCa ca(m_dir.path() + "/ca");
        QVERIFY(ca.issue(certbot() + "/archive/relay.test", 2, "relay.test", "relay.test"));
        const QSslCertificate second = certificateIn(certbot() + "/archive/relay.test/cert2.pem");
        QVERIFY(!second.isNull() && second != first);
        QVERIFY(pointLiveAt(certbot(), "relay.test", 2));

        // New handshakes get the renewed leaf, still with the intermediate behind it.
        QList<QSslCertificate> chain;
        QDeadlineTimer deadline(10000);
        while (!deadline.hasExpired()) {
            errors.clear();
            auto after = connectVerified(port, m_root, "relay.test", &errors);
            QVERIFY(after);
            chain = after->peerCertificateChain();
            if (!chain.isEmpty() && chain.first() == second)
                break;
            QVERIFY(!chain.isEmpty() && chain.first() == first); // the old pair until the reload
            QTest::qWait(50);
        }
        QVERIFY2(!chain.isEmpty() && chain.first() == second, qPrintable(m_certbotServer.logs()));
        QCOMPARE(chain.size(), 2);
        QCOMPARE(chain.at(1), m_intermediate);
        QVERIFY(errors.isEmpty());
        // The relay logs the reload as it serves the new pair; the line may still be on its way
        // through the pipe to this process.
        QVERIFY(m_certbotServer.waitForLog("certificate reloaded", 5000));

        // The connection made before the renewal carries on, with the certificate it began with.
        before->write("GET /health HTTP/1.1\r\nHost: relay.test\r\n\r\n");
        QCOMPARE(beforeHttp.read().status, 200);
        QCOMPARE(before->state(), QAbstractSocket::ConnectedState);
        QCOMPARE(before->peerCertificate(), first);

        // A second renewal: the links are watched anew after each reload.
        QVERIFY(ca.issue(certbot() + "/archive/relay.test", 3, "relay.test", "relay.test"));
        const QSslCertificate third = certificateIn(certbot() + "/archive/relay.test/cert3.pem");
        QVERIFY(pointLiveAt(certbot(), "relay.test", 3));
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                auto s = connectVerified(port, m_root, "relay.test", &errors);
                return s && s->peerCertificate() == third;
            }(),
            10000);
    }

    void startWithKeyOfAnotherCertificateFails()
    {
        ServerProcess server;
        server.setArguments({"--tls-cert", m_dir.path() + "/first/fullchain.pem", "--tls-key",
                             m_dir.path() + "/second/privkey.pem"});
        QVERIFY(!server.start(1, 5000));
        QCOMPARE(server.stop(SIGTERM, 5000), 2);
        QVERIFY(server.logs().contains("does not belong to the certificate"));
    }

    void startWithMissingCertificateFails()
    {
        ServerProcess server;
        server.setArguments({"--tls-cert", m_dir.path() + "/nope.pem", "--tls-key", m_dir.path() + "/nope.key"});
        QVERIFY(!server.start(1, 5000));
        QCOMPARE(server.stop(SIGTERM, 5000), 2);
        QVERIFY(server.logs().contains("cannot read certificate"));
    }
};

QTEST_GUILESS_MAIN(TestTls)
#include "tst_tls.moc"

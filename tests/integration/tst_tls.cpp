// TLS on the one port: certificates made at test time with the openssl command, HTTPS and WSS
// beside plain HTTP, a failed handshake logged in one line, reload when the files change.
#include "rawhttp.h"
#include "serverprocess.h"

#include <QDir>
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

} // namespace

class TestTls : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    ServerProcess m_server;
    QString live() const { return m_dir.path() + "/live"; }

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

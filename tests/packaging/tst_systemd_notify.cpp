// The server as systemd runs it (Type=notify, WatchdogSec, ExecReload=kill -HUP): the test plays
// the service manager with a unix datagram socket in NOTIFY_SOCKET, and checks READY=1, WATCHDOG=1
// pings, RELOADING=1/READY=1 around SIGHUP with the re-read INI file applied, and STOPPING=1.
#include "rawhttp.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSslCertificate>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace {

// The service manager's end: a bound datagram socket collecting every notification.
class NotifySocket
{
public:
    explicit NotifySocket(const QString &path) : m_path(path)
    {
        m_fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        const QByteArray bytes = QFile::encodeName(path);
        if (m_fd < 0 || size_t(bytes.size()) >= sizeof(address.sun_path))
            return;
        memcpy(address.sun_path, bytes.constData(), size_t(bytes.size()));
        m_bound = ::bind(m_fd, reinterpret_cast<sockaddr *>(&address), sizeof(address)) == 0;
    }
    ~NotifySocket()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    bool isBound() const { return m_bound; }

    // Reads datagrams until one contains `needle` as a whole line (or the deadline passes).
    // Everything read is kept in messages().
    bool waitFor(const QByteArray &needle, int timeoutMs)
    {
        QDeadlineTimer deadline(timeoutMs);
        for (;;) {
            for (int i = m_checked; i < m_messages.size(); ++i) {
                m_checked = i + 1;
                if (m_messages.at(i).split('\n').contains(needle))
                    return true;
            }
            const int left = int(deadline.remainingTime());
            if (left <= 0)
                return false;
            pollfd p{m_fd, POLLIN, 0};
            if (::poll(&p, 1, left) <= 0)
                continue;
            char buffer[4096];
            const ssize_t n = ::recv(m_fd, buffer, sizeof buffer, 0);
            if (n > 0)
                m_messages << QByteArray(buffer, int(n));
        }
    }
    const QList<QByteArray> &messages() const { return m_messages; }
    int count(const QByteArray &line) const
    {
        int n = 0;
        for (const QByteArray &m : m_messages)
            n += m.split('\n').count(line);
        return n;
    }

private:
    QString m_path;
    int m_fd = -1;
    bool m_bound = false;
    QList<QByteArray> m_messages;
    int m_checked = 0;
};

// A self-signed certificate made with the openssl command, as tests/integration/tst_tls.cpp does.
bool makeCertificate(const QString &directory, const QString &commonName)
{
    QDir().mkpath(directory);
    QProcess openssl;
    openssl.start(QStringLiteral("openssl"),
                  {"req", "-x509", "-nodes", "-days", "2", "-newkey", "ec", "-pkeyopt",
                   "ec_paramgen_curve:prime256v1", "-subj", "/CN=" + commonName, "-keyout",
                   directory + "/privkey.pem", "-out", directory + "/fullchain.pem"});
    return openssl.waitForFinished(30000) && openssl.exitCode() == 0;
}

// The common name the server presents on a new TLS connection, empty if none completes.
QString presentedName(quint16 port)
{
    QSslSocket socket;
    socket.setPeerVerifyMode(QSslSocket::VerifyNone); // self-signed test certificates
    socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), port);
    if (!socket.waitForEncrypted(5000))
        return {};
    return socket.peerCertificate().subjectInfo(QSslCertificate::CommonName).join(',');
}

void writeIni(const QString &path, const QByteArray &text)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(text);
}

} // namespace

class TstSystemdNotify : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void readyAndWatchdog();
    void reloadAppliesTheIniFile();
    void brokenReloadKeepsRunning();
    void reloadSwapsCertificatePaths();

private:
    bool startServer();
    // Waits for `needle` in the log after position `from`.
    bool waitForLog(const QString &needle, int timeoutMs = 10000, qsizetype from = 0);
    void hangUp() { ::kill(pid_t(m_server->processId()), SIGHUP); }

    QTemporaryDir *m_dir = nullptr;
    NotifySocket *m_notify = nullptr;
    QProcess *m_server = nullptr;
    QString m_ini;
    QString m_logs;
    quint16 m_port = 0;
};

void TstSystemdNotify::init()
{
    m_dir = new QTemporaryDir;
    QVERIFY(m_dir->isValid());
    m_notify = new NotifySocket(m_dir->filePath(QStringLiteral("notify")));
    QVERIFY(m_notify->isBound());
    m_ini = m_dir->filePath(QStringLiteral("server.ini"));
    m_logs.clear();
    m_port = 0;
}

void TstSystemdNotify::cleanup()
{
    if (m_server) {
        if (m_server->state() != QProcess::NotRunning) {
            m_server->kill();
            m_server->waitForFinished(5000);
        }
        if (QTest::currentTestFailed())
            qWarning().noquote() << "server log:\n" << m_logs + QString::fromUtf8(m_server->readAll());
    }
    delete m_server;
    m_server = nullptr;
    delete m_notify;
    m_notify = nullptr;
    delete m_dir;
    m_dir = nullptr;
}

bool TstSystemdNotify::startServer()
{
    m_server = new QProcess;
    m_server->setProcessChannelMode(QProcess::MergedChannels);
    QProcessEnvironment env;
    env.insert(QStringLiteral("PATH"), qEnvironmentVariable("PATH"));
    env.insert(QStringLiteral("HOME"), m_dir->path());
    env.insert(QStringLiteral("NOTIFY_SOCKET"), m_dir->filePath(QStringLiteral("notify")));
    // 400 ms: the server pings every 200 ms, so a few arrive within a second.
    env.insert(QStringLiteral("WATCHDOG_USEC"), QStringLiteral("400000"));
    m_server->setProcessEnvironment(env);
    m_server->start(QStringLiteral(SWITCHBOARD_SERVER_BINARY),
                    {QStringLiteral("--host"), QStringLiteral("127.0.0.1"), QStringLiteral("--port"),
                     QStringLiteral("0"), QStringLiteral("--data-dir"), m_dir->filePath(QStringLiteral("data")),
                     QStringLiteral("--secret-store"), QStringLiteral("file"), QStringLiteral("--config"), m_ini});
    if (!waitForLog(QStringLiteral("share URLs use")))
        return false;
    const QRegularExpressionMatch match =
        QRegularExpression(QStringLiteral("listening on [^ ]+:(\\d+) ")).match(m_logs);
    m_port = quint16(match.captured(1).toUInt());
    return m_port != 0;
}

bool TstSystemdNotify::waitForLog(const QString &needle, int timeoutMs, qsizetype from)
{
    QDeadlineTimer deadline(timeoutMs);
    for (;;) {
        m_logs += QString::fromUtf8(m_server->readAll());
        if (m_logs.indexOf(needle, from) >= 0)
            return true;
        if (deadline.hasExpired() || m_server->state() == QProcess::NotRunning)
            return false;
        m_server->waitForReadyRead(50);
    }
}

void TstSystemdNotify::readyAndWatchdog()
{
    writeIni(m_ini, "[server]\nlog_level=info\n");
    QVERIFY(startServer());
    QVERIFY(m_notify->waitFor("READY=1", 5000));
    const bool statusSaysListening = std::any_of(
        m_notify->messages().cbegin(), m_notify->messages().cend(), [this](const QByteArray &m) {
            return m.contains("READY=1") && m.contains("STATUS=listening on 127.0.0.1 port " + QByteArray::number(m_port));
        });
    QVERIFY2(statusSaysListening, m_notify->messages().join(" | ").constData());
    // Pings keep coming from the running event loop: wait for three.
    QDeadlineTimer deadline(5000);
    while (m_notify->count("WATCHDOG=1") < 3 && !deadline.hasExpired())
        m_notify->waitFor("no such line", 100);
    QCOMPARE_GE(m_notify->count("WATCHDOG=1"), 3);

    ::kill(pid_t(m_server->processId()), SIGTERM);
    QVERIFY(m_notify->waitFor("STOPPING=1", 5000));
    QVERIFY(m_server->waitForFinished(10000));
    QCOMPARE(m_server->exitCode(), 0);
}

void TstSystemdNotify::reloadAppliesTheIniFile()
{
    writeIni(m_ini, "[server]\nlog_level=info\n");
    QVERIFY(startServer());
    QVERIFY(m_notify->waitFor("READY=1", 5000));

    // Before the reload two connections from one address are fine.
    QTcpSocket first;
    first.connectToHost(QHostAddress::LocalHost, m_port);
    QVERIFY(first.waitForConnected(5000));
    QCOMPARE(RawHttp::get(m_port, "/health").status, 200);

    // One connection per address; the domain changes too, which needs a restart.
    writeIni(m_ini, "[server]\nlog_level=info\ndomain=relay.example.org\n[limits]\nmax_connections_per_ip=1\n");
    hangUp();
    QVERIFY(m_notify->waitFor("RELOADING=1", 5000));
    QVERIFY(m_notify->waitFor("READY=1", 5000));
    QVERIFY(waitForLog(QStringLiteral("reload: applied limits/max_connections_per_ip")));
    QVERIFY(waitForLog(QStringLiteral("only a restart applies them: server/domain")));
    const QByteArray last = m_notify->messages().last();
    QVERIFY2(last.contains("STATUS=listening on 127.0.0.1 port " + QByteArray::number(m_port)
                           + "; restart to apply server/domain"),
             last.constData());

    // Still on the old port; the first connection holds the address's one slot.
    QCOMPARE(RawHttp::get(m_port, "/health").status, 0);
    QVERIFY(waitForLog(QStringLiteral("this address holds its maximum of connections")));
    first.disconnectFromHost();
    // Once it is released (the server sees the close), a request gets through again.
    QDeadlineTimer deadline(5000);
    int status = 0;
    while (status != 200 && !deadline.hasExpired())
        status = RawHttp::get(m_port, "/health").status;
    QCOMPARE(status, 200);

    // The log level applies live as well: at warning, info lines stop (the "applied" line
    // itself is logged at info, after the new level took effect).
    qsizetype before = m_logs.size();
    writeIni(m_ini, "[server]\nlog_level=warning\ndomain=relay.example.org\n[limits]\nmax_connections_per_ip=1\n");
    hangUp();
    QVERIFY(m_notify->waitFor("RELOADING=1", 5000));
    QVERIFY(m_notify->waitFor("READY=1", 5000));
    QVERIFY(waitForLog(QStringLiteral("only a restart applies them: server/domain"), 5000, before));
    QVERIFY(!m_logs.mid(before).contains(QStringLiteral("reload: applied")));
    before = m_logs.size();
    hangUp();
    QVERIFY(m_notify->waitFor("RELOADING=1", 5000));
    QVERIFY(m_notify->waitFor("READY=1", 5000));
    QVERIFY(waitForLog(QStringLiteral("only a restart applies them: server/domain"), 5000, before));
    QVERIFY(!m_logs.mid(before).contains(QStringLiteral("reloading the configuration")));
}

void TstSystemdNotify::brokenReloadKeepsRunning()
{
    writeIni(m_ini, "[limits]\nmax_connections_per_ip=100\n");
    QVERIFY(startServer());
    QVERIFY(m_notify->waitFor("READY=1", 5000));
    writeIni(m_ini, "[limits]\nmax_connections_per_ip=many\n");
    hangUp();
    QVERIFY(m_notify->waitFor("RELOADING=1", 5000));
    QVERIFY(m_notify->waitFor("READY=1", 5000));
    QVERIFY(waitForLog(QStringLiteral("reload: keeping the running settings")));
    QVERIFY(m_notify->messages().last().contains("STATUS=reload failed: max_connections_per_ip"));
    QCOMPARE(RawHttp::get(m_port, "/health").status, 200);
}

void TstSystemdNotify::reloadSwapsCertificatePaths()
{
    const QString first = m_dir->filePath(QStringLiteral("first"));
    const QString second = m_dir->filePath(QStringLiteral("second"));
    QVERIFY(makeCertificate(first, QStringLiteral("first.test")));
    QVERIFY(makeCertificate(second, QStringLiteral("second.test")));
    const auto tlsIni = [](const QString &dir) {
        return QStringLiteral("[tls]\ncertificate=%1/fullchain.pem\nkey=%1/privkey.pem\n").arg(dir).toUtf8();
    };
    writeIni(m_ini, tlsIni(first));
    QVERIFY(startServer());
    QVERIFY(m_notify->waitFor("READY=1", 5000));
    QCOMPARE(presentedName(m_port), QStringLiteral("first.test"));

    // Other paths (certbot's for another name): new connections get the new certificate.
    writeIni(m_ini, tlsIni(second));
    hangUp();
    QVERIFY(m_notify->waitFor("RELOADING=1", 5000));
    QVERIFY(m_notify->waitFor("READY=1", 5000));
    QVERIFY(waitForLog(QStringLiteral("reload: applied tls/certificate, tls/key")));
    QCOMPARE(presentedName(m_port), QStringLiteral("second.test"));

    // Paths to nothing: refused, the second certificate stays, and the status says so.
    writeIni(m_ini, tlsIni(m_dir->filePath(QStringLiteral("missing"))));
    hangUp();
    QVERIFY(m_notify->waitFor("RELOADING=1", 5000));
    QVERIFY(m_notify->waitFor("READY=1", 5000));
    QVERIFY(waitForLog(QStringLiteral("keeping the previous certificate")));
    QVERIFY2(m_notify->messages().last().contains("STATUS=reload failed: tls: "),
             m_notify->messages().last().constData());
    QCOMPARE(presentedName(m_port), QStringLiteral("second.test"));
}

QTEST_GUILESS_MAIN(TstSystemdNotify)
#include "tst_systemd_notify.moc"

#include "serverprocess.h"

#include <QDeadlineTimer>
#include <QRegularExpression>
#include <QTest>

#include <csignal>

ServerProcess::ServerProcess()
{
    const QProcessEnvironment system = QProcessEnvironment::systemEnvironment();
    for (const char *keep : {"PATH", "HOME", "LANG", "TMPDIR", "XDG_RUNTIME_DIR"}) {
        if (system.contains(QString::fromLatin1(keep)))
            m_environment.insert(QString::fromLatin1(keep), system.value(QString::fromLatin1(keep)));
    }
    m_process.setProcessChannelMode(QProcess::MergedChannels);
}

ServerProcess::~ServerProcess()
{
    if (isRunning()) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

QString ServerProcess::binary()
{
    return QStringLiteral(SWITCHBOARD_SERVER_BINARY);
}

bool ServerProcess::start(int expectedListeners, int timeoutMs)
{
    m_process.setProcessEnvironment(m_environment);
    QStringList args{QStringLiteral("--host"), QStringLiteral("127.0.0.1"), QStringLiteral("--port"),
                     QStringLiteral("0"), QStringLiteral("--data-dir"), m_dataDir.path()};
    m_process.start(binary(), args + m_arguments);
    if (!m_process.waitForStarted(timeoutMs))
        return false;
    static const QRegularExpression listening(QStringLiteral("listening on [^ ]+:(\\d+) "));
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired() && isRunning()) {
        m_process.waitForReadyRead(100);
        logs();
        m_ports.clear();
        auto it = listening.globalMatch(m_logs);
        while (it.hasNext())
            m_ports << quint16(it.next().captured(1).toUInt());
        if (m_ports.size() >= expectedListeners)
            return true;
    }
    qWarning().noquote() << "server did not start; logs:\n" << logs();
    return false;
}

QString ServerProcess::logs()
{
    m_logs += QString::fromUtf8(m_process.readAll());
    return m_logs;
}

bool ServerProcess::waitForLog(const QString &needle, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!logs().contains(needle)) {
        if (deadline.hasExpired() || !isRunning())
            return logs().contains(needle);
        m_process.waitForReadyRead(50);
        QCoreApplication::processEvents();
    }
    return true;
}

int ServerProcess::stop(int signal, int timeoutMs)
{
    if (!isRunning())
        return m_process.exitCode();
    ::kill(pid_t(m_process.processId()), signal);
    QDeadlineTimer deadline(timeoutMs);
    while (isRunning() && !deadline.hasExpired()) {
        m_process.waitForFinished(20);
        QCoreApplication::processEvents(); // let a test's client sockets see their close frames
    }
    logs();
    if (isRunning())
        return -1;
    return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
}

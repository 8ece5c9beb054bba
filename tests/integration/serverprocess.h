#pragma once
// Starts the built switchboard-server on an ephemeral loopback port for a test, reads the ports it
// reports, and stops it with a signal. Logs are kept for assertions and failure messages.
#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>
#include <QTemporaryDir>

class ServerProcess
{
public:
    ServerProcess();
    ~ServerProcess();

    // Arguments added to "--host 127.0.0.1 --port 0 --data-dir <temp>" (a later --port wins).
    void setArguments(const QStringList &arguments) { m_arguments = arguments; }
    // Environment variables on top of a clean environment (no PORT, HOST, DOMAIN, ... leak in).
    void setEnvironment(const QString &name, const QString &value) { m_environment.insert(name, value); }
    // Starts and waits until every listener has reported its port.
    bool start(int expectedListeners = 1, int timeoutMs = 15000);
    quint16 port() const { return m_ports.isEmpty() ? 0 : m_ports.first(); }
    QList<quint16> ports() const { return m_ports; }

    // Sends `signal` and waits for the exit; returns the exit code, or -1 if it did not exit.
    int stop(int signal, int timeoutMs);
    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }
    QString logs();
    // Waits until `needle` appears in the logs.
    bool waitForLog(const QString &needle, int timeoutMs = 10000);
    QString dataDir() const { return m_dataDir.path(); }

    static QString binary();

private:
    QProcess m_process;
    QProcessEnvironment m_environment;
    QStringList m_arguments;
    QTemporaryDir m_dataDir;
    QList<quint16> m_ports;
    QString m_logs;
};

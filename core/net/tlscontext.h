#pragma once
// The relay's certificate and key, loaded from PEM files and reloaded when they change on disk
// (certbot renews by writing new files and moving symlinks, so the directories are watched too).
// Connections already open keep the configuration they started with.
#include <QFileSystemWatcher>
#include <QObject>
#include <QSslConfiguration>
#include <QTimer>

class TlsContext : public QObject
{
    Q_OBJECT
public:
    TlsContext(QString certificatePath, QString keyPath, QObject *parent = nullptr);

    // Loads the files; on failure keeps the previous configuration and returns false.
    bool reload();
    bool isReady() const { return m_ready; }
    QString lastError() const { return m_lastError; }
    QSslConfiguration configuration() const { return m_configuration; }
    QString describe() const; // subject and expiry, for the log

    struct Loaded
    {
        QSslConfiguration configuration;
        QString error;
    };
    static Loaded load(const QString &certificatePath, const QString &keyPath);

signals:
    void reloaded();
    void reloadFailed(const QString &error);

private:
    void watch();
    QString m_certificatePath;
    QString m_keyPath;
    QSslConfiguration m_configuration;
    bool m_ready = false;
    QString m_lastError;
    QFileSystemWatcher m_watcher;
    QTimer m_debounce; // an editor or certbot writes several files; reload once they settle
};

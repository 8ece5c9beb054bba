#pragma once
// Turns SIGTERM, SIGINT and SIGHUP into a Qt signal on the main thread. A POSIX signal handler may
// do almost nothing, so it writes the signal number into a socket pair the event loop watches.
#include <QObject>

class QSocketNotifier;

class UnixSignalNotifier : public QObject
{
    Q_OBJECT
public:
    explicit UnixSignalNotifier(const QList<int> &signalNumbers, QObject *parent = nullptr);
    ~UnixSignalNotifier() override;

signals:
    void received(int signalNumber);

private:
    void readPipe();
    QSocketNotifier *m_notifier = nullptr;
};

#pragma once
// Catches every line the relay logs (Qt's message handler) for the Activity tab, and passes it on
// to the handler that was there before, so the terminal and journald still get it. Lines from
// other threads arrive through a queued signal.
#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>

struct LogLine
{
    QtMsgType type = QtInfoMsg;
    QDateTime time;
    QString category;
    QString message;
};
Q_DECLARE_METATYPE(LogLine)

class LogCapture : public QObject
{
    Q_OBJECT
public:
    static constexpr int kKeptLines = 2000;

    // Installs the handler; one capture at a time (the last one created wins), removed again
    // when it is destroyed.
    explicit LogCapture(QObject *parent = nullptr);
    ~LogCapture() override;

    QList<LogLine> lines() const { return m_lines; }

signals:
    void lineAdded(const LogLine &line);

private:
    static void handler(QtMsgType type, const QMessageLogContext &context, const QString &message);
    void append(const LogLine &line);
    QList<LogLine> m_lines;
    QtMessageHandler m_previous = nullptr;
};

#pragma once
// Bytes relayed per second over the last minute, for the graph. Bytes arrive in batches (from the
// sessions model); a one-second tick closes the current bucket.
#include <QList>
#include <QObject>
#include <QTimer>

class ThroughputHistory : public QObject
{
    Q_OBJECT
public:
    static constexpr int kSeconds = 60;
    explicit ThroughputHistory(QObject *parent = nullptr);

    // Oldest first, always kSeconds long (zeros before anything was relayed).
    QList<double> samples() const { return m_samples; }
    double peak() const;
    double latest() const { return m_samples.last(); }

public slots:
    void addBytes(quint64 bytes) { m_pending += bytes; }
    void tick(); // closes the current second; the timer calls it, tests may too
    void reset();

signals:
    void updated();

private:
    QList<double> m_samples;
    quint64 m_pending = 0;
    QTimer m_timer;
};

#include "throughputhistory.h"

#include <algorithm>

ThroughputHistory::ThroughputHistory(QObject *parent) : QObject(parent), m_samples(kSeconds, 0.0)
{
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &ThroughputHistory::tick);
    m_timer.start();
}

double ThroughputHistory::peak() const
{
    return *std::max_element(m_samples.cbegin(), m_samples.cend());
}

void ThroughputHistory::tick()
{
    m_samples.removeFirst();
    m_samples.append(double(m_pending));
    m_pending = 0;
    emit updated();
}

void ThroughputHistory::reset()
{
    m_samples = QList<double>(kSeconds, 0.0);
    m_pending = 0;
    emit updated();
}

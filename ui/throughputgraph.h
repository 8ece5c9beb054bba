#pragma once
// A small live graph of the last minute's throughput, painted by hand: a filled line on a faint
// grid, the current rate and the scale written in the corner. Follows the palette (light or dark).
#include <QPointer>
#include <QWidget>

class ThroughputHistory;

class ThroughputGraph : public QWidget
{
    Q_OBJECT
public:
    explicit ThroughputGraph(ThroughputHistory *history, QWidget *parent = nullptr);
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QPointer<ThroughputHistory> m_history;
};

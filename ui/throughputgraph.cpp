#include "throughputgraph.h"

#include "formatting.h"
#include "throughputhistory.h"

#include <QPainter>
#include <QPainterPath>
#include <cmath>

namespace {
// A "nice" top for the scale, 1, 2 or 5 times a power of ten in the unit the label is written in
// (KB, MB, GB of 1024), so it reads "5.0 MB/s" rather than "4.8 MB/s".
double niceCeiling(double value)
{
    double unit = 1;
    while (value >= unit * 1024)
        unit *= 1024;
    const double inUnit = std::max(1.0, value / unit);
    for (double step : {1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1000.0}) {
        if (inUnit <= step)
            return step * unit;
    }
    return 1024 * unit;
}
} // namespace

ThroughputGraph::ThroughputGraph(ThroughputHistory *history, QWidget *parent)
    : QWidget(parent), m_history(history)
{
    connect(history, &ThroughputHistory::updated, this, qOverload<>(&QWidget::update));
    setAttribute(Qt::WA_OpaquePaintEvent, false);
    setToolTip(tr("Bytes relayed per second over the last minute"));
}

QSize ThroughputGraph::sizeHint() const
{
    return {320, 72};
}

QSize ThroughputGraph::minimumSizeHint() const
{
    return {160, 56};
}

void ThroughputGraph::paintEvent(QPaintEvent *)
{
    if (!m_history)
        return;
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QRectF frame = QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5);
    const QPalette pal = palette();
    p.setPen(QPen(pal.color(QPalette::Mid), 1));
    p.setBrush(pal.color(QPalette::Base));
    p.drawRoundedRect(frame, 6, 6);

    const QRectF plot = frame.adjusted(8, 22, -8, -6);
    const QList<double> samples = m_history->samples();
    const double top = niceCeiling(m_history->peak());

    // Three faint grid lines at quarters of the scale.
    QColor grid = pal.color(QPalette::Text);
    grid.setAlphaF(0.08);
    p.setPen(QPen(grid, 1));
    for (int i = 1; i < 4; ++i) {
        const double y = plot.top() + plot.height() * i / 4.0;
        p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
    }

    QPainterPath line;
    const double dx = plot.width() / double(samples.size() - 1);
    for (int i = 0; i < samples.size(); ++i) {
        const QPointF point(plot.left() + i * dx, plot.bottom() - plot.height() * (samples.at(i) / top));
        if (i == 0)
            line.moveTo(point);
        else
            line.lineTo(point);
    }
    QPainterPath area = line;
    area.lineTo(plot.bottomRight());
    area.lineTo(plot.bottomLeft());
    area.closeSubpath();
    QColor accent = pal.color(QPalette::Highlight);
    QColor fill = accent;
    fill.setAlphaF(0.22);
    p.setPen(Qt::NoPen);
    p.setBrush(fill);
    p.drawPath(area);
    p.setPen(QPen(accent, 1.6));
    p.setBrush(Qt::NoBrush);
    p.drawPath(line);

    p.setPen(pal.color(QPalette::Text));
    const QRectF labels = frame.adjusted(8, 3, -8, 0);
    p.drawText(labels, Qt::AlignLeft | Qt::AlignTop,
               tr("Now: %1").arg(m_history->latest() >= 1 ? Formatting::rate(m_history->latest()) : tr("idle")));
    QColor muted = pal.color(QPalette::Text);
    muted.setAlphaF(0.6);
    p.setPen(muted);
    p.drawText(labels, Qt::AlignRight | Qt::AlignTop, tr("scale %1 · 60 s").arg(Formatting::rate(top)));
}

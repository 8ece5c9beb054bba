#pragma once
// The top of the window: whether the relay runs and where, with the two things people do most
// (copy the address, pause), and the throughput graph.
#include "relaycontroller.h"

#include <QWidget>

class QLabel;
class QPushButton;
class ThroughputHistory;

class StatusHeader : public QWidget
{
    Q_OBJECT
public:
    StatusHeader(RelayController *controller, ThroughputHistory *history, QWidget *parent = nullptr);
    QLabel *statusLabel() const { return m_status; }

signals:
    void copyShareUrlRequested();
    void pauseResumeRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    void refresh();
    RelayController *m_controller;
    QLabel *m_icon;
    QLabel *m_status;
    QLabel *m_detail;
    QPushButton *m_copy;
    QPushButton *m_pause;
};

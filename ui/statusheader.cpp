#include "statusheader.h"

#include "statusicons.h"
#include "throughputgraph.h"

#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

StatusHeader::StatusHeader(RelayController *controller, ThroughputHistory *history, QWidget *parent)
    : QWidget(parent),
      m_controller(controller),
      m_icon(new QLabel),
      m_status(new QLabel),
      m_detail(new QLabel),
      m_copy(new QPushButton),
      m_pause(new QPushButton)
{
    m_status->setObjectName(QStringLiteral("statusText"));
    QFont big = m_status->font();
    big.setPointSizeF(big.pointSizeF() * 1.25);
    big.setBold(true);
    m_status->setFont(big);
    m_detail->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_detail->setWordWrap(true);
    m_copy->setObjectName(QStringLiteral("copyShareUrlButton"));
    m_pause->setObjectName(QStringLiteral("pauseResumeButton"));

    auto *text = new QVBoxLayout;
    text->setSpacing(2);
    text->addWidget(m_status);
    text->addWidget(m_detail);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_copy);
    buttons->addWidget(m_pause);
    buttons->addStretch();
    text->addLayout(buttons);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(12);
    layout->addWidget(m_icon, 0, Qt::AlignTop);
    layout->addLayout(text, 1);
    layout->addWidget(new ThroughputGraph(history), 1);

    connect(m_copy, &QPushButton::clicked, this, &StatusHeader::copyShareUrlRequested);
    connect(m_pause, &QPushButton::clicked, this, &StatusHeader::pauseResumeRequested);
    connect(controller, &RelayController::stateChanged, this, &StatusHeader::refresh);
    connect(controller, &RelayController::relayChanged, this, &StatusHeader::refresh);
    refresh();
}

void StatusHeader::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        refresh();
    QWidget::changeEvent(event);
}

void StatusHeader::refresh()
{
    const auto state = m_controller->state();
    m_icon->setPixmap(StatusIcons::forState(state).pixmap(40, 40));
    m_copy->setText(tr("Copy share URL"));
    m_copy->setEnabled(state == RelayController::State::Running);
    m_pause->setText(state == RelayController::State::Running ? tr("Pause relaying") : tr("Resume relaying"));
    switch (state) {
    case RelayController::State::Running:
        m_status->setText(tr("Relaying"));
        m_detail->setText(tr("Devices reach this relay at <b>%1</b>").arg(m_controller->shareUrl().toHtmlEscaped()));
        break;
    case RelayController::State::Paused:
    case RelayController::State::Stopped:
        m_status->setText(tr("Paused"));
        m_detail->setText(tr("Nothing is relayed and the port is closed until you resume."));
        break;
    case RelayController::State::Problem:
        m_status->setText(tr("Not relaying"));
        m_detail->setText(m_controller->problem().toHtmlEscaped());
        break;
    }
}

#include "trayicon.h"

#include "statusicons.h"
#include "traymenu.h"

TrayIcon::TrayIcon(RelayController *controller, QObject *parent)
    : QObject(parent), m_controller(controller), m_menu(new TrayMenu)
{
    m_icon.setContextMenu(m_menu);
    connect(&m_icon, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick)
            emit activated();
    });
    connect(controller, &RelayController::stateChanged, this, &TrayIcon::refresh);
    connect(controller, &RelayController::relayChanged, this, &TrayIcon::refresh);
    connect(m_menu, &TrayMenu::retranslated, this, &TrayIcon::refresh);
    refresh();
}

TrayIcon::~TrayIcon()
{
    // QSystemTrayIcon does not own its menu.
    delete m_menu;
}

void TrayIcon::show()
{
    m_icon.show();
}

void TrayIcon::notify(const QString &title, const QString &message)
{
    m_icon.showMessage(title, message, StatusIcons::application(), 6000);
    emit notified(title, message);
}

void TrayIcon::refresh()
{
    const RelayController::State state = m_controller->state();
    m_icon.setIcon(StatusIcons::forState(state));
    m_menu->setRelaying(state == RelayController::State::Running);
    m_menu->copyShareUrlAction()->setEnabled(state == RelayController::State::Running);
    QString tip;
    switch (state) {
    case RelayController::State::Running:
        tip = tr("Switchboard is relaying at %1").arg(m_controller->shareUrl());
        break;
    case RelayController::State::Paused:
    case RelayController::State::Stopped:
        tip = tr("Switchboard is paused");
        break;
    case RelayController::State::Problem:
        tip = tr("Switchboard is not relaying: %1").arg(m_controller->problem());
        break;
    }
    m_icon.setToolTip(tip);
}

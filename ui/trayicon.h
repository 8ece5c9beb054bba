#pragma once
// The icon in the panel: shows the relay's state (running, paused, problem) and its address in
// the tooltip, opens the window on a left click and carries the menu.
#include "relaycontroller.h"

#include <QObject>
#include <QSystemTrayIcon>

class TrayMenu;

class TrayIcon : public QObject
{
    Q_OBJECT
public:
    explicit TrayIcon(RelayController *controller, QObject *parent = nullptr);
    ~TrayIcon() override;

    void show();
    bool isVisible() const { return m_icon.isVisible(); }
    TrayMenu *menu() const { return m_menu; }
    QSystemTrayIcon *systemTrayIcon() { return &m_icon; }
    void notify(const QString &title, const QString &message);

signals:
    void activated(); // left click: open the window
    void notified(const QString &title, const QString &message); // for tests

private:
    void refresh();
    RelayController *m_controller;
    TrayMenu *m_menu;
    QSystemTrayIcon m_icon;
};

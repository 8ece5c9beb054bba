#pragma once
// The window: the relay's state and address at the top with the live graph, then tabs for
// Sessions, Pairing, Devices and Activity. Closing it leaves the relay running in the tray (or
// quits when there is no tray to come back from). Size, position and tab are remembered.
#include "relaycontroller.h"

#include <QMainWindow>

class ActivityPage;
class DevicesPage;
class LogCapture;
class NoticeBanner;
class PairingPage;
class QTabWidget;
class SessionsModel;
class SessionsPage;
class StatusHeader;
class ThroughputHistory;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    enum Tab { SessionsTab, PairingTab, DevicesTab, ActivityTab };
    MainWindow(RelayController *controller, LogCapture *log, QWidget *parent = nullptr);

    // Without a tray the window is the app: closing it quits.
    void setCloseQuits(bool quits) { m_closeQuits = quits; }
    void showTab(Tab tab);
    void showNoTrayNotice(const QString &why);
    // Size, position and tab, for the next start (also called on quit, which closes no window).
    void saveState();

    NoticeBanner *banner() const { return m_banner; }
    SessionsModel *sessionsModel() const { return m_sessionsModel; }
    SessionsPage *sessionsPage() const { return m_sessionsPage; }
    PairingPage *pairingPage() const { return m_pairingPage; }
    DevicesPage *devicesPage() const { return m_devicesPage; }
    ActivityPage *activityPage() const { return m_activityPage; }
    QTabWidget *tabs() const { return m_tabs; }
    ThroughputHistory *throughput() const { return m_throughput; }

signals:
    void settingsRequested();
    void copyShareUrlRequested();
    void pauseResumeRequested();
    void quitRequested();

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void buildMenus();
    void retranslate();
    void relayChanged();
    void restoreState();

    RelayController *m_controller;
    NoticeBanner *m_banner;
    QString m_noTrayReason;
    StatusHeader *m_header;
    QTabWidget *m_tabs;
    SessionsModel *m_sessionsModel;
    ThroughputHistory *m_throughput;
    SessionsPage *m_sessionsPage;
    PairingPage *m_pairingPage;
    DevicesPage *m_devicesPage;
    ActivityPage *m_activityPage;
    QMenu *m_relayMenu = nullptr;
    QMenu *m_viewMenu = nullptr;
    QAction *m_settingsAction = nullptr;
    QAction *m_copyAction = nullptr;
    QAction *m_pauseAction = nullptr;
    QAction *m_newCodeAction = nullptr;
    QAction *m_closeAction = nullptr;
    QAction *m_quitAction = nullptr;
    QAction *m_findAction = nullptr;
    QList<QAction *> m_tabActions;
    bool m_closeQuits = false;
};

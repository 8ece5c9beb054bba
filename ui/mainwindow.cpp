#include "mainwindow.h"

#include "activitypage.h"
#include "devicespage.h"
#include "noticebanner.h"
#include "pairingpage.h"
#include "relay.h"
#include "sessionsmodel.h"
#include "sessionspage.h"
#include "statusheader.h"
#include "statusicons.h"
#include "throughputhistory.h"

#include <QAction>
#include <QCloseEvent>
#include <QLineEdit>
#include <QMenuBar>
#include <QSettings>
#include <QTabWidget>
#include <QVBoxLayout>

MainWindow::MainWindow(RelayController *controller, LogCapture *log, QWidget *parent)
    : QMainWindow(parent),
      m_controller(controller),
      m_banner(new NoticeBanner),
      m_tabs(new QTabWidget),
      m_sessionsModel(new SessionsModel(this)),
      m_throughput(new ThroughputHistory(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(StatusIcons::application());
    m_header = new StatusHeader(controller, m_throughput);
    m_sessionsPage = new SessionsPage(m_sessionsModel);
    m_pairingPage = new PairingPage;
    m_devicesPage = new DevicesPage;
    m_activityPage = new ActivityPage(log);
    m_tabs->addTab(m_sessionsPage, QString());
    m_tabs->addTab(m_pairingPage, QString());
    m_tabs->addTab(m_devicesPage, QString());
    m_tabs->addTab(m_activityPage, QString());
    m_tabs->setDocumentMode(true);
    connect(m_sessionsModel, &SessionsModel::bytesRelayed, m_throughput, &ThroughputHistory::addBytes);
    connect(m_devicesPage, &DevicesPage::pairRequested, this, [this] {
        showTab(PairingTab);
        m_pairingPage->showCode();
    });

    auto *central = new QWidget;
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(14, 12, 14, 12);
    layout->setSpacing(10);
    layout->addWidget(m_banner);
    layout->addWidget(m_header);
    layout->addWidget(m_tabs, 1);
    setCentralWidget(central);

    connect(m_header, &StatusHeader::copyShareUrlRequested, this, &MainWindow::copyShareUrlRequested);
    connect(m_header, &StatusHeader::pauseResumeRequested, this, &MainWindow::pauseResumeRequested);
    connect(controller, &RelayController::relayChanged, this, &MainWindow::relayChanged);
    connect(controller, &RelayController::stateChanged, this, &MainWindow::retranslate);
    connect(m_banner, &NoticeBanner::actionTriggered, this, [this] {
        if (m_controller->state() == RelayController::State::Problem)
            emit settingsRequested();
    });
    buildMenus();
    retranslate();
    relayChanged();
    restoreState();
}

void MainWindow::buildMenus()
{
    m_relayMenu = menuBar()->addMenu(QString());
    m_settingsAction = m_relayMenu->addAction(QString(), this, &MainWindow::settingsRequested);
    m_settingsAction->setShortcut(QKeySequence::Preferences);
    if (m_settingsAction->shortcut().isEmpty()) // not every platform has a Preferences key
        m_settingsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    m_settingsAction->setMenuRole(QAction::PreferencesRole);
    m_relayMenu->addSeparator();
    m_copyAction = m_relayMenu->addAction(QString(), this, &MainWindow::copyShareUrlRequested);
    m_copyAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    m_pauseAction = m_relayMenu->addAction(QString(), this, &MainWindow::pauseResumeRequested);
    m_pauseAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
    m_newCodeAction = m_relayMenu->addAction(QString(), this, [this] {
        showTab(PairingTab);
        m_pairingPage->issueNewCode();
    });
    m_newCodeAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    m_relayMenu->addSeparator();
    m_closeAction = m_relayMenu->addAction(QString(), this, &QWidget::close);
    m_closeAction->setShortcut(QKeySequence::Close);
    m_quitAction = m_relayMenu->addAction(QString(), this, &MainWindow::quitRequested);
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);

    m_viewMenu = menuBar()->addMenu(QString());
    for (int i = 0; i < m_tabs->count(); ++i) {
        QAction *action = m_viewMenu->addAction(QString(), this, [this, i] { showTab(Tab(i)); });
        action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
        m_tabActions << action;
    }
    m_viewMenu->addSeparator();
    m_findAction = m_viewMenu->addAction(QString(), this, [this] {
        showTab(SessionsTab);
        m_sessionsPage->filterBox()->setFocus(Qt::ShortcutFocusReason);
        m_sessionsPage->filterBox()->selectAll();
    });
    m_findAction->setShortcut(QKeySequence::Find);
}

void MainWindow::retranslate()
{
    setWindowTitle(tr("Switchboard"));
    m_tabs->setTabText(SessionsTab, tr("&Sessions"));
    m_tabs->setTabText(PairingTab, tr("&Pairing"));
    m_tabs->setTabText(DevicesTab, tr("&Devices"));
    m_tabs->setTabText(ActivityTab, tr("&Activity"));
    m_relayMenu->setTitle(tr("&Relay"));
    m_settingsAction->setText(tr("&Settings…"));
    m_copyAction->setText(tr("&Copy share URL"));
    const bool running = m_controller->state() == RelayController::State::Running;
    m_pauseAction->setText(running ? tr("&Pause relaying") : tr("&Resume relaying"));
    m_copyAction->setEnabled(running);
    m_newCodeAction->setText(tr("&New pairing code"));
    m_newCodeAction->setEnabled(running);
    m_closeAction->setText(tr("C&lose window"));
    m_quitAction->setText(tr("&Quit Switchboard"));
    m_viewMenu->setTitle(tr("&View"));
    const QStringList names{tr("Sessions"), tr("Pairing"), tr("Devices"), tr("Activity")};
    for (int i = 0; i < m_tabActions.size(); ++i)
        m_tabActions.at(i)->setText(names.at(i));
    m_findAction->setText(tr("&Filter sessions"));

    // The banner says what is wrong; a relay problem outranks the missing tray.
    if (m_controller->state() == RelayController::State::Problem)
        m_banner->showNotice(NoticeBanner::Kind::Warning,
                             tr("Switchboard is not relaying: %1").arg(m_controller->problem()),
                             tr("Open settings"));
    else if (!m_noTrayReason.isEmpty())
        m_banner->showNotice(NoticeBanner::Kind::Info, m_noTrayReason);
    else
        m_banner->hide();
}

void MainWindow::showNoTrayNotice(const QString &why)
{
    m_noTrayReason = why;
    retranslate();
}

void MainWindow::relayChanged()
{
    Relay *relay = m_controller->relay();
    m_sessionsModel->setRelay(relay);
    m_sessionsPage->setRelay(relay);
    m_pairingPage->setPairing(relay ? relay->phonePairing() : nullptr);
    m_devicesPage->setRegistry(relay ? relay->devices() : nullptr);
    if (!relay)
        m_throughput->reset();
}

void MainWindow::showTab(Tab tab)
{
    m_tabs->setCurrentIndex(tab);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveState();
    if (m_closeQuits) {
        event->ignore();
        emit quitRequested();
        return;
    }
    QMainWindow::closeEvent(event);
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QMainWindow::changeEvent(event);
}

void MainWindow::restoreState()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(920, 620);
    m_tabs->setCurrentIndex(settings.value(QStringLiteral("window/tab"), 0).toInt());
}

void MainWindow::saveState()
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/tab"), m_tabs->currentIndex());
}

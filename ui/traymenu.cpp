#include "traymenu.h"

#include <QEvent>

TrayMenu::TrayMenu(QWidget *parent)
    : QMenu(parent),
      m_copyShareUrl(addAction(QString())),
      m_showPairingCode(addAction(QString())),
      m_openWindow(addAction(QString()))
{
    addSeparator();
    m_pauseResume = addAction(QString());
    m_startAtLogin = addAction(QString());
    m_startAtLogin->setCheckable(true);
    addSeparator();
    m_quit = addAction(QString());
    m_copyShareUrl->setObjectName(QStringLiteral("copyShareUrl"));
    m_showPairingCode->setObjectName(QStringLiteral("showPairingCode"));
    m_openWindow->setObjectName(QStringLiteral("openWindow"));
    m_pauseResume->setObjectName(QStringLiteral("pauseResume"));
    m_startAtLogin->setObjectName(QStringLiteral("startAtLogin"));
    m_quit->setObjectName(QStringLiteral("quit"));
    // The window is what most people want from the menu; bold marks the default item.
    QFont bold = m_openWindow->font();
    bold.setBold(true);
    m_openWindow->setFont(bold);
    retranslate();
}

void TrayMenu::setRelaying(bool relaying)
{
    m_relaying = relaying;
    retranslate();
}

void TrayMenu::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
        emit retranslated();
    }
    QMenu::changeEvent(event);
}

void TrayMenu::retranslate()
{
    m_copyShareUrl->setText(tr("Copy share URL"));
    m_showPairingCode->setText(tr("Show pairing code…"));
    m_openWindow->setText(tr("Open Switchboard"));
    m_pauseResume->setText(m_relaying ? tr("Pause relaying") : tr("Resume relaying"));
    m_startAtLogin->setText(tr("Start at login"));
    m_quit->setText(tr("Quit Switchboard"));
}

#pragma once
// The tray icon's menu. Its own widget so it can retranslate itself when the language changes
// while the app runs (only widgets receive QEvent::LanguageChange).
#include <QMenu>

class QAction;

class TrayMenu : public QMenu
{
    Q_OBJECT
public:
    explicit TrayMenu(QWidget *parent = nullptr);

    QAction *copyShareUrlAction() const { return m_copyShareUrl; }
    QAction *showPairingCodeAction() const { return m_showPairingCode; }
    QAction *openWindowAction() const { return m_openWindow; }
    QAction *pauseResumeAction() const { return m_pauseResume; }
    QAction *startAtLoginAction() const { return m_startAtLogin; }
    QAction *quitAction() const { return m_quit; }

    // The pause/resume item names what it will do, so it follows the relay's state.
    void setRelaying(bool relaying);

signals:
    // The language changed; the icon's tooltip follows.
    void retranslated();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    QAction *m_copyShareUrl;
    QAction *m_showPairingCode;
    QAction *m_openWindow;
    QAction *m_pauseResume;
    QAction *m_startAtLogin;
    QAction *m_quit;
    bool m_relaying = true;
};

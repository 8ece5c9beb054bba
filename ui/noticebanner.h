#pragma once
// A strip across the top of the window for something the user should know (no system tray, the
// relay is not running): a message and, optionally, one button that does something about it.
#include <QFrame>

class QLabel;
class QPushButton;

class NoticeBanner : public QFrame
{
    Q_OBJECT
public:
    enum class Kind { Info, Warning };
    explicit NoticeBanner(QWidget *parent = nullptr);

    void showNotice(Kind kind, const QString &text, const QString &actionText = QString());
    QString text() const;
    QPushButton *actionButton() const { return m_action; }

signals:
    void actionTriggered();

private:
    QLabel *m_text;
    QPushButton *m_action;
};

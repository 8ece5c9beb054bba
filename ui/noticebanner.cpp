#include "noticebanner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

NoticeBanner::NoticeBanner(QWidget *parent)
    : QFrame(parent), m_text(new QLabel), m_action(new QPushButton)
{
    setObjectName(QStringLiteral("noticeBanner"));
    setFrameShape(QFrame::StyledPanel);
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_text->setObjectName(QStringLiteral("noticeText"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(12, 8, 8, 8);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_action);
    connect(m_action, &QPushButton::clicked, this, &NoticeBanner::actionTriggered);
    hide();
}

void NoticeBanner::showNotice(Kind kind, const QString &text, const QString &actionText)
{
    // Soft tints with a firm border read on light and dark themes alike.
    const char *style = kind == Kind::Warning
                            ? "#noticeBanner { background: rgba(230, 160, 40, 0.18); border: 1px solid rgba(200, 120, 0, 0.7); border-radius: 6px; }"
                            : "#noticeBanner { background: rgba(60, 130, 230, 0.14); border: 1px solid rgba(60, 130, 230, 0.6); border-radius: 6px; }";
    setStyleSheet(QString::fromLatin1(style));
    m_text->setText(text);
    m_action->setText(actionText);
    m_action->setVisible(!actionText.isEmpty());
    show();
}

QString NoticeBanner::text() const
{
    return m_text->text();
}

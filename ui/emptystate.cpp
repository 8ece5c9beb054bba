#include "emptystate.h"

#include <QLabel>
#include <QVBoxLayout>

EmptyState::EmptyState(QWidget *content, QWidget *parent)
    : QStackedWidget(parent), m_content(content), m_title(new QLabel), m_detail(new QLabel)
{
    auto *placeholder = new QWidget;
    auto *layout = new QVBoxLayout(placeholder);
    layout->addStretch(2);
    layout->addWidget(m_title);
    layout->addSpacing(6);
    layout->addWidget(m_detail);
    layout->addStretch(3);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    for (QLabel *label : {m_title, m_detail}) {
        label->setAlignment(Qt::AlignCenter);
        label->setWordWrap(true);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    }
    m_detail->setForegroundRole(QPalette::PlaceholderText);
    m_title->setObjectName(QStringLiteral("emptyTitle"));
    addWidget(content);
    addWidget(placeholder);
}

void EmptyState::setMessage(const QString &title, const QString &detail)
{
    m_title->setText(title);
    m_detail->setText(detail);
}

void EmptyState::setEmpty(bool empty)
{
    setCurrentIndex(empty ? 1 : 0);
}

#include "activitypage.h"

#include "activityfilter.h"
#include "activitymodel.h"
#include "emptystate.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QScrollBar>
#include <QTableView>
#include <QVBoxLayout>

ActivityPage::ActivityPage(LogCapture *capture, QWidget *parent)
    : QWidget(parent),
      m_model(new ActivityModel(capture, this)),
      m_filter(new ActivityFilter(this)),
      m_level(new QComboBox),
      m_search(new QLineEdit),
      m_view(new QTableView),
      m_empty(new EmptyState(m_view))
{
    m_filter->setSourceModel(m_model);
    m_filter->setFilterKeyColumn(-1);
    m_filter->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_view->setModel(m_filter);
    m_view->setObjectName(QStringLiteral("activityView"));
    m_view->verticalHeader()->hide();
    m_view->setShowGrid(false);
    m_view->setAlternatingRowColors(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setSectionResizeMode(ActivityModel::MessageColumn, QHeaderView::Stretch);

    m_level->setObjectName(QStringLiteral("levelFilter"));
    m_search->setClearButtonEnabled(true);
    auto *bar = new QHBoxLayout;
    auto *levelLabel = new QLabel;
    levelLabel->setObjectName(QStringLiteral("levelLabel"));
    levelLabel->setBuddy(m_level);
    bar->addWidget(levelLabel);
    bar->addWidget(m_level);
    bar->addSpacing(12);
    bar->addWidget(m_search, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_empty, 1);

    connect(m_level, &QComboBox::currentIndexChanged, this, [this](int i) {
        m_filter->setMinimumLevel(m_level->itemData(i).toInt());
        updateEmpty();
    });
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_filter->setFilterFixedString(text);
        updateEmpty();
    });
    // Follow new lines only while the user is at the bottom, so reading older ones is possible.
    connect(m_filter, &QAbstractItemModel::rowsAboutToBeInserted, this, [this] {
        QScrollBar *bar = m_view->verticalScrollBar();
        m_view->setProperty("follow", bar->value() == bar->maximum());
    });
    connect(m_filter, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_view->property("follow").toBool())
            m_view->scrollToBottom();
        updateEmpty();
    });
    retranslate();
    m_level->setCurrentIndex(1);
    updateEmpty();
}

void ActivityPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void ActivityPage::retranslate()
{
    const int current = m_level->currentIndex();
    const QSignalBlocker block(m_level);
    m_level->clear();
    m_level->addItem(tr("Everything"), 0);
    m_level->addItem(tr("Info and above"), 1);
    m_level->addItem(tr("Warnings and errors"), 2);
    m_level->addItem(tr("Errors only"), 3);
    m_level->setCurrentIndex(current < 0 ? 1 : current);
    findChild<QLabel *>(QStringLiteral("levelLabel"))->setText(tr("&Show:"));
    m_search->setPlaceholderText(tr("Search the log"));
    m_empty->setMessage(tr("Nothing to show"),
                        tr("What the relay logs appears here: connections, sessions and problems."));
}

void ActivityPage::updateEmpty()
{
    m_empty->setEmpty(m_filter->rowCount() == 0);
}

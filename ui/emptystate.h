#pragma once
// A view and, in its place while it has nothing to show, a short explanation of why and what
// would fill it. Each tab uses one so no tab ever shows a bare empty grid.
#include <QStackedWidget>

class QLabel;

class EmptyState : public QStackedWidget
{
    Q_OBJECT
public:
    EmptyState(QWidget *content, QWidget *parent = nullptr);
    void setMessage(const QString &title, const QString &detail);
    void setEmpty(bool empty);
    bool isShowingEmpty() const { return currentIndex() == 1; }

private:
    QWidget *m_content;
    QLabel *m_title;
    QLabel *m_detail;
};

#pragma once
// The Activity tab: what the relay logged, with a level filter and a search box.
#include <QWidget>

class ActivityFilter;
class ActivityModel;
class EmptyState;
class LogCapture;
class QComboBox;
class QLineEdit;
class QTableView;

class ActivityPage : public QWidget
{
    Q_OBJECT
public:
    explicit ActivityPage(LogCapture *capture, QWidget *parent = nullptr);
    ActivityFilter *filter() const { return m_filter; }
    QComboBox *levelBox() const { return m_level; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void updateEmpty();
    ActivityModel *m_model;
    ActivityFilter *m_filter;
    QComboBox *m_level;
    QLineEdit *m_search;
    QTableView *m_view;
    EmptyState *m_empty;
};

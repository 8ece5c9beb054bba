#pragma once
// Shows log lines at or above a level whose text contains the filter.
#include <QSortFilterProxyModel>

class ActivityFilter : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    void setMinimumLevel(int rank);
    int minimumLevel() const { return m_minimum; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    int m_minimum = 1; // info
};

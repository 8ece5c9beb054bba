#include "activityfilter.h"

#include "activitymodel.h"

void ActivityFilter::setMinimumLevel(int rank)
{
    if (rank == m_minimum)
        return;
    m_minimum = rank;
    invalidateFilter();
}

bool ActivityFilter::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, ActivityModel::MessageColumn, sourceParent);
    if (index.data(ActivityModel::LevelRole).toInt() < m_minimum)
        return false;
    return QSortFilterProxyModel::filterAcceptsRow(sourceRow, sourceParent);
}

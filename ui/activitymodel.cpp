#include "activitymodel.h"

#include <QBrush>
#include <QColor>
#include <QPalette>

ActivityModel::ActivityModel(LogCapture *capture, QObject *parent)
    : QAbstractTableModel(parent), m_lines(capture->lines())
{
    connect(capture, &LogCapture::lineAdded, this, &ActivityModel::append);
}

int ActivityModel::rank(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg: return 0;
    case QtInfoMsg: return 1;
    case QtWarningMsg: return 2;
    case QtCriticalMsg:
    case QtFatalMsg: return 3;
    }
    return 1;
}

QString ActivityModel::levelName(int rank)
{
    switch (rank) {
    case 0: return tr("Debug");
    case 1: return tr("Info");
    case 2: return tr("Warning");
    default: return tr("Error");
    }
}

int ActivityModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_lines.size());
}

int ActivityModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ActivityModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const LogLine &line = m_lines.at(index.row());
    if (role == LevelRole)
        return rank(line.type);
    if (role == Qt::ForegroundRole && index.column() == LevelColumn) {
        if (rank(line.type) == 2)
            return QBrush(QColor(0xb3, 0x6b, 0x00));
        if (rank(line.type) == 3)
            return QBrush(QColor(0xc0, 0x30, 0x30));
        return {};
    }
    if (role == Qt::ToolTipRole && index.column() == MessageColumn)
        return line.message;
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case TimeColumn: return line.time.toString(QStringLiteral("HH:mm:ss"));
    case LevelColumn: return levelName(rank(line.type));
    case SourceColumn: return QString(line.category).remove(QStringLiteral("switchboard."));
    case MessageColumn: return line.message;
    default: return {};
    }
}

QVariant ActivityModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn: return tr("Time");
    case LevelColumn: return tr("Level");
    case SourceColumn: return tr("Source");
    case MessageColumn: return tr("Message");
    default: return {};
    }
}

void ActivityModel::append(const LogLine &line)
{
    if (m_lines.size() >= LogCapture::kKeptLines) {
        beginRemoveRows({}, 0, 0);
        m_lines.removeFirst();
        endRemoveRows();
    }
    const int row = int(m_lines.size());
    beginInsertRows({}, row, row);
    m_lines.append(line);
    endInsertRows();
}

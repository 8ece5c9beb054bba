#pragma once
// The Activity tab's list: the captured log lines, newest last, at most LogCapture::kKeptLines.
#include "logcapture.h"

#include <QAbstractTableModel>

class ActivityModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { TimeColumn, LevelColumn, SourceColumn, MessageColumn, ColumnCount };
    enum Role { LevelRole = Qt::UserRole + 1 }; // a rank: 0 debug, 1 info, 2 warning, 3 error

    explicit ActivityModel(LogCapture *capture, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static int rank(QtMsgType type);
    static QString levelName(int rank);

private:
    void append(const LogLine &line);
    QList<LogLine> m_lines;
};

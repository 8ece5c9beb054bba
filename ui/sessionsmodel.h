#pragma once
// The live sessions table. Fed by the Relay's batched signals (a few per second at most, however
// busy the relay), so the view never redraws per message. Keeps each session's byte counts from
// the previous batch to show a current rate, and ticks once a second for durations.
#include "sessions/session.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QHash>
#include <QPointer>
#include <QTimer>
#include <functional>

#include "relay.h"

class SessionsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { ServiceColumn, IdColumn, PeersColumn, AddressColumn, DurationColumn,
                  InColumn, OutColumn, RateColumn, ColumnCount };
    enum Role { SessionKeyRole = Qt::UserRole + 1, SortRole, ServiceRole };
    using Clock = std::function<QDateTime()>;

    explicit SessionsModel(QObject *parent = nullptr);

    // Shows `relay`'s sessions from now on (nullptr: none). Sessions already running when a
    // relay is attached are read from its registry.
    void setRelay(Relay *relay);
    void setClock(Clock clock) { m_clock = std::move(clock); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    Session session(int row) const { return m_rows.at(row).session; }
    double rate(int row) const { return m_rows.at(row).rate; }
    int rowOf(const QString &key) const;

public slots:
    void addSessions(const QList<Session> &sessions);
    void updateSessions(const QList<Session> &sessions);
    void removeSessions(const QList<Session> &sessions);
    void clear();
    // Refreshes durations and lets rates of quiet sessions fall to zero.
    void tick();

signals:
    // Bytes relayed (both ways) since the previous batch, for the throughput graph.
    void bytesRelayed(quint64 bytes);

private:
    struct Row
    {
        Session session;
        double rate = 0; // bytes per second, both ways, over the last batch interval
        QDateTime sampledAt;
    };
    QDateTime now() const;
    QVariant display(const Row &row, int column) const;
    QVariant sortValue(const Row &row, int column) const;
    void reindex();

    QList<Row> m_rows;
    QHash<QString, int> m_index; // session key -> row
    QPointer<Relay> m_relay;
    QList<QMetaObject::Connection> m_connections;
    Clock m_clock;
    QTimer m_tick;
};

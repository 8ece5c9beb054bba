#include "sessionsmodel.h"

#include "formatting.h"
#include "relay.h"
#include "servicenames.h"
#include "sessions/sessionregistry.h"

#include <QSet>
#include <algorithm>

namespace {
constexpr qint64 kQuietAfterMs = 2000; // no batch for this long: the session is idle
quint64 total(const Session &s)
{
    return s.bytesIn + s.bytesOut;
}
} // namespace

SessionsModel::SessionsModel(QObject *parent) : QAbstractTableModel(parent)
{
    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, &SessionsModel::tick);
}

void SessionsModel::setRelay(Relay *relay)
{
    for (const auto &c : std::as_const(m_connections))
        disconnect(c);
    m_connections.clear();
    clear();
    m_relay = relay;
    if (!relay) {
        m_tick.stop();
        return;
    }
    m_connections << connect(relay, &Relay::sessionsBegan, this, &SessionsModel::addSessions)
                  << connect(relay, &Relay::sessionsChanged, this, &SessionsModel::updateSessions)
                  << connect(relay, &Relay::sessionsEnded, this, &SessionsModel::removeSessions);
    // Sessions already running: their bytes were relayed before, not in this interval.
    beginResetModel();
    const QDateTime at = now();
    for (const Session &s : relay->sessions()->sessions()) {
        m_index.insert(s.key(), int(m_rows.size()));
        m_rows.append(Row{s, 0, at});
    }
    endResetModel();
    m_tick.start();
}

QDateTime SessionsModel::now() const
{
    return m_clock ? m_clock() : QDateTime::currentDateTimeUtc();
}

int SessionsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int SessionsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

int SessionsModel::rowOf(const QString &key) const
{
    return m_index.value(key, -1);
}

QVariant SessionsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return display(row, index.column());
    case Qt::ToolTipRole:
        if (index.column() == PeersColumn || index.column() == AddressColumn || index.column() == IdColumn)
            return display(row, index.column());
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() >= DurationColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return int(Qt::AlignLeft | Qt::AlignVCenter);
    case SortRole:
        return sortValue(row, index.column());
    case SessionKeyRole:
        return row.session.key();
    case ServiceRole:
        return row.session.service;
    default:
        return {};
    }
}

QVariant SessionsModel::display(const Row &row, int column) const
{
    const Session &s = row.session;
    switch (column) {
    case ServiceColumn:
        return ServiceNames::displayName(s.service);
    case IdColumn:
        return s.id;
    case PeersColumn:
        return s.peers.join(QStringLiteral(", "));
    case AddressColumn:
        return s.remoteAddresses.join(QStringLiteral(", "));
    case DurationColumn:
        return Formatting::duration(s.startedAt.isValid() ? s.startedAt.secsTo(now()) : 0);
    case InColumn:
        return Formatting::bytes(s.bytesIn);
    case OutColumn:
        return Formatting::bytes(s.bytesOut);
    case RateColumn:
        return Formatting::rate(row.rate);
    default:
        return {};
    }
}

QVariant SessionsModel::sortValue(const Row &row, int column) const
{
    const Session &s = row.session;
    switch (column) {
    case DurationColumn:
        return s.startedAt.isValid() ? s.startedAt.secsTo(now()) : qint64(0);
    case InColumn:
        return s.bytesIn;
    case OutColumn:
        return s.bytesOut;
    case RateColumn:
        return row.rate;
    case PeersColumn:
        return s.peers.size();
    default:
        return display(row, column);
    }
}

QVariant SessionsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case ServiceColumn: return tr("Service");
    case IdColumn: return tr("Session");
    case PeersColumn: return tr("Peers");
    case AddressColumn: return tr("Remote address");
    case DurationColumn: return tr("Duration");
    case InColumn: return tr("Received");
    case OutColumn: return tr("Sent");
    case RateColumn: return tr("Rate");
    default: return {};
    }
}

void SessionsModel::addSessions(const QList<Session> &sessions)
{
    QList<Session> fresh;
    QList<Session> known;
    for (const Session &s : sessions)
        (m_index.contains(s.key()) ? known : fresh) << s;
    if (!known.isEmpty())
        updateSessions(known);
    if (fresh.isEmpty())
        return;
    const QDateTime at = now();
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(fresh.size()) - 1);
    for (const Session &s : std::as_const(fresh)) {
        m_index.insert(s.key(), int(m_rows.size()));
        m_rows.append(Row{s, 0, at});
    }
    endInsertRows();
    quint64 bytes = 0;
    for (const Session &s : std::as_const(fresh))
        bytes += total(s);
    if (bytes > 0)
        emit bytesRelayed(bytes);
}

void SessionsModel::updateSessions(const QList<Session> &sessions)
{
    const QDateTime at = now();
    quint64 relayed = 0;
    for (const Session &s : sessions) {
        const int r = rowOf(s.key());
        if (r < 0) {
            addSessions({s});
            continue;
        }
        Row &row = m_rows[r];
        const quint64 before = total(row.session);
        const quint64 after = total(s);
        const qint64 ms = row.sampledAt.msecsTo(at);
        if (after > before) {
            relayed += after - before;
            if (ms > 0)
                row.rate = double(after - before) * 1000.0 / double(ms);
            row.sampledAt = at;
        }
        row.session = s;
        emit dataChanged(index(r, 0), index(r, ColumnCount - 1));
    }
    if (relayed > 0)
        emit bytesRelayed(relayed);
}

void SessionsModel::removeSessions(const QList<Session> &sessions)
{
    quint64 relayed = 0;
    QList<int> rows;
    for (const Session &s : sessions) {
        const int r = rowOf(s.key());
        if (r < 0)
            continue;
        const quint64 before = total(m_rows.at(r).session);
        if (total(s) > before)
            relayed += total(s) - before;
        rows << r;
    }
    if (rows.size() > 64) {
        // Many at once (a shutdown, a mass disconnect): one reset instead of a reindex per row.
        QSet<int> gone(rows.cbegin(), rows.cend());
        beginResetModel();
        QList<Row> kept;
        kept.reserve(m_rows.size() - gone.size());
        for (int r = 0; r < m_rows.size(); ++r) {
            if (!gone.contains(r))
                kept.append(m_rows.at(r));
        }
        m_rows = kept;
        reindex();
        endResetModel();
    } else {
        // Highest first, so the rows still to remove keep their numbers.
        std::sort(rows.begin(), rows.end(), std::greater<int>());
        for (int r : std::as_const(rows)) {
            beginRemoveRows({}, r, r);
            m_rows.removeAt(r);
            endRemoveRows();
        }
        reindex();
    }
    if (relayed > 0)
        emit bytesRelayed(relayed);
}

void SessionsModel::clear()
{
    if (m_rows.isEmpty())
        return;
    beginResetModel();
    m_rows.clear();
    m_index.clear();
    endResetModel();
}

void SessionsModel::tick()
{
    if (m_rows.isEmpty())
        return;
    const QDateTime at = now();
    for (int r = 0; r < m_rows.size(); ++r) {
        Row &row = m_rows[r];
        if (row.rate > 0 && row.sampledAt.msecsTo(at) > kQuietAfterMs) {
            row.rate = 0;
            emit dataChanged(index(r, RateColumn), index(r, RateColumn));
        }
    }
    emit dataChanged(index(0, DurationColumn), index(int(m_rows.size()) - 1, DurationColumn));
}

void SessionsModel::reindex()
{
    m_index.clear();
    for (int r = 0; r < m_rows.size(); ++r)
        m_index.insert(m_rows.at(r).session.key(), r);
}

#include "devicesmodel.h"

#include "devices/deviceregistry.h"

#include <QLocale>

DevicesModel::DevicesModel(QObject *parent) : QAbstractTableModel(parent) {}

void DevicesModel::setRegistry(DeviceRegistry *registry)
{
    disconnect(m_connection);
    m_registry = registry;
    if (registry)
        m_connection = connect(registry, &DeviceRegistry::devicesChanged, this, &DevicesModel::reload);
    reload();
}

void DevicesModel::reload()
{
    beginResetModel();
    m_devices = m_registry ? m_registry->devices() : QList<PairedDevice>();
    endResetModel();
}

int DevicesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_devices.size());
}

int DevicesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DevicesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const PairedDevice &d = m_devices.at(index.row());
    if (role == DeviceIdRole)
        return d.id;
    if (role == Qt::ToolTipRole)
        return tr("Device id: %1").arg(d.id);
    if (role != Qt::DisplayRole)
        return {};
    const auto when = [](const QDateTime &t) {
        return t.isValid() ? QLocale().toString(t.toLocalTime(), QLocale::ShortFormat) : tr("never");
    };
    switch (index.column()) {
    case NameColumn: return d.name.isEmpty() ? tr("Unnamed device") : d.name;
    case PairedColumn: return when(d.pairedAt);
    case LastSeenColumn: return when(d.lastSeen);
    default: return {};
    }
}

QVariant DevicesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn: return tr("Device");
    case PairedColumn: return tr("Paired");
    case LastSeenColumn: return tr("Last seen");
    default: return {};
    }
}

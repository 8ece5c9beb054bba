#pragma once
// The paired devices as a table, reloaded whenever the registry says they changed (pairing,
// revoking, a device seen).
#include "devices/paireddevice.h"

#include <QAbstractTableModel>
#include <QPointer>

#include "devices/deviceregistry.h"

class DevicesModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, PairedColumn, LastSeenColumn, ColumnCount };
    enum Role { DeviceIdRole = Qt::UserRole + 1 };

    explicit DevicesModel(QObject *parent = nullptr);
    void setRegistry(DeviceRegistry *registry);
    DeviceRegistry *registry() const { return m_registry; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    PairedDevice device(int row) const { return m_devices.at(row); }

private:
    void reload();
    QPointer<DeviceRegistry> m_registry;
    QMetaObject::Connection m_connection;
    QList<PairedDevice> m_devices;
};

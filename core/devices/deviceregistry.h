#pragma once
// The paired devices, kept in <data-dir>/devices.json. Each device's token is stored only as its
// SHA-256 hash, so a copy of the file admits nobody. Services ask whether a token belongs to a
// device (and learn which one, to cut its connections on revocation).
#include "paireddevice.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QTimer>
#include <functional>
#include <optional>

class DeviceRegistry : public QObject
{
    Q_OBJECT
public:
    static constexpr int kMaxDevices = 200;
    static constexpr int kMaxNameLength = 64;

    // An empty `directory` keeps devices in memory only.
    explicit DeviceRegistry(const QString &directory = QString(), QObject *parent = nullptr);
    ~DeviceRegistry() override; // writes a pending last-seen update

    // Reads devices.json; a missing file is no devices. Returns false (and why) on a corrupt file.
    bool load(QString *error);
    void setDirectory(const QString &directory) { m_directory = directory; }

    QList<PairedDevice> devices() const;
    std::optional<PairedDevice> device(const QString &deviceId) const;
    bool revoke(const QString &deviceId);

    // Registers a new device; returns it and sets `token` to the one-time plain token, or
    // returns an empty id when the registry is full.
    PairedDevice add(const QString &name, QString *token);
    // The device a token belongs to, or empty; deviceForToken also marks it seen.
    std::optional<QString> findByToken(const QString &token) const;
    std::optional<QString> deviceForToken(const QString &token);
    // Device tokens start with this, so services tell them from their own tokens at a glance.
    static QString tokenPrefix() { return QStringLiteral("sbd_"); }
    static QByteArray hashToken(const QString &token);
    static QString cleanName(const QString &name);

    void setClock(std::function<QDateTime()> clock) { m_clock = std::move(clock); }

signals:
    void devicesChanged();
    void deviceRevoked(const QString &deviceId);

private:
    struct Entry
    {
        PairedDevice device;
        QByteArray tokenHash; // SHA-256 of the token, hex
    };
    QDateTime now() const;
    bool save() const;
    QString m_directory;
    QList<Entry> m_entries;
    std::function<QDateTime()> m_clock;
    QTimer m_lastSeenSave; // last-seen updates are written lazily, at most once a minute
};

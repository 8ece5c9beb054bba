#include "deviceregistry.h"

#include "auth/secretfile.h"
#include "log/logcategories.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <openssl/crypto.h>
#include <openssl/rand.h>

namespace {

const QString kFileName = QStringLiteral("devices.json");
constexpr qint64 kMaxFileBytes = 1024 * 1024;

QByteArray randomBytes(int n)
{
    QByteArray bytes(n, Qt::Uninitialized);
    if (RAND_bytes(reinterpret_cast<unsigned char *>(bytes.data()), n) != 1)
        qFatal("OpenSSL RAND_bytes failed: no randomness for device tokens");
    return bytes;
}

QString isoTime(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

} // namespace

DeviceRegistry::DeviceRegistry(const QString &directory, QObject *parent)
    : QObject(parent), m_directory(directory)
{
    m_lastSeenSave.setSingleShot(true);
    m_lastSeenSave.setInterval(60 * 1000);
    connect(&m_lastSeenSave, &QTimer::timeout, this, [this] { save(); });
}

DeviceRegistry::~DeviceRegistry()
{
    if (m_lastSeenSave.isActive())
        save();
}

QDateTime DeviceRegistry::now() const
{
    return m_clock ? m_clock() : QDateTime::currentDateTimeUtc();
}

QString DeviceRegistry::cleanName(const QString &name)
{
    // Control characters and surrounding space go; what remains is shown in lists and logs.
    QString clean;
    for (const QChar c : name) {
        if (!c.isNull() && c.category() != QChar::Other_Control && c.category() != QChar::Other_Format)
            clean += c;
    }
    clean = clean.simplified().left(kMaxNameLength);
    return clean.isEmpty() ? QStringLiteral("Phone") : clean;
}

QByteArray DeviceRegistry::hashToken(const QString &token)
{
    return QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256).toHex();
}

bool DeviceRegistry::load(QString *error)
{
    m_entries.clear();
    if (m_directory.isEmpty())
        return true;
    QFile file(QDir(m_directory).filePath(kFileName));
    if (!file.exists())
        return true;
    if (!file.open(QIODevice::ReadOnly) || file.size() > kMaxFileBytes) {
        *error = QStringLiteral("cannot read %1").arg(file.fileName());
        return false;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (!doc.isObject()) {
        *error = QStringLiteral("%1 is not valid JSON (%2); move it away to start with no devices")
                     .arg(file.fileName(), parseError.errorString());
        return false;
    }
    const QJsonArray list = doc.object().value(QLatin1String("devices")).toArray();
    for (const QJsonValue &v : list) {
        const QJsonObject o = v.toObject();
        Entry e;
        e.device.id = o.value(QLatin1String("id")).toString();
        e.device.name = cleanName(o.value(QLatin1String("name")).toString());
        e.device.pairedAt = QDateTime::fromString(o.value(QLatin1String("pairedAt")).toString(), Qt::ISODateWithMs);
        e.device.lastSeen = QDateTime::fromString(o.value(QLatin1String("lastSeen")).toString(), Qt::ISODateWithMs);
        e.tokenHash = o.value(QLatin1String("tokenSha256")).toString().toLatin1();
        if (e.device.id.isEmpty() || e.tokenHash.size() != 64)
            continue; // a hand-edited entry that can admit nobody
        m_entries << e;
    }
    // A list shown before the relay started (the tray's model) picks the loaded devices up.
    emit devicesChanged();
    return true;
}

bool DeviceRegistry::save() const
{
    if (m_directory.isEmpty())
        return true;
    QJsonArray list;
    for (const Entry &e : m_entries) {
        list << QJsonObject{{QStringLiteral("id"), e.device.id},
                            {QStringLiteral("name"), e.device.name},
                            {QStringLiteral("pairedAt"), isoTime(e.device.pairedAt)},
                            {QStringLiteral("lastSeen"), isoTime(e.device.lastSeen)},
                            {QStringLiteral("tokenSha256"), QString::fromLatin1(e.tokenHash)}};
    }
    const QByteArray json = QJsonDocument(QJsonObject{{QStringLiteral("devices"), list}}).toJson();
    QString error;
    if (!SecretFile::writePrivate(QDir(m_directory).filePath(kFileName), json, &error)) {
        qCWarning(lcRelay).noquote() << "paired devices not saved:" << error;
        return false;
    }
    return true;
}

QList<PairedDevice> DeviceRegistry::devices() const
{
    QList<PairedDevice> list;
    for (const Entry &e : m_entries)
        list << e.device;
    return list;
}

std::optional<PairedDevice> DeviceRegistry::device(const QString &deviceId) const
{
    for (const Entry &e : m_entries) {
        if (e.device.id == deviceId)
            return e.device;
    }
    return std::nullopt;
}

PairedDevice DeviceRegistry::add(const QString &name, QString *token)
{
    if (m_entries.size() >= kMaxDevices)
        return {};
    Entry e;
    e.device.id = QString::fromLatin1(randomBytes(8).toHex());
    e.device.name = cleanName(name);
    e.device.pairedAt = now();
    e.device.lastSeen = e.device.pairedAt;
    *token = tokenPrefix()
             + QString::fromLatin1(randomBytes(32).toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    e.tokenHash = hashToken(*token);
    m_entries << e;
    save();
    emit devicesChanged();
    return e.device;
}

std::optional<QString> DeviceRegistry::findByToken(const QString &token) const
{
    if (!token.startsWith(tokenPrefix()) || token.size() > 200)
        return std::nullopt;
    const QByteArray hash = hashToken(token);
    for (const Entry &e : m_entries) {
        // Hashes of secret tokens: compared in constant time all the same.
        if (CRYPTO_memcmp(e.tokenHash.constData(), hash.constData(), size_t(hash.size())) == 0)
            return e.device.id;
    }
    return std::nullopt;
}

std::optional<QString> DeviceRegistry::deviceForToken(const QString &token)
{
    const auto id = findByToken(token);
    if (!id)
        return std::nullopt;
    for (Entry &e : m_entries) {
        if (e.device.id == *id) {
            e.device.lastSeen = now();
            break;
        }
    }
    if (!m_lastSeenSave.isActive())
        m_lastSeenSave.start();
    emit devicesChanged();
    return id;
}

bool DeviceRegistry::revoke(const QString &deviceId)
{
    const qsizetype removed = m_entries.removeIf([&](const Entry &e) { return e.device.id == deviceId; });
    if (removed == 0)
        return false;
    save();
    emit deviceRevoked(deviceId);
    emit devicesChanged();
    return true;
}

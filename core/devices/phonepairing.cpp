#include "phonepairing.h"

#include "deviceregistry.h"
#include "log/logcategories.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

PhonePairing::PhonePairing(DeviceRegistry *devices, std::function<QString()> baseUrl, QObject *parent)
    : QObject(parent), m_devices(devices), m_baseUrl(std::move(baseUrl))
{
    m_expiryTimer.setSingleShot(true);
    connect(&m_expiryTimer, &QTimer::timeout, this, &PhonePairing::checkExpiry);
}

QDateTime PhonePairing::now() const
{
    return m_clock ? m_clock() : QDateTime::currentDateTimeUtc();
}

QString PhonePairing::randomCode()
{
    constexpr int alphabetSize = int(sizeof(kAlphabet)) - 1;
    // Rejection sampling: only bytes below the largest multiple of the alphabet size are used,
    // so every letter is equally likely.
    constexpr int limit = 256 - (256 % alphabetSize);
    QString code;
    while (code.size() < kCodeLength) {
        unsigned char bytes[16];
        if (RAND_bytes(bytes, int(sizeof bytes)) != 1)
            qFatal("OpenSSL RAND_bytes failed: no randomness for pairing codes");
        for (unsigned char b : bytes) {
            if (b < limit && code.size() < kCodeLength)
                code += QLatin1Char(kAlphabet[b % alphabetSize]);
        }
    }
    return code;
}

PairingCode PhonePairing::issueCode()
{
    if (m_state == State::Live)
        endCode(State::Expired, QStringLiteral("expired"));
    m_code.code = randomCode();
    m_code.url = QUrl(m_baseUrl() + QStringLiteral("/pair#") + m_code.code);
    m_code.expiresAt = now().addSecs(kLifetimeSeconds);
    m_state = State::Live;
    m_wrongTries = 0;
    m_expiryTimer.start(kLifetimeSeconds * 1000);
    qCInfo(lcRelay).noquote() << "pairing code issued; it expires at" << m_code.expiresAt.toString(Qt::ISODate);
    emit codeIssued(m_code);
    return m_code;
}

void PhonePairing::checkExpiry()
{
    if (m_state == State::Live && now() >= m_code.expiresAt)
        endCode(State::Expired, QStringLiteral("expired"));
    else if (m_state == State::Live) // a clock that disagrees with the timer (tests): look again
        m_expiryTimer.start(int(std::max<qint64>(1000, now().msecsTo(m_code.expiresAt))));
}

std::optional<PairingCode> PhonePairing::currentCode() const
{
    if (m_state != State::Live || now() >= m_code.expiresAt)
        return std::nullopt;
    return m_code;
}

void PhonePairing::endCode(State state, const QString &why)
{
    m_state = state;
    m_expiryTimer.stop();
    qCInfo(lcRelay).noquote() << "pairing code ended:" << why;
    emit codeEnded(m_code.code, why);
}

PhonePairing::Redemption PhonePairing::redeem(const QString &offered, const QString &deviceName)
{
    Redemption r;
    const QString code = offered.trimmed().toUpper().remove(QLatin1Char('-')).remove(QLatin1Char(' '));
    if (code.isEmpty() || code.size() > 32) {
        r.outcome = Outcome::BadInput;
        r.message = QStringLiteral("Enter the pairing code shown by Switchboard.");
        return r;
    }
    if (m_state == State::Live && now() >= m_code.expiresAt)
        endCode(State::Expired, QStringLiteral("expired"));
    switch (m_state) {
    case State::None:
        r.outcome = Outcome::WrongCode;
        r.message = QStringLiteral("There is no pairing code right now. Ask for a new one.");
        return r;
    case State::Locked:
        r.outcome = Outcome::Locked;
        r.message = QStringLiteral("Too many wrong tries: this code is locked. Ask for a new one.");
        return r;
    case State::Expired:
    case State::Used: {
        // Only someone who knows the old code learns that it is over; anyone else is just wrong.
        const bool same = code.size() == m_code.code.size()
                          && CRYPTO_memcmp(code.toLatin1().constData(), m_code.code.toLatin1().constData(),
                                           size_t(code.size())) == 0;
        if (same) {
            r.outcome = m_state == State::Used ? Outcome::Used : Outcome::Expired;
            r.message = m_state == State::Used ? QStringLiteral("This code has already been used. Ask for a new one.")
                                               : QStringLiteral("This code has expired. Ask for a new one.");
        } else {
            r.outcome = Outcome::WrongCode;
            r.message = QStringLiteral("That code is not right. Check it and try again.");
        }
        return r;
    }
    case State::Live:
        break;
    }
    const QByteArray a = code.toLatin1();
    const QByteArray b = m_code.code.toLatin1();
    if (a.size() != b.size() || CRYPTO_memcmp(a.constData(), b.constData(), size_t(a.size())) != 0) {
        ++m_wrongTries;
        if (m_wrongTries >= kMaxWrongTries) {
            endCode(State::Locked, QStringLiteral("locked"));
            r.outcome = Outcome::Locked;
            r.message = QStringLiteral("Too many wrong tries: this code is locked. Ask for a new one.");
            return r;
        }
        r.outcome = Outcome::WrongCode;
        const int left = kMaxWrongTries - m_wrongTries;
        r.message = left == 1 ? QStringLiteral("That code is not right. One more wrong try locks it.")
                              : QStringLiteral("That code is not right. %1 tries left.").arg(left);
        return r;
    }
    QString token;
    const PairedDevice device = m_devices->add(deviceName, &token);
    if (device.id.isEmpty()) {
        r.outcome = Outcome::BadInput;
        r.message = QStringLiteral("Too many paired devices. Revoke one in Switchboard first.");
        return r;
    }
    endCode(State::Used, QStringLiteral("used"));
    qCInfo(lcRelay).noquote() << "paired device" << device.id << "(" + device.name + ")";
    r.outcome = Outcome::Paired;
    r.message = QStringLiteral("Paired.");
    r.device = device;
    r.token = token;
    emit devicePaired(device);
    return r;
}

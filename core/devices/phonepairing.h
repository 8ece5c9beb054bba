#pragma once
// Phone pairing: one live code at a time, single-use, expiring after five minutes and locked
// after five wrong tries. Trading the right code (POST /api/pair) registers a device in the
// DeviceRegistry and hands the phone its device token once.
#include "pairingcode.h"
#include "paireddevice.h"

#include <QObject>
#include <QTimer>
#include <functional>
#include <optional>

class DeviceRegistry;

class PhonePairing : public QObject
{
    Q_OBJECT
public:
    static constexpr int kLifetimeSeconds = 5 * 60;
    static constexpr int kMaxWrongTries = 5;
    static constexpr int kCodeLength = 8;
    // No 0/O, 1/I/L, 2/Z, 5/S, 8/B: a code read off a screen or spoken aloud survives.
    static constexpr const char kAlphabet[] = "ACDEFGHJKMNPQRTUVWXY34679";

    using Clock = std::function<QDateTime()>;
    // `baseUrl` gives "<scheme>://<domain>" at the time a code is issued (the port may be known
    // only once the relay listens).
    PhonePairing(DeviceRegistry *devices, std::function<QString()> baseUrl, QObject *parent = nullptr);

    PairingCode issueCode(); // a new code; the previous one dies
    std::optional<PairingCode> currentCode() const; // empty when none, expired, used or locked

    // The outcome of a phone offering a code.
    enum class Outcome { Paired, BadInput, WrongCode, Expired, Used, Locked };
    struct Redemption
    {
        Outcome outcome = Outcome::WrongCode;
        QString message; // plain English, for the phone's page
        PairedDevice device; // when Paired
        QString token; // when Paired: shown to the phone once, stored only hashed
    };
    Redemption redeem(const QString &code, const QString &deviceName);

    // Tests replace the clock to see codes expire without waiting.
    void setClock(Clock clock) { m_clock = std::move(clock); }

signals:
    void codeIssued(const PairingCode &code);
    void codeEnded(const QString &code, const QString &why); // "used", "expired", "locked"
    void devicePaired(const PairedDevice &device);

private:
    enum class State { None, Live, Used, Expired, Locked };
    QDateTime now() const;
    void endCode(State state, const QString &why);
    void checkExpiry();
    static QString randomCode();

    DeviceRegistry *m_devices;
    std::function<QString()> m_baseUrl;
    Clock m_clock;
    PairingCode m_code;
    State m_state = State::None;
    int m_wrongTries = 0;
    QTimer m_expiryTimer; // announces expiry (codeEnded) without anyone asking
};

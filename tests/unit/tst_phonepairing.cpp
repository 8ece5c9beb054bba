// PhonePairing: codes from the unambiguous alphabet, single use, expiry on an injected clock,
// lock-out after five wrong tries, and the signals the tray app shows.
#include "devices/deviceregistry.h"
#include "devices/phonepairing.h"

#include <QSignalSpy>
#include <QTest>

class TestPhonePairing : public QObject
{
    Q_OBJECT

private:
    QDateTime m_now = QDateTime(QDate(2026, 1, 1), QTime(12, 0), Qt::UTC);
    std::unique_ptr<DeviceRegistry> m_devices;
    std::unique_ptr<PhonePairing> m_pairing;

private slots:
    void init()
    {
        m_devices = std::make_unique<DeviceRegistry>();
        m_pairing = std::make_unique<PhonePairing>(m_devices.get(), [] { return QStringLiteral("https://relay.example.org"); });
        m_pairing->setClock([this] { return m_now; });
        m_devices->setClock([this] { return m_now; });
    }

    void codesUseTheUnambiguousAlphabetAndTheRelayUrl()
    {
        QSet<QString> seen;
        for (int i = 0; i < 200; ++i) {
            const PairingCode code = m_pairing->issueCode();
            QCOMPARE(code.code.size(), PhonePairing::kCodeLength);
            for (const QChar c : code.code)
                QVERIFY2(QByteArray(PhonePairing::kAlphabet).contains(char(c.unicode())), qPrintable(code.code));
            QCOMPARE(code.url, QUrl(QStringLiteral("https://relay.example.org/pair#") + code.code));
            QCOMPARE(code.expiresAt, m_now.addSecs(300));
            seen.insert(code.code);
        }
        QVERIFY(seen.size() > 195); // 25^8 codes: repeats in 200 would mean broken randomness
    }

    void issuingANewCodeEndsThePreviousOne()
    {
        QSignalSpy ended(m_pairing.get(), &PhonePairing::codeEnded);
        QSignalSpy issued(m_pairing.get(), &PhonePairing::codeIssued);
        const PairingCode first = m_pairing->issueCode();
        const PairingCode second = m_pairing->issueCode();
        QCOMPARE(issued.size(), 2);
        QCOMPARE(ended.size(), 1);
        QCOMPARE(ended.first().at(0).toString(), first.code);
        QCOMPARE(m_pairing->currentCode()->code, second.code);
        QCOMPARE(m_pairing->redeem(first.code, QStringLiteral("x")).outcome, PhonePairing::Outcome::WrongCode);
    }

    void expiresAfterFiveMinutes()
    {
        const PairingCode code = m_pairing->issueCode();
        m_now = m_now.addSecs(299);
        QVERIFY(m_pairing->currentCode().has_value());
        m_now = m_now.addSecs(1);
        QVERIFY(!m_pairing->currentCode().has_value());
        QSignalSpy ended(m_pairing.get(), &PhonePairing::codeEnded);
        const auto r = m_pairing->redeem(code.code, QStringLiteral("late"));
        QCOMPARE(r.outcome, PhonePairing::Outcome::Expired);
        QCOMPARE(ended.size(), 1);
        QCOMPARE(ended.first().at(1).toString(), QStringLiteral("expired"));
        QVERIFY(m_devices->devices().isEmpty());
    }

    void singleUse()
    {
        QSignalSpy paired(m_pairing.get(), &PhonePairing::devicePaired);
        QSignalSpy ended(m_pairing.get(), &PhonePairing::codeEnded);
        const PairingCode code = m_pairing->issueCode();
        // Typed in lower case with a dash and spaces: still the code.
        const QString typed = code.code.left(4).toLower() + QStringLiteral(" - ") + code.code.mid(4).toLower();
        const auto first = m_pairing->redeem(typed, QStringLiteral("Ana's phone"));
        QCOMPARE(first.outcome, PhonePairing::Outcome::Paired);
        QVERIFY(first.token.startsWith(DeviceRegistry::tokenPrefix()));
        QCOMPARE(first.device.name, QStringLiteral("Ana's phone"));
        QCOMPARE(paired.size(), 1);
        QCOMPARE(ended.first().at(1).toString(), QStringLiteral("used"));
        QVERIFY(!m_pairing->currentCode().has_value());
        QCOMPARE(m_pairing->redeem(code.code, QStringLiteral("again")).outcome, PhonePairing::Outcome::Used);
        QCOMPARE(m_devices->devices().size(), 1);
    }

    void locksAfterFiveWrongTries()
    {
        const PairingCode code = m_pairing->issueCode();
        const QString wrong = code.code.startsWith(QLatin1Char('A')) ? QStringLiteral("CCCCCCCC") : QStringLiteral("AAAAAAAA");
        QSignalSpy ended(m_pairing.get(), &PhonePairing::codeEnded);
        for (int i = 0; i < 4; ++i)
            QCOMPARE(m_pairing->redeem(wrong, QString()).outcome, PhonePairing::Outcome::WrongCode);
        QVERIFY(m_pairing->currentCode().has_value());
        QCOMPARE(m_pairing->redeem(wrong, QString()).outcome, PhonePairing::Outcome::Locked);
        QCOMPARE(ended.size(), 1);
        QCOMPARE(ended.first().at(1).toString(), QStringLiteral("locked"));
        QVERIFY(!m_pairing->currentCode().has_value());
        QCOMPARE(m_pairing->redeem(code.code, QString()).outcome, PhonePairing::Outcome::Locked);
        QVERIFY(m_devices->devices().isEmpty());
        // A new code starts with a clean slate.
        const PairingCode next = m_pairing->issueCode();
        QCOMPARE(m_pairing->redeem(wrong, QString()).outcome, PhonePairing::Outcome::WrongCode);
        QCOMPARE(m_pairing->redeem(next.code, QString()).outcome, PhonePairing::Outcome::Paired);
    }

    void badInputAndNoCode()
    {
        QCOMPARE(m_pairing->redeem(QString(), QString()).outcome, PhonePairing::Outcome::BadInput);
        QCOMPARE(m_pairing->redeem(QString(40, QLatin1Char('A')), QString()).outcome, PhonePairing::Outcome::BadInput);
        QCOMPARE(m_pairing->redeem(QStringLiteral("ACDEFGHJ"), QString()).outcome, PhonePairing::Outcome::WrongCode);
    }
};

QTEST_GUILESS_MAIN(TestPhonePairing)
#include "tst_phonepairing.moc"

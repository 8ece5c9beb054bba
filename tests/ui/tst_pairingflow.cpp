// Phone pairing end to end in the window: a code with its QR (decoded back to the URL), the
// countdown and expiry on an injected clock, lock-out after wrong tries, a phone pairing (the
// device appears under Devices, the tray would notify), and revoking it.
#include "devices/deviceregistry.h"
#include "devices/phonepairing.h"
#include "devicesmodel.h"
#include "devicespage.h"
#include "logcapture.h"
#include "mainwindow.h"
#include "pairingpage.h"
#include "relay.h"
#include "relaycontroller.h"
#include "testenvironment.h"
#include "trayapplication.h"

#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

class TestPairingFlow : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    LogCapture m_log;
    QDateTime m_now = QDateTime(QDate(2026, 3, 1), QTime(9, 0), Qt::UTC);
    std::unique_ptr<TrayApplication> m_app;

    PhonePairing *pairing() { return m_app->controller()->relay()->phonePairing(); }
    PairingPage *page() { return m_app->window()->pairingPage(); }

private slots:
    void init()
    {
        TrayApplication::Options o;
        o.sources = TestEnvironment::sources(m_dir.path());
        o.settingsPath = TestEnvironment::writeConfig(m_dir.path());
        o.windowed = true;
        m_app = std::make_unique<TrayApplication>(o, &m_log);
        m_app->start();
        QVERIFY(m_app->controller()->relay());
        pairing()->setClock([this] { return m_now; });
        page()->setClock([this] { return m_now; });
    }
    void cleanup() { m_app.reset(); }

    void codeQrAndCountdown()
    {
        QVERIFY(!page()->isShowingCode()); // no code until one is asked for
        m_app->showPairingCode();
        QCOMPARE(m_app->window()->tabs()->currentIndex(), int(MainWindow::PairingTab));
        QVERIFY(page()->isShowingCode());
        const auto code = pairing()->currentCode();
        QVERIFY(code);
        QCOMPARE(page()->shownCode(), code->code);
        QCOMPARE(page()->shownUrl(), code->url.toString());
        QCOMPARE(TestEnvironment::decodeQr(page()->qrImage(), m_dir.path()), code->url.toString());
        QCOMPARE(page()->statusText(), QStringLiteral("Expires in 5:00"));
        // The test relay has no public address: the page warns that a phone cannot reach it.
        QVERIFY2(page()->unreachableWarning().contains(QStringLiteral("“localhost”")),
                 qPrintable(page()->unreachableWarning()));

        m_now = m_now.addSecs(4 * 60 + 31);
        page()->tick();
        QCOMPARE(page()->statusText(), QStringLiteral("Expires in 0:29"));

        // Asking again shows the same live code rather than killing it.
        m_app->showPairingCode();
        QCOMPARE(page()->shownCode(), code->code);

        m_now = m_now.addSecs(30);
        page()->tick();
        QVERIFY(!page()->isShowingCode());
        QCOMPARE(page()->statusText(), QStringLiteral("This code has expired"));
        QVERIFY(!pairing()->currentCode());
        QCOMPARE(pairing()->redeem(code->code, QStringLiteral("Phone")).outcome, PhonePairing::Outcome::Expired);

        // New code: a different one, with the full five minutes.
        QTest::mouseClick(page()->messageButton(), Qt::LeftButton);
        QVERIFY(page()->isShowingCode());
        QVERIFY(page()->shownCode() != code->code);
        QCOMPARE(page()->statusText(), QStringLiteral("Expires in 5:00"));
    }

    void wrongTriesLockTheCode()
    {
        m_app->showPairingCode();
        const QString code = pairing()->currentCode()->code;
        for (int i = 0; i < PhonePairing::kMaxWrongTries - 1; ++i) {
            QCOMPARE(pairing()->redeem(QStringLiteral("WRONGCOD"), QStringLiteral("x")).outcome,
                     PhonePairing::Outcome::WrongCode);
            QVERIFY(page()->isShowingCode());
        }
        QCOMPARE(pairing()->redeem(QStringLiteral("WRONGCOD"), QStringLiteral("x")).outcome,
                 PhonePairing::Outcome::Locked);
        QVERIFY(!page()->isShowingCode());
        QCOMPARE(page()->statusText(), QStringLiteral("This code is locked"));
        // Even the right code no longer works.
        QCOMPARE(pairing()->redeem(code, QStringLiteral("x")).outcome, PhonePairing::Outcome::Locked);
        QCOMPARE(m_app->controller()->relay()->devices()->devices().size(), 0);

        page()->issueNewCode();
        QVERIFY(page()->isShowingCode());
        QVERIFY(page()->shownCode() != code);
    }

    void pairingAddsADeviceAndRevokeRemovesIt()
    {
        DevicesPage *devices = m_app->window()->devicesPage();
        QCOMPARE(devices->model()->rowCount(), 0);
        m_app->showPairingCode();
        const QString code = page()->shownCode();
        const PhonePairing::Redemption r = pairing()->redeem(code.toLower(), QStringLiteral("Pixel 8"));
        QCOMPARE(r.outcome, PhonePairing::Outcome::Paired);
        QVERIFY(!r.token.isEmpty());
        QCOMPARE(page()->statusText(), QStringLiteral("Paired"));
        // Single use.
        QCOMPARE(pairing()->redeem(code, QStringLiteral("Other")).outcome, PhonePairing::Outcome::Used);

        QCOMPARE(devices->model()->rowCount(), 1);
        QCOMPARE(devices->model()->index(0, DevicesModel::NameColumn).data().toString(), QStringLiteral("Pixel 8"));
        QVERIFY(!devices->model()->index(0, DevicesModel::PairedColumn).data().toString().isEmpty());
        // Without a tray the window shows the new device.
        QCOMPARE(m_app->window()->tabs()->currentIndex(), int(MainWindow::DevicesTab));

        QVERIFY(!devices->revokeSelected(false)); // nothing selected
        devices->view()->selectRow(0);
        QSignalSpy revoked(m_app->controller()->relay()->devices(), &DeviceRegistry::deviceRevoked);
        QVERIFY(devices->revokeSelected(false));
        QCOMPARE(revoked.count(), 1);
        QCOMPARE(revoked.at(0).at(0).toString(), r.device.id);
        QCOMPARE(devices->model()->rowCount(), 0);
        QVERIFY(!m_app->controller()->relay()->devices()->deviceForToken(r.token));
    }

    void pausedRelayHasNoPairing()
    {
        m_app->showPairingCode();
        m_app->controller()->pause();
        QVERIFY(!page()->isShowingCode());
        QCOMPARE(page()->statusText(), QStringLiteral("Pairing needs the relay"));
        QVERIFY(!m_app->window()->devicesPage()->findChildren<QPushButton *>().isEmpty());
        m_app->controller()->resume();
        QCOMPARE(page()->statusText(), QStringLiteral("Pair a phone"));
    }
};

QTEST_MAIN(TestPairingFlow)
#include "tst_pairingflow.moc"

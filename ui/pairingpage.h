#pragma once
// The Pairing tab: a phone pairing code in large type with its QR code, the URL it encodes, how
// long it still works, and a button for a new one. Follows the core's PhonePairing: a code that is
// used, expires or locks after wrong tries is replaced by a message saying so.
#include "devices/pairingcode.h"

#include <QDateTime>
#include <QPointer>
#include <QTimer>
#include <QWidget>
#include <functional>

#include "devices/phonepairing.h"
class QLabel;
class QPushButton;
class QStackedWidget;

class PairingPage : public QWidget
{
    Q_OBJECT
public:
    using Clock = std::function<QDateTime()>;
    explicit PairingPage(QWidget *parent = nullptr);

    void setPairing(PhonePairing *pairing); // nullptr: the relay is paused
    void setClock(Clock clock) { m_clock = std::move(clock); }

    // Shows the live code, issuing one if there is none.
    void showCode();
    void issueNewCode();

    // For tests and the screenshots.
    QString shownCode() const;
    QString shownUrl() const;
    QImage qrImage() const { return m_qr; }
    QString statusText() const;
    QString unreachableWarning() const;
    bool isShowingCode() const;
    QPushButton *copyButton() const { return m_copy; }
    QPushButton *newCodeButton() const { return m_newCode; }
    QPushButton *messageButton() const { return m_messageButton; } // "Show a pairing code"

public slots:
    void tick(); // the countdown; a timer calls it every second

protected:
    void changeEvent(QEvent *event) override;

private:
    void display(const PairingCode &code);
    void showEnded(const QString &why);
    void showMessage(const QString &title, const QString &detail);
    void retranslate();
    QDateTime now() const;

    QPointer<PhonePairing> m_pairing;
    QList<QMetaObject::Connection> m_connections;
    Clock m_clock;
    PairingCode m_code;
    QImage m_qr;
    QString m_endedWhy;
    QTimer m_timer;

    QStackedWidget *m_stack;
    QLabel *m_codeLabel;
    QLabel *m_qrLabel;
    QLabel *m_urlLabel;
    QLabel *m_countdown;
    QLabel *m_hint;
    QLabel *m_unreachable; // the URL names this machine only: a phone cannot open it
    QPushButton *m_copy;
    QPushButton *m_newCode;
    QLabel *m_messageTitle;
    QLabel *m_messageDetail;
    QPushButton *m_messageButton;
};

#include "pairingpage.h"

#include "devices/phonepairing.h"
#include "formatting.h"
#include "qrimage.h"

#include <QClipboard>
#include <QEvent>
#include <QFontDatabase>
#include <QGridLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHostAddress>
#include <QLabel>
#include <QPushButton>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace {
// "ACDEFGHJ" -> "ACDE FGHJ": two groups are easier to read out and type.
QString grouped(const QString &code)
{
    if (code.size() <= 4)
        return code;
    return code.left(code.size() / 2) + QLatin1Char(' ') + code.mid(code.size() / 2);
}
} // namespace

PairingPage::PairingPage(QWidget *parent)
    : QWidget(parent),
      m_stack(new QStackedWidget),
      m_codeLabel(new QLabel),
      m_qrLabel(new QLabel),
      m_urlLabel(new QLabel),
      m_countdown(new QLabel),
      m_hint(new QLabel),
      m_unreachable(new QLabel),
      m_copy(new QPushButton),
      m_newCode(new QPushButton),
      m_messageTitle(new QLabel),
      m_messageDetail(new QLabel),
      m_messageButton(new QPushButton)
{
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &PairingPage::tick);

    QFont codeFont = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    codeFont.setPointSizeF(std::max(28.0, font().pointSizeF() * 3));
    codeFont.setBold(true);
    codeFont.setLetterSpacing(QFont::PercentageSpacing, 112);
    m_codeLabel->setFont(codeFont);
    m_codeLabel->setObjectName(QStringLiteral("pairingCode"));
    m_codeLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_codeLabel->setAlignment(Qt::AlignCenter);
    m_qrLabel->setAlignment(Qt::AlignCenter);
    m_qrLabel->setObjectName(QStringLiteral("pairingQr"));
    m_urlLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_urlLabel->setObjectName(QStringLiteral("pairingUrl"));
    m_countdown->setObjectName(QStringLiteral("pairingCountdown"));
    m_countdown->setAlignment(Qt::AlignCenter);
    m_hint->setWordWrap(true);
    m_hint->setAlignment(Qt::AlignCenter);
    m_unreachable->setWordWrap(true);
    m_unreachable->setAlignment(Qt::AlignCenter);
    m_unreachable->setObjectName(QStringLiteral("pairingUnreachable"));
    m_unreachable->setStyleSheet(QStringLiteral("color: #c77700;"));
    m_unreachable->hide();
    m_copy->setObjectName(QStringLiteral("copyPairingUrl"));
    m_newCode->setObjectName(QStringLiteral("newPairingCode"));
    m_newCode->setShortcut(QKeySequence::New);

    auto *codePage = new QWidget;
    auto *codeLayout = new QVBoxLayout(codePage);
    codeLayout->addStretch(1);
    codeLayout->addWidget(m_hint);
    codeLayout->addSpacing(8);
    codeLayout->addWidget(m_qrLabel);
    codeLayout->addWidget(m_codeLabel);
    codeLayout->addWidget(m_countdown);
    codeLayout->addSpacing(8);
    auto *urlRow = new QHBoxLayout;
    urlRow->addStretch(1);
    urlRow->addWidget(m_urlLabel);
    urlRow->addWidget(m_copy);
    urlRow->addStretch(1);
    codeLayout->addLayout(urlRow);
    codeLayout->addWidget(m_unreachable);
    auto *buttonRow = new QHBoxLayout;
    buttonRow->addStretch(1);
    buttonRow->addWidget(m_newCode);
    buttonRow->addStretch(1);
    codeLayout->addLayout(buttonRow);
    codeLayout->addStretch(1);

    auto *messagePage = new QWidget;
    auto *messageLayout = new QVBoxLayout(messagePage);
    QFont titleFont = m_messageTitle->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    titleFont.setBold(true);
    m_messageTitle->setFont(titleFont);
    m_messageTitle->setObjectName(QStringLiteral("pairingMessage"));
    for (QLabel *label : {m_messageTitle, m_messageDetail}) {
        label->setAlignment(Qt::AlignCenter);
        label->setWordWrap(true);
    }
    auto *messageButtonRow = new QHBoxLayout;
    messageButtonRow->addStretch(1);
    messageButtonRow->addWidget(m_messageButton);
    messageButtonRow->addStretch(1);
    messageLayout->addStretch(2);
    messageLayout->addWidget(m_messageTitle);
    messageLayout->addWidget(m_messageDetail);
    messageLayout->addSpacing(12);
    messageLayout->addLayout(messageButtonRow);
    messageLayout->addStretch(3);

    m_stack->addWidget(codePage);
    m_stack->addWidget(messagePage);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_stack);

    connect(m_copy, &QPushButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(m_code.url.toString());
    });
    connect(m_newCode, &QPushButton::clicked, this, &PairingPage::issueNewCode);
    connect(m_messageButton, &QPushButton::clicked, this, &PairingPage::issueNewCode);
    retranslate();
    setPairing(nullptr);
}

QDateTime PairingPage::now() const
{
    return m_clock ? m_clock() : QDateTime::currentDateTimeUtc();
}

void PairingPage::setPairing(PhonePairing *pairing)
{
    for (const auto &c : std::as_const(m_connections))
        disconnect(c);
    m_connections.clear();
    m_pairing = pairing;
    m_code = {};
    m_endedWhy.clear();
    if (!pairing) {
        m_timer.stop();
        showMessage(tr("Pairing needs the relay"), tr("Resume relaying to pair a phone."));
        m_messageButton->hide();
        return;
    }
    m_connections << connect(pairing, &PhonePairing::codeIssued, this, &PairingPage::display)
                  << connect(pairing, &PhonePairing::codeEnded, this,
                             [this](const QString &code, const QString &why) {
                                 if (code == m_code.code)
                                     showEnded(why);
                             });
    if (const auto code = pairing->currentCode())
        display(*code);
    else
        showEnded(QString());
}

void PairingPage::showCode()
{
    if (!m_pairing)
        return;
    if (const auto code = m_pairing->currentCode())
        display(*code);
    else
        issueNewCode();
}

void PairingPage::issueNewCode()
{
    if (m_pairing)
        m_pairing->issueCode(); // display() follows through codeIssued
}

void PairingPage::display(const PairingCode &code)
{
    m_code = code;
    m_endedWhy.clear();
    m_qr = QrImage::render(code.url.toString(), 6);
    m_qrLabel->setPixmap(QPixmap::fromImage(m_qr));
    m_codeLabel->setText(grouped(code.code));
    m_urlLabel->setText(code.url.toString());
    const QString host = code.url.host();
    const bool local = host == QLatin1String("localhost") || QHostAddress(host).isLoopback();
    m_unreachable->setVisible(local);
    if (local)
        m_unreachable->setText(tr("A phone cannot open an address on “%1”. Set the public address in Settings to "
                                  "one the phone can reach, such as this computer's network address and port.")
                                   .arg(host));
    m_stack->setCurrentIndex(0);
    m_timer.start();
    tick();
}

void PairingPage::tick()
{
    if (m_stack->currentIndex() != 0 || m_code.code.isEmpty())
        return;
    const qint64 left = now().secsTo(m_code.expiresAt);
    if (left <= 0) {
        // The core announces expiry on its own timer; the page does not wait for it to say so.
        showEnded(QStringLiteral("expired"));
        return;
    }
    m_countdown->setText(tr("Expires in %1").arg(Formatting::duration(left)));
}

void PairingPage::showEnded(const QString &why)
{
    m_timer.stop();
    m_endedWhy = why;
    m_messageButton->show();
    if (why == QLatin1String("used"))
        showMessage(tr("Paired"), tr("A device used this code and now appears under Devices. Each code works once."));
    else if (why == QLatin1String("expired"))
        showMessage(tr("This code has expired"), tr("Codes work for five minutes. Make a new one when the phone is ready."));
    else if (why == QLatin1String("locked"))
        showMessage(tr("This code is locked"),
                    tr("Someone entered a wrong code too many times, so this one no longer works."));
    else
        showMessage(tr("Pair a phone"),
                    tr("A pairing code lets a phone join this relay: scan its QR code, or type the code on the relay's "
                       "pairing page."));
}

void PairingPage::showMessage(const QString &title, const QString &detail)
{
    m_messageTitle->setText(title);
    m_messageDetail->setText(detail);
    m_stack->setCurrentIndex(1);
}

QString PairingPage::shownCode() const
{
    return isShowingCode() ? QString(m_codeLabel->text()).remove(QLatin1Char(' ')) : QString();
}

QString PairingPage::unreachableWarning() const
{
    return m_unreachable->isHidden() ? QString() : m_unreachable->text();
}

QString PairingPage::shownUrl() const
{
    return isShowingCode() ? m_urlLabel->text() : QString();
}

QString PairingPage::statusText() const
{
    return isShowingCode() ? m_countdown->text() : m_messageTitle->text();
}

bool PairingPage::isShowingCode() const
{
    return m_stack->currentIndex() == 0;
}

void PairingPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void PairingPage::retranslate()
{
    m_hint->setText(tr("Scan this with the phone's camera, or open the relay's pairing page and type the code."));
    m_copy->setText(tr("Copy"));
    m_copy->setToolTip(tr("Copy the pairing URL"));
    m_newCode->setText(tr("New code"));
    m_messageButton->setText(tr("Show a pairing code"));
    if (m_stack->currentIndex() == 1 && m_pairing)
        showEnded(m_endedWhy);
    else if (m_stack->currentIndex() == 1)
        showMessage(tr("Pairing needs the relay"), tr("Resume relaying to pair a phone."));
    else
        tick();
}

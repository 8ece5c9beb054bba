#include "settingsdialog.h"

#include "autostart.h"
#include "config/settingspecs.h"
#include "languages.h"
#include "relaycontroller.h"
#include "servicenames.h"
#include "settingserror.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>

namespace {
const QString kServicesKey = QStringLiteral("server/services");
const QString kGeneral; // the message line under the tabs

QLabel *errorLabel()
{
    auto *label = new QLabel;
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // Red that stays readable on dark themes too.
    label->setStyleSheet(QStringLiteral("color: #d23c3c;"));
    label->hide();
    return label;
}
} // namespace

SettingsDialog::SettingsDialog(RelayController *controller, QWidget *parent)
    : QDialog(parent), m_controller(controller)
{
    setWindowTitle(tr("Switchboard Settings"));
    setObjectName(QStringLiteral("settingsDialog"));
    auto *tabs = new QTabWidget;
    tabs->setObjectName(QStringLiteral("settingsTabs"));
    tabs->addTab(generalPage(), tr("General"));
    tabs->addTab(tlsPage(), tr("Security"));
    tabs->addTab(servicesPage(), tr("Services"));
    tabs->addTab(limitsPage(), tr("Limits"));

    m_errors.insert(kGeneral, errorLabel());
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Apply | QDialogButtonBox::Cancel);
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (apply())
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_buttons->button(QDialogButtonBox::Apply), &QPushButton::clicked, this, &SettingsDialog::apply);

    setMinimumWidth(560);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(tabs);
    layout->addWidget(m_errors.value(kGeneral));
    layout->addWidget(m_buttons);
    load();
}

QLineEdit *SettingsDialog::addField(QFormLayout *form, const QString &fileKey, const QString &label,
                                    const QString &placeholder, const QString &help)
{
    auto *edit = new QLineEdit;
    edit->setObjectName(fileKey);
    edit->setPlaceholderText(placeholder);
    edit->setClearButtonEnabled(true);
    if (!help.isEmpty())
        edit->setToolTip(help);
    m_fields.insert(fileKey, edit);
    auto *error = errorLabel();
    error->setObjectName(fileKey + QStringLiteral("/error"));
    m_errors.insert(fileKey, error);
    auto *override = new QLabel;
    override->setWordWrap(true);
    override->setForegroundRole(QPalette::PlaceholderText);
    override->setObjectName(fileKey + QStringLiteral("/override"));
    override->hide();
    m_overrides.insert(fileKey, override);
    auto *cell = new QWidget;
    auto *column = new QVBoxLayout(cell);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(2);
    column->addWidget(edit);
    column->addWidget(override);
    column->addWidget(error);
    form->addRow(label, cell);
    // A corrected value should not go on looking wrong.
    connect(edit, &QLineEdit::textEdited, error, &QWidget::hide);
    return edit;
}

QWidget *SettingsDialog::withPicker(QLineEdit *edit, const QString &title)
{
    // The field's cell gets a Browse button beside the line edit.
    auto *button = new QPushButton(tr("Browse…"));
    connect(button, &QPushButton::clicked, this, [this, edit, title] {
        const QString file = QFileDialog::getOpenFileName(this, title, edit->text(),
                                                          tr("PEM files (*.pem *.crt *.key);;All files (*)"));
        if (!file.isEmpty())
            edit->setText(file);
    });
    auto *row = new QHBoxLayout;
    row->setContentsMargins(0, 0, 0, 0);
    auto *column = qobject_cast<QVBoxLayout *>(edit->parentWidget()->layout());
    column->removeWidget(edit);
    row->addWidget(edit, 1);
    row->addWidget(button);
    column->insertLayout(0, row);
    return button;
}

QWidget *SettingsDialog::generalPage()
{
    auto *page = new QWidget;
    auto *form = new QFormLayout(page);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    addField(form, QStringLiteral("server/port"), tr("&Port:"), QStringLiteral("8765"),
             tr("The one port to forward on the router. 0 picks a free port."));
    addField(form, QStringLiteral("server/host"), tr("Listen on:"), QStringLiteral("0.0.0.0"),
             tr("0.0.0.0 accepts connections from anywhere; 127.0.0.1 from this computer only."));
    addField(form, QStringLiteral("server/domain"), tr("Public &address:"), tr("localhost:<port>"),
             tr("The domain devices use to reach this relay, e.g. relay.example.org"));
    m_startAtLogin = new QCheckBox(tr("Start Switchboard when I log in"));
    m_startAtLogin->setObjectName(QStringLiteral("startAtLogin"));
    form->addRow(QString(), m_startAtLogin);
    m_language = new QComboBox;
    m_language->setObjectName(QStringLiteral("language"));
    m_language->addItem(tr("System default"), QString());
    for (const Languages::Language &language : Languages::available())
        m_language->addItem(language.nativeName, language.code);
    form->addRow(tr("&Language:"), m_language);
    return page;
}

QWidget *SettingsDialog::tlsPage()
{
    auto *page = new QWidget;
    auto *form = new QFormLayout(page);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    auto *intro = new QLabel(tr("With a certificate the relay speaks HTTPS and WSS on the same port. "
                                "Certbot's fullchain.pem and privkey.pem work as they are; renewed files "
                                "are picked up without a restart."));
    intro->setWordWrap(true);
    form->addRow(intro);
    withPicker(addField(form, QStringLiteral("tls/certificate"), tr("&Certificate:"), tr("none (plain HTTP)")),
               tr("Choose the certificate chain"));
    withPicker(addField(form, QStringLiteral("tls/key"), tr("Private &key:"), tr("none")),
               tr("Choose the private key"));
    return page;
}

QWidget *SettingsDialog::servicesPage()
{
    auto *page = new QWidget;
    auto *layout = new QVBoxLayout(page);
    auto *intro = new QLabel(tr("Services this relay offers. All share the one port."));
    intro->setWordWrap(true);
    layout->addWidget(intro);
    for (const QString &service : Settings().services) {
        auto *box = new QCheckBox(QStringLiteral("%1 — %2").arg(ServiceNames::displayName(service),
                                                                ServiceNames::description(service)));
        box->setObjectName(service);
        m_services.insert(service, box);
        layout->addWidget(box);
    }
    auto *error = errorLabel();
    m_errors.insert(kServicesKey, error);
    layout->addWidget(error);
    layout->addStretch(1);
    return page;
}

QWidget *SettingsDialog::limitsPage()
{
    auto *page = new QWidget;
    auto *form = new QFormLayout(page);
    const Settings defaults;
    addField(form, QStringLiteral("limits/max_connections"), tr("Connections at once:"),
             QString::number(defaults.maxConnections));
    addField(form, QStringLiteral("limits/max_connections_per_ip"), tr("Connections per address:"),
             QString::number(defaults.maxConnectionsPerIp));
    addField(form, QStringLiteral("limits/idle_timeout"), tr("Idle timeout (seconds):"),
             QString::number(defaults.idleTimeoutSeconds));
    addField(form, QStringLiteral("limits/peer_wait_timeout"), tr("Wait for a peer (seconds):"),
             QString::number(defaults.peerWaitSeconds));
    addField(form, QStringLiteral("limits/max_body"), tr("Largest request body (bytes):"),
             QString::number(defaults.maxBodyBytes));
    return page;
}

void SettingsDialog::load()
{
    const QMap<QString, QString> values = m_controller->settingsFile().values();
    for (auto it = m_fields.cbegin(); it != m_fields.cend(); ++it)
        it.value()->setText(values.value(it.key()));
    const QStringList running = values.contains(kServicesKey)
                                    ? values.value(kServicesKey).split(QLatin1Char(','), Qt::SkipEmptyParts)
                                    : Settings().services;
    for (auto it = m_services.cbegin(); it != m_services.cend(); ++it) {
        const bool on = std::any_of(running.cbegin(), running.cend(),
                                    [&](const QString &s) { return s.trimmed() == it.key(); });
        it.value()->setChecked(on);
    }
    m_startAtLogin->setChecked(Autostart::isEnabled());
    m_language->setCurrentIndex(std::max(0, m_language->findData(Languages::configured())));
    showOverrides();
}

void SettingsDialog::showOverrides()
{
    // An option or variable the app was started with wins over the file: say so, or the user
    // would change a field and wonder why nothing happens.
    const SettingSources &sources = m_controller->sources();
    for (const SettingSpec &spec : settingSpecs()) {
        QLabel *label = m_overrides.value(spec.fileKey);
        if (!label)
            continue;
        QString by;
        if (!spec.option.isEmpty() && sources.commandLine.contains(spec.option))
            by = tr("Set to “%1” by the option --%2, which wins over this field.")
                     .arg(sources.commandLine.value(spec.option), spec.option);
        else if (!spec.envName.isEmpty() && sources.environment.contains(spec.envName))
            by = tr("Set to “%1” by the environment variable %2, which wins over this field.")
                     .arg(sources.environment.value(spec.envName), spec.envName);
        label->setText(by);
        label->setVisible(!by.isEmpty());
    }
}

QMap<QString, QString> SettingsDialog::collect() const
{
    // Start from the file so settings this dialog does not show (mesh tokens, rates) survive.
    QMap<QString, QString> values = m_controller->settingsFile().values();
    for (auto it = m_fields.cbegin(); it != m_fields.cend(); ++it) {
        const QString text = it.value()->text().trimmed();
        if (text.isEmpty())
            values.remove(it.key());
        else
            values.insert(it.key(), text);
    }
    QStringList chosen;
    for (const QString &service : Settings().services) {
        if (m_services.value(service)->isChecked())
            chosen << service;
    }
    if (chosen == Settings().services)
        values.remove(kServicesKey); // all: the default, and whatever services later versions add
    else
        values.insert(kServicesKey, chosen.join(QLatin1Char(',')));
    return values;
}

bool SettingsDialog::apply()
{
    clearErrors();
    const bool anyService = std::any_of(m_services.cbegin(), m_services.cend(),
                                        [](const QCheckBox *box) { return box->isChecked(); });
    if (!anyService) {
        showError(kServicesKey, tr("Choose at least one service."));
        return false;
    }
    const QString error = m_controller->apply(collect());
    if (!error.isEmpty()) {
        const SettingsError parsed = SettingsError::parse(error);
        showError(m_errors.contains(parsed.fileKey) ? parsed.fileKey : kGeneral,
                  m_errors.contains(parsed.fileKey) ? parsed.reason : error);
        return false;
    }

    QString autostartError;
    if (m_startAtLogin->isChecked() != Autostart::isEnabled()
        && !Autostart::setEnabled(m_startAtLogin->isChecked(), QCoreApplication::applicationFilePath(),
                                  &autostartError)) {
        showError(kGeneral, tr("Could not change start at login: %1").arg(autostartError));
        return false;
    }
    const QString language = m_language->currentData().toString();
    if (language != Languages::configured()) {
        Languages::setConfigured(language);
        Languages::apply(language);
    }
    emit applied();
    return true;
}

QString SettingsDialog::errorText(const QString &fileKey) const
{
    const QLabel *label = m_errors.value(fileKey);
    return label && !label->isHidden() ? label->text() : QString();
}

void SettingsDialog::clearErrors()
{
    for (QLabel *label : std::as_const(m_errors)) {
        label->clear();
        label->hide();
    }
}

void SettingsDialog::showError(const QString &fileKey, const QString &reason)
{
    QLabel *label = m_errors.value(fileKey);
    label->setText(reason);
    label->show();
    // Bring the field into view: switch to its tab and put the cursor in it.
    if (QLineEdit *edit = m_fields.value(fileKey)) {
        for (QWidget *w = edit; w; w = w->parentWidget()) {
            if (auto *tabs = qobject_cast<QTabWidget *>(w->parentWidget() ? w->parentWidget()->parentWidget() : nullptr)) {
                tabs->setCurrentWidget(w);
                break;
            }
        }
        edit->setFocus();
        edit->selectAll();
    } else if (fileKey == kServicesKey) {
        if (auto *tabs = findChild<QTabWidget *>(QStringLiteral("settingsTabs")))
            tabs->setCurrentIndex(2);
    }
}

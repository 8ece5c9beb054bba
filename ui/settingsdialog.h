#pragma once
// Settings: where the relay listens and under which address it is reached, TLS, which services
// run, limits, start at login and language. Apply checks the values the way the server would
// (SettingsLoader); a bad one is refused with its reason right under its field, good ones take
// effect at once (the relay restarts itself, the app keeps running).
#include <QDialog>
#include <QMap>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class RelayController;

class SettingsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit SettingsDialog(RelayController *controller, QWidget *parent = nullptr);

    // True when everything applied; otherwise the reasons are shown next to the fields.
    bool apply();

    QLineEdit *field(const QString &fileKey) const { return m_fields.value(fileKey); }
    QCheckBox *serviceBox(const QString &service) const { return m_services.value(service); }
    // The reason shown under a field (empty when none); "" key: the general message line.
    QString errorText(const QString &fileKey) const;
    QCheckBox *startAtLoginBox() const { return m_startAtLogin; }
    QComboBox *languageBox() const { return m_language; }

signals:
    void applied();

private:
    QLineEdit *addField(class QFormLayout *form, const QString &fileKey, const QString &label,
                        const QString &placeholder, const QString &help = QString());
    QWidget *withPicker(QLineEdit *edit, const QString &title);
    QWidget *tlsPage();
    QWidget *generalPage();
    QWidget *servicesPage();
    QWidget *limitsPage();
    void load();
    void showOverrides();
    void clearErrors();
    void showError(const QString &fileKey, const QString &reason);
    QMap<QString, QString> collect() const;

    RelayController *m_controller;
    QMap<QString, QLineEdit *> m_fields; // INI key -> its field
    QMap<QString, QLabel *> m_errors; // INI key -> the label under it ("" general)
    QMap<QString, QLabel *> m_overrides; // INI key -> "set by --port", when an option wins
    QMap<QString, QCheckBox *> m_services;
    QCheckBox *m_startAtLogin = nullptr;
    QComboBox *m_language = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

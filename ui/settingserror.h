#pragma once
// Reads the one-line errors of SettingsLoader ("port (server/port in …): \"x\" is not a port
// number") and of Relay::start ("tls-cert: …", "port 8765: cannot listen …") back into which
// setting is wrong and why, so the dialog can put the reason next to the field.
#include <QString>

struct SettingsError
{
    QString fileKey; // "server/port", "tls/key"; empty when no one field is to blame
    QString reason; // the message without the setting's name and origin

    static SettingsError parse(const QString &error);
};

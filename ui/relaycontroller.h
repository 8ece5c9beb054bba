#pragma once
// Owns the Relay on behalf of the tray app. Pausing shuts the Relay down (nothing is relayed, the
// port is free); resuming builds a new one. Applying settings checks them the way the server
// would, saves them to the INI file and swaps in a Relay built from them; a bad value or a Relay
// that will not start leaves the running one (and the file) as they were.
#include "config/settingsloader.h"
#include "relaysettingsfile.h"

#include <QObject>
#include <QPointer>

#include "relay.h"

class RelayController : public QObject
{
    Q_OBJECT
public:
    enum class State { Stopped, Running, Paused, Problem };
    Q_ENUM(State)

    // `sources` are the command line and environment the app was started with; the settings
    // file is read under them (options and variables win, as for the server).
    RelayController(SettingSources sources, const QString &settingsPath, QObject *parent = nullptr);
    ~RelayController() override;

    // Reads the settings and starts a Relay. False (state Problem, problem() says why) when the
    // settings are bad or the relay cannot listen.
    bool start();
    void pause();
    bool resume();
    // Empty on success; otherwise the reason in one line, naming the setting.
    QString apply(const QMap<QString, QString> &values);
    // Shuts the relay down; emits finished() once it has closed its connections.
    void quit();

    Relay *relay() const { return m_relay; }
    State state() const { return m_state; }
    QString problem() const { return m_problem; }
    const Settings &settings() const { return m_settings; }
    const RelaySettingsFile &settingsFile() const { return m_file; }
    // The command line and environment the app was started with (they win over the file).
    const SettingSources &sources() const { return m_sources; }
    // The address clients are given: "http://localhost:8765", "https://relay.example.org".
    QString shareUrl() const;

signals:
    // A new Relay runs, or (nullptr) none does; views drop what they showed of the old one.
    void relayChanged(Relay *relay);
    void stateChanged(RelayController::State state);
    void finished();

private:
    SettingsResult loadSettings() const;
    QString startRelay(const Settings &settings);
    void retireRelay();
    void setState(State state, const QString &problem = QString());

    SettingSources m_sources;
    RelaySettingsFile m_file;
    Settings m_settings;
    QPointer<Relay> m_relay;
    State m_state = State::Stopped;
    QString m_problem;
    int m_retiring = 0; // relays shut down but not yet stopped
    bool m_quitting = false;
};

#include "relaycontroller.h"

#include "relay.h"
#include "uilog.h"

#include <QFile>

RelayController::RelayController(SettingSources sources, const QString &settingsPath, QObject *parent)
    : QObject(parent), m_sources(std::move(sources)), m_file(settingsPath)
{
}

RelayController::~RelayController() = default;

SettingsResult RelayController::loadSettings() const
{
    SettingSources sources = m_sources;
    // The loader refuses a --config file that does not exist; on a first run there is none yet.
    if (m_file.exists())
        sources.commandLine.insert(QStringLiteral("config"), m_file.path());
    return SettingsLoader::load(sources);
}

bool RelayController::start()
{
    const SettingsResult loaded = loadSettings();
    if (!loaded.ok()) {
        setState(State::Problem, loaded.error);
        return false;
    }
    m_settings = loaded.settings;
    const QString error = startRelay(m_settings);
    if (!error.isEmpty()) {
        setState(State::Problem, error);
        return false;
    }
    setState(State::Running);
    return true;
}

void RelayController::pause()
{
    if (!m_relay)
        return;
    qCInfo(lcUi) << "relaying paused";
    retireRelay();
    setState(State::Paused);
}

bool RelayController::resume()
{
    if (m_relay)
        return true;
    qCInfo(lcUi) << "relaying resumed";
    return start();
}

QString RelayController::apply(const QMap<QString, QString> &requested)
{
    // Empty means "the default", as in the file, where empty values are left out.
    QMap<QString, QString> values;
    for (auto it = requested.cbegin(); it != requested.cend(); ++it) {
        if (!it.value().trimmed().isEmpty())
            values.insert(it.key(), it.value());
    }
    const SettingsResult candidate = RelaySettingsFile::validate(values);
    if (!candidate.ok())
        return candidate.error;
    // OK in a dialog where only the language changed must not cut every session.
    if (m_relay && m_file.exists() && values == m_file.values())
        return {};

    // Keep the old settings so a relay that cannot start with the new ones (a port in use)
    // leaves everything as it was. They go back through QSettings too: it caches files
    // process-wide and judges a change by modification time and size, so bytes put back behind
    // its back within the same second would be read as the new values.
    const bool hadFile = m_file.exists();
    const QMap<QString, QString> previousValues = m_file.values();
    QString writeError;
    if (!m_file.write(values, &writeError))
        return QStringLiteral("config: %1").arg(writeError);

    const auto restoreFile = [&] {
        if (hadFile)
            m_file.write(previousValues, nullptr);
        else
            QFile::remove(m_file.path());
    };

    const SettingsResult effective = loadSettings();
    if (!effective.ok()) {
        restoreFile();
        return effective.error;
    }
    const bool wasRunning = m_relay != nullptr;
    const Settings previous = m_settings;
    if (!wasRunning) {
        // Paused (or stopped by a problem): keep it that way, the new settings apply on resume.
        m_settings = effective.settings;
        if (m_state == State::Problem && !start()) {
            // Still not starting (the port is taken, say): the reason belongs in the dialog,
            // and the file keeps what it had.
            restoreFile();
            return m_problem;
        }
        return {};
    }
    retireRelay();
    const QString error = startRelay(effective.settings);
    if (error.isEmpty()) {
        m_settings = effective.settings;
        qCInfo(lcUi) << "settings applied; the relay runs with them";
        setState(State::Running);
        return {};
    }
    qCWarning(lcUi).noquote() << "new settings refused:" << error;
    restoreFile();
    const QString again = startRelay(previous);
    if (!again.isEmpty())
        setState(State::Problem, again);
    else
        setState(State::Running);
    return error;
}

void RelayController::quit()
{
    m_quitting = true;
    if (m_relay)
        retireRelay();
    if (m_retiring == 0)
        emit finished();
}

QString RelayController::shareUrl() const
{
    if (!m_relay)
        return {};
    return m_relay->publicScheme() + QStringLiteral("://") + m_relay->domain();
}

QString RelayController::startRelay(const Settings &settings)
{
    auto *relay = new Relay(settings, this);
    QString error;
    if (!relay->start(&error)) {
        delete relay;
        return error;
    }
    m_relay = relay;
    emit relayChanged(relay);
    return {};
}

void RelayController::retireRelay()
{
    Relay *old = m_relay;
    if (!old)
        return;
    m_relay = nullptr;
    emit relayChanged(nullptr);
    // Listeners close at once (the port is free for a successor); open WebSockets get a
    // moment to hear "going away" before the old relay is deleted.
    ++m_retiring;
    connect(old, &Relay::stopped, this, [this, old] {
        old->deleteLater();
        if (--m_retiring == 0 && m_quitting)
            emit finished();
    });
    old->shutdown();
}

void RelayController::setState(State state, const QString &problem)
{
    const bool changed = state != m_state || problem != m_problem;
    m_state = state;
    m_problem = problem;
    if (!problem.isEmpty())
        qCWarning(lcUi).noquote() << "relay problem:" << problem;
    if (changed)
        emit stateChanged(state);
}

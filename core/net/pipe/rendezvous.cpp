#include "rendezvous.h"

#include "pipehost.h"
#include "pipethreads.h"

#include "sessions/sessioncontrol.h"
#include "sessions/sessionregistry.h"


namespace {
QString addressOf(PipeEndpoint *endpoint)
{
    // "websocket 192.0.2.1:5555" -> "192.0.2.1:5555"
    return endpoint->describe().section(QLatin1Char(' '), -1);
}
} // namespace

Rendezvous::Options Rendezvous::Options::from(const Settings &settings)
{
    Options options;
    options.waitBufferBytes = settings.peerWaitBufferBytes;
    options.waitSeconds = settings.peerWaitSeconds;
    options.pipe.highWaterBytes = settings.pipeBufferBytes;
    options.pipe.lowWaterBytes = settings.pipeBufferBytes / 4;
    return options;
}

Rendezvous::Rendezvous(QString service, SessionRegistry *registry, const QLoggingCategory &log,
                       const Options &options, QObject *parent)
    : QObject(parent), m_service(std::move(service)), m_registry(registry), m_log(log), m_options(options),
      m_threads(new PipeThreads(1, this))
{
    SessionControl::of(m_registry)->addHandler(m_service, this, [this](const QString &sessionId) {
        return disconnectSession(sessionId);
    });
}

bool Rendezvous::disconnectSession(const QString &sessionId)
{
    const QString reason = QStringLiteral("disconnected by the relay's owner");
    for (auto it = m_waiting.cbegin(); it != m_waiting.cend(); ++it) {
        if (it->sessionId == sessionId) {
            qCInfo(m_log).noquote() << m_service + QLatin1Char('/') + sessionId << ":" << reason;
            dismiss(it.key(), 1000, reason);
            return true;
        }
    }
    const auto joined = m_joined.constFind(sessionId);
    if (joined == m_joined.cend())
        return false;
    qCInfo(m_log).noquote() << m_service + QLatin1Char('/') + sessionId << ":" << reason;
    // The pipe may run on another thread: its host there closes it (at once when it is here).
    PipeHost *host = *joined;
    if (!host)
        return false;
    QMetaObject::invokeMethod(host, [host, key = Session::keyFor(m_service, sessionId), reason] {
        host->closeSession(key, 1000, reason);
    });
    return true;
}

PipeEndpoint *Rendezvous::waitingEndpoint(const QString &key) const
{
    const auto it = m_waiting.constFind(key);
    return it == m_waiting.cend() ? nullptr : it->peer->endpoint();
}

void Rendezvous::park(const QString &key, const QString &sessionId, PipeEndpoint *endpoint, const QString &label)
{
    auto *peer = new WaitingPeer(endpoint, m_options.waitBufferBytes, m_options.waitSeconds, this);
    m_waiting.insert(key, Waiting{peer, sessionId, label});
    connect(peer, &WaitingPeer::left, this, [this, key, peer](quint16 code, const QString &reason) {
        const auto it = m_waiting.constFind(key);
        if (it == m_waiting.cend() || it->peer != peer)
            return;
        qCInfo(m_log).noquote() << m_service + QLatin1Char('/') + it->sessionId << ": waiting"
                                << it->label << "left with" << code << reason;
        forget(key);
    });
    Session session;
    session.service = m_service;
    session.id = sessionId;
    session.peers = {label};
    session.remoteAddresses = {addressOf(endpoint)};
    m_registry->begin(session);
}

void Rendezvous::forget(const QString &key)
{
    const auto it = m_waiting.find(key);
    if (it == m_waiting.end())
        return;
    const QString sessionKey = Session::keyFor(m_service, it->sessionId);
    it->peer->deleteLater();
    m_waiting.erase(it);
    m_registry->end(sessionKey);
}

void Rendezvous::dismiss(const QString &key, quint16 code, const QString &reason)
{
    const auto it = m_waiting.constFind(key);
    if (it == m_waiting.cend())
        return;
    PipeEndpoint *endpoint = it->peer->endpoint();
    forget(key);
    if (endpoint)
        endpoint->close(code, reason);
}

void Rendezvous::meet(const QString &key, PipeEndpoint *arriving, const QString &label,
                      const std::function<void(PipeEndpoint *)> &beforeStart)
{
    const auto it = m_waiting.find(key);
    if (it == m_waiting.end())
        return;
    const Waiting waiting = *it;
    m_waiting.erase(it);
    PipeEndpoint *parked = waiting.peer->endpoint();
    const Pipe::Messages early = waiting.peer->release();
    waiting.peer->deleteLater();

    const QString sessionKey = Session::keyFor(m_service, waiting.sessionId);
    if (!parked) {
        m_registry->end(sessionKey);
        arriving->close(1011, QStringLiteral("peer vanished"));
        return;
    }
    m_registry->setPeers(sessionKey, {waiting.label, label}, {addressOf(parked), addressOf(arriving)});
    qCInfo(m_log).noquote() << sessionKey << ": paired" << waiting.label << "with" << label;
    if (beforeStart)
        beforeStart(parked);
    auto *pipe = new Pipe(parked, arriving, m_registry, sessionKey, m_log, m_options.pipe);
    const QString sessionId = waiting.sessionId;
    // Queued when the pipe runs on another thread; its last byte counts come before it.
    connect(pipe, &Pipe::finished, this, [this, sessionKey, sessionId] {
        m_joined.remove(sessionId);
        m_registry->end(sessionKey);
    });
    // Entered before the start, which may already end the pipe (a side that left meanwhile).
    m_joined.insert(sessionId, nullptr);
    PipeHost *host = m_threads->start(pipe, parked, arriving, early);
    if (const auto it = m_joined.find(sessionId); it != m_joined.end() && *it == nullptr)
        *it = host;
}

#pragma once
// The relay's own pages: GET / (status page), /health, /stats, /metrics (Prometheus), and the
// /live WebSocket that pushes the /health figures whenever sessions change.
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QList>

class WebSocketConnection;
class Relay;

class StatusEndpoints : public QObject
{
    Q_OBJECT
public:
    explicit StatusEndpoints(Relay *relay);

    QJsonObject health() const;
    QJsonObject stats() const;
    QByteArray prometheusText() const;

private:
    void pushToLiveListeners();
    Relay *m_relay;
    QList<QPointer<WebSocketConnection>> m_liveListeners;
};

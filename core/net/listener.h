#pragma once
// A listening port. Every accepted descriptor goes straight to the shared front door, so extra
// ports (the originals' 3790, 8080, 9090, 9091) serve exactly what the main port serves.
#include <QTcpServer>

class FrontDoor;

class Listener : public QTcpServer
{
    Q_OBJECT
public:
    Listener(FrontDoor *door, QObject *parent = nullptr) : QTcpServer(parent), m_door(door) {}

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    FrontDoor *m_door;
};

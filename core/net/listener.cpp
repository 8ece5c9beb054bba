#include "listener.h"

#include "frontdoor.h"

void Listener::incomingConnection(qintptr descriptor)
{
    m_door->accept(descriptor);
}

#include "meshcapabilitygrant.h"

CapabilityGrant CapabilityGrant::limitedTo(const QStringList &granted)
{
    CapabilityGrant grant;
    grant.m_granted = granted;
    return grant;
}

CapabilityGrant::Outcome CapabilityGrant::apply(const QStringList &claimed) const
{
    Outcome outcome;
    if (!m_granted) {
        outcome.held = claimed;
        return outcome;
    }
    for (const QString &capability : claimed) {
        if (m_granted->contains(capability))
            outcome.held << capability;
        else if (!outcome.refused.contains(capability))
            outcome.refused << capability;
    }
    return outcome;
}

#pragma once
// Which of the capabilities a member claims the relay holds for it.
//
// The original believed every claim, so a member that claimed `llm` or `chat` was sent other
// members' prompts. A deployed-dialect signed token carries a `capabilities` list that the mesh
// founder signed: for a member admitted with such a token the relay holds only what it both
// claims and was granted, at join and on every capabilities_update. The rest is refused (the
// member is told which, and stays connected, so an honest client claiming a little too much keeps
// working with what it was given).
//
// Nothing vouches for the capabilities of members admitted otherwise (an open mesh, the shared
// configured token, a paired device's token) and a founder that proved itself with register_mesh
// decides about its own mesh: those hold whatever they claim.
#include <QStringList>
#include <optional>

class CapabilityGrant
{
public:
    // Holds every claim.
    static CapabilityGrant unrestricted() { return CapabilityGrant(); }
    // Holds only claims among `granted`.
    static CapabilityGrant limitedTo(const QStringList &granted);

    bool isRestricted() const { return m_granted.has_value(); }

    struct Outcome
    {
        QStringList held; // the claims granted, in the order claimed
        QStringList refused; // the claims not granted, each once
    };
    Outcome apply(const QStringList &claimed) const;

private:
    std::optional<QStringList> m_granted;
};

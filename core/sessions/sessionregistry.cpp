#include "sessionregistry.h"

const QStringList &SessionRegistry::serviceNames()
{
    static const QStringList names{QStringLiteral("tunnel"), QStringLiteral("localfirst"),
                                   QStringLiteral("pairing"), QStringLiteral("mesh"),
                                   QStringLiteral("libp2p")};
    return names;
}

QSet<QString> SessionRegistry::takeTouchedKeys()
{
    QSet<QString> keys;
    keys.swap(m_touched);
    return keys;
}

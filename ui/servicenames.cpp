#include "servicenames.h"

#include <QCoreApplication>

namespace ServiceNames {

QString displayName(const QString &service)
{
    if (service == QLatin1String("tunnel"))
        return QCoreApplication::translate("ServiceNames", "Tunnel");
    if (service == QLatin1String("localfirst"))
        return QCoreApplication::translate("ServiceNames", "Local-first");
    if (service == QLatin1String("pairing"))
        return QCoreApplication::translate("ServiceNames", "File pairing");
    if (service == QLatin1String("mesh"))
        return QCoreApplication::translate("ServiceNames", "Mesh");
    if (service == QLatin1String("libp2p"))
        return QCoreApplication::translate("ServiceNames", "libp2p");
    return service;
}

QString description(const QString &service)
{
    if (service == QLatin1String("tunnel"))
        return QCoreApplication::translate("ServiceNames", "Clode Studio desktops and their browsers");
    if (service == QLatin1String("localfirst"))
        return QCoreApplication::translate("ServiceNames", "Apps built on @localfirst/relay");
    if (service == QLatin1String("pairing"))
        return QCoreApplication::translate("ServiceNames", "p2p-copy senders and receivers");
    if (service == QLatin1String("mesh"))
        return QCoreApplication::translate("ServiceNames", "Atmosphere devices");
    if (service == QLatin1String("libp2p"))
        return QCoreApplication::translate("ServiceNames", "js-libp2p nodes (circuit relay)");
    return {};
}

} // namespace ServiceNames

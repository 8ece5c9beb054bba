#include "paircommand.h"

#include "devices/adminclient.h"
#include "devices/qrcode.h"
#include "secrets/secretstorefactory.h"

#include <QCoreApplication>
#include <QStandardPaths>
#include <QTextStream>

#include <unistd.h>

namespace PairCommand {

namespace {

// The admin token, when this user can read it (the relay's data directory or keychain): needed
// only when loopback requests are not admin (--admin-loopback no, a specific --host), sent always.
QByteArray adminToken(const Settings &settings)
{
    QString dataDir = settings.dataDir;
    if (dataDir.isEmpty())
        dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    SecretStoreFactory::Opened store = SecretStoreFactory::open(settings.secretStore, dataDir,
                                                                SecretStoreFactory::keychainServiceFor(dataDir));
    if (!store.store)
        return {};
    return store.store->read(QStringLiteral("admin-token")).value_or(QByteArray()).trimmed();
}

QString drawQr(const QString &text, bool colour)
{
    const QString plain = QrCode::encode(text).toTerminal();
    if (!colour)
        return plain;
    // White on black whatever the terminal's theme: light blocks are the code's light modules.
    QString out;
    for (const QString &line : plain.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
        out += QStringLiteral("\x1b[97;40m") + line + QStringLiteral("\x1b[0m\n");
    return out;
}

} // namespace

int run(const Settings &settings)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    const QString host = AdminClient::connectHostFor(settings.host);
    const AdminClient::Result result = AdminClient::requestPairingCode(host, settings.port, adminToken(settings));
    if (!result.ok) {
        err << QCoreApplication::applicationName() << " pair: " << result.error << '\n';
        return 1;
    }
    const QString url = result.code.url.toString();
    const QDateTime expires = result.code.expiresAt.toLocalTime();
    out << "Pairing code: " << result.code.code << "  (single use, expires at "
        << expires.toString(QStringLiteral("HH:mm:ss")) << ")\n"
        << "Open on the phone: " << url << "\n\n"
        << drawQr(url, ::isatty(STDOUT_FILENO) == 1) << '\n'
        << "Scan the QR code with the phone's camera, or open the URL and enter the code.\n";
    const QString urlHost = result.code.url.host();
    if (urlHost == QLatin1String("localhost") || urlHost.startsWith(QLatin1String("127.")))
        out << "Note: the URL names " << urlHost << ", which a phone cannot reach. Start the relay with "
            << "--domain set to this machine's address or name (e.g. --domain 192.168.1.20:" << settings.port << ").\n";
    return 0;
}

} // namespace PairCommand

#pragma once
// What every tray-app test needs: a relay on a free loopback port with its data in a temporary
// directory and secrets in files (no keychain probe), and a way to read a QR code back.
#include "config/settingsloader.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>

namespace TestEnvironment {

// Command-line layer for a RelayController: the loader applies it over the settings file, like
// options given to the app. Port and host stay out so tests can set them in the file.
inline SettingSources sources(const QString &dataDir)
{
    SettingSources s;
    s.commandLine.insert(QStringLiteral("data-dir"), dataDir);
    s.commandLine.insert(QStringLiteral("secret-store"), QStringLiteral("file"));
    s.environment = QProcessEnvironment();
    return s;
}

// A relay.ini that listens on a free loopback port.
inline QString writeConfig(const QString &directory, const QString &extra = QString())
{
    const QString path = QDir(directory).filePath(QStringLiteral("relay.ini"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write("[server]\nport=0\nhost=127.0.0.1\n");
    file.write(extra.toUtf8());
    return path;
}

inline Settings settings(const QString &dataDir)
{
    Settings s;
    s.host = QStringLiteral("127.0.0.1");
    s.port = 0;
    s.dataDir = dataDir;
    s.secretStore = QStringLiteral("file");
    return s;
}

// The text zbarimg reads from `image`, or empty.
inline QString decodeQr(const QImage &image, const QString &directory)
{
    const QString png = QDir(directory).filePath(QStringLiteral("qr.png"));
    if (!image.save(png))
        return {};
    QProcess zbar;
    zbar.start(QStringLiteral(ZBARIMG), {QStringLiteral("--raw"), QStringLiteral("-q"), png});
    if (!zbar.waitForFinished(20000) || zbar.exitCode() != 0)
        return {};
    return QString::fromUtf8(zbar.readAllStandardOutput()).trimmed();
}

} // namespace TestEnvironment

// The start-at-login entry the tray app writes must be a valid desktop entry that names the icon
// and the binary the switchboard package installs, as the packaged .desktop file does.
#include "autostart.h"

#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

class TstAutostartEntry : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void entryIsValidAndMatchesThePackage()
    {
        const QString validator = QStandardPaths::findExecutable(QStringLiteral("desktop-file-validate"));
        if (validator.isEmpty())
            QSKIP("desktop-file-validate is missing (installer/install-deps.sh installs desktop-file-utils)");
        QString error;
        QVERIFY2(Autostart::setEnabled(true, QStringLiteral("/usr/bin/switchboard"), &error), qPrintable(error));
        const QString path = Autostart::desktopFilePath();
        QProcess validate;
        validate.setProcessChannelMode(QProcess::MergedChannels);
        validate.start(validator, {path});
        QVERIFY(validate.waitForFinished(10000));
        const QByteArray output = validate.readAll();
        QVERIFY2(validate.exitCode() == 0 && output.trimmed().isEmpty(), output.constData());

        QFile written(path);
        QVERIFY(written.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = written.readAll().split('\n');
        QFile packaged(QStringLiteral(SWITCHBOARD_PACKAGED_DESKTOP_FILE));
        QVERIFY(packaged.open(QIODevice::ReadOnly));
        const QList<QByteArray> packagedLines = packaged.readAll().split('\n');
        // The same icon name (hicolor/scalable/apps/switchboard.svg) and the installed binary.
        QVERIFY(lines.contains("Icon=switchboard"));
        QVERIFY(packagedLines.contains("Icon=switchboard"));
        QVERIFY(lines.contains("Exec=\"/usr/bin/switchboard\""));
        QVERIFY(packagedLines.contains("Exec=switchboard"));

        QVERIFY(Autostart::setEnabled(false, QString()));
        QVERIFY(!QFile::exists(path));
    }
};

QTEST_GUILESS_MAIN(TstAutostartEntry)
#include "tst_autostart_entry.moc"

// QrCode: what it draws decodes back to the exact text (zbarimg from zbar-tools reads the PBM).
#include "devices/qrcode.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

namespace {

QString decode(const QByteArray &pbm)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("qr.pbm"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write(pbm);
    file.close();
    QProcess zbar;
    zbar.start(QStringLiteral("zbarimg"), {QStringLiteral("--nodbus"), QStringLiteral("--quiet"), QStringLiteral("--raw"), path});
    if (!zbar.waitForFinished(20000))
        return {};
    return QString::fromUtf8(zbar.readAllStandardOutput()).trimmed();
}

// Turns the terminal drawing back into a bitmap: '█' both light, '▀' upper light, '▄' lower light.
QByteArray pbmFromTerminal(const QString &text, int scale = 4)
{
    QList<QList<bool>> rows; // true: dark
    for (const QString &line : text.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        QList<bool> upper, lower;
        for (const QChar c : line) {
            upper << !(c == QChar(0x2588) || c == QChar(0x2580));
            lower << !(c == QChar(0x2588) || c == QChar(0x2584));
        }
        rows << upper << lower;
    }
    const int width = int(rows.first().size()) * scale;
    QByteArray out = "P1\n" + QByteArray::number(width) + ' ' + QByteArray::number(rows.size() * scale) + '\n';
    for (const QList<bool> &row : rows) {
        QByteArray line;
        for (bool dark : row)
            line += QByteArray(scale, dark ? '1' : '0');
        for (int i = 0; i < scale; ++i)
            out += line + '\n';
    }
    return out;
}

} // namespace

class TestQrCode : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("zbarimg")).isEmpty())
            QFAIL("zbarimg (Debian zbar-tools) is needed to check the QR codes");
    }

    void decodesBackToTheText_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("pairing URL") << QStringLiteral("https://relay.example.org/pair#ACDE3467");
        QTest::newRow("local URL") << QStringLiteral("http://192.168.1.20:8765/pair#QRTUVWXY");
        QTest::newRow("long") << QStringLiteral("https://a-rather-long-relay-name.example.org:8443/pair#") + QString(40, QLatin1Char('K'));
    }

    void decodesBackToTheText()
    {
        QFETCH(QString, text);
        const QrCode qr = QrCode::encode(text);
        QVERIFY(!qr.isNull());
        QCOMPARE(decode(qr.toPbm()), text);
        QCOMPARE(decode(pbmFromTerminal(qr.toTerminal())), text);
    }

    void drawingsHaveAQuietZone()
    {
        const QrCode qr = QrCode::encode(QStringLiteral("x"));
        const int side = qr.size() + 2 * QrCode::kQuietZone;
        const QStringList lines = qr.toTerminal().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), (side + 1) / 2);
        QCOMPARE(lines.first(), QString(side, QChar(0x2588))); // four light rows on top
        QCOMPARE(lines.at(1), QString(side, QChar(0x2588)));
        QVERIFY(qr.toSvg().contains("viewBox=\"0 0 " + QByteArray::number(side) + ' ' + QByteArray::number(side) + '"'));
        int dark = 0;
        for (int y = 0; y < qr.size(); ++y)
            for (int x = 0; x < qr.size(); ++x)
                dark += qr.dark(x, y);
        QCOMPARE(int(qr.toSvg().count("h1v1h-1z")), dark);
    }
};

QTEST_GUILESS_MAIN(TestQrCode)
#include "tst_qrcode.moc"

// The pairing QR code decodes back to exactly the URL it was made from (zbarimg, as a phone
// camera would read the screen).
#include "qrimage.h"
#include "testenvironment.h"

#include <QTest>

class TestQrImage : public QObject
{
    Q_OBJECT
private slots:
    void decodesToTheExactUrl_data()
    {
        QTest::addColumn<QString>("url");
        QTest::newRow("plain") << QStringLiteral("http://localhost:8765/pair#ACDE4679");
        QTest::newRow("tls domain") << QStringLiteral("https://relay.example.org/pair#XYWVUTRQ");
        QTest::newRow("long") << QStringLiteral("https://a-rather-long-relay-name.home.example.org:8443/pair#ACDEFGHJ");
    }
    void decodesToTheExactUrl()
    {
        QFETCH(QString, url);
        QTemporaryDir dir;
        const QImage image = QrImage::render(url, 4);
        QVERIFY(!image.isNull());
        QCOMPARE(image.width(), image.height());
        // The quiet zone: the border is white for four modules.
        QCOMPARE(image.pixelColor(0, 0), QColor(Qt::white));
        QCOMPARE(image.pixelColor(15, 15), QColor(Qt::white));
        QCOMPARE(TestEnvironment::decodeQr(image, dir.path()), url);
    }

    void modulesAreWholePixels()
    {
        const QImage small = QrImage::render(QStringLiteral("http://localhost/pair#A"), 2);
        const QImage large = QrImage::render(QStringLiteral("http://localhost/pair#A"), 6);
        QCOMPARE(large.width(), small.width() * 3);
        // Only black and white: no blurred edges for a scanner to guess at.
        for (int y = 0; y < large.height(); y += 3)
            for (int x = 0; x < large.width(); x += 3) {
                const QRgb p = large.pixel(x, y) & 0xffffff;
                QVERIFY(p == 0 || p == 0xffffff);
            }
    }
};

QTEST_MAIN(TestQrImage)
#include "tst_qrimage.moc"

// Unit tests for the mesh's Ed25519 checks and key decoding, and for PythonJson, which must
// rebuild the exact text Python's json.dumps signs. Expected texts were produced by Python 3.
#include "mesh/ed25519.h"
#include "mesh/pythonjson.h"
#include "tst_mesh_testkeys.h"

#include <QJsonDocument>
#include <QtTest>

class tst_MeshCrypto : public QObject
{
    Q_OBJECT

private slots:
    void validSignatureVerifies();
    void tamperedMessageOrSignatureFails();
    void otherKeyFails();
    void wrongSizesFail();
    void decodesStandardBase64();
    void decodesUrlSafeAndUnpaddedBase64();
    void decodesHex();
    void decodeRejectsWrongLengthAndGarbage();
    void pythonStringEscapes_data();
    void pythonStringEscapes();
    void pythonFloatRepr_data();
    void pythonFloatRepr();
    void pythonDumpsSortsKeysByCodePoint();
    void pythonDumpsKeepsIntegers();
};

void tst_MeshCrypto::validSignatureVerifies()
{
    TestKey key;
    const QByteArray message = "mesh-1";
    QVERIFY(Ed25519::verify(key.publicKey(), message, key.sign(message)));
}

void tst_MeshCrypto::tamperedMessageOrSignatureFails()
{
    TestKey key;
    QByteArray signature = key.sign("mesh-1");
    QVERIFY(!Ed25519::verify(key.publicKey(), "mesh-2", signature));
    signature[10] = char(signature[10] ^ 0x01);
    QVERIFY(!Ed25519::verify(key.publicKey(), "mesh-1", signature));
}

void tst_MeshCrypto::otherKeyFails()
{
    TestKey signer, other;
    QVERIFY(!Ed25519::verify(other.publicKey(), "mesh-1", signer.sign("mesh-1")));
}

void tst_MeshCrypto::wrongSizesFail()
{
    TestKey key;
    const QByteArray signature = key.sign("m");
    QVERIFY(!Ed25519::verify(key.publicKey().left(31), "m", signature));
    QVERIFY(!Ed25519::verify(key.publicKey(), "m", signature.left(63)));
    QVERIFY(!Ed25519::verify(QByteArray(), "m", QByteArray()));
}

void tst_MeshCrypto::decodesStandardBase64()
{
    TestKey key;
    const auto decoded = Ed25519::decode(key.publicKeyBase64(), Ed25519::PublicKeyBytes);
    QVERIFY(decoded);
    QCOMPARE(*decoded, key.publicKey());
}

void tst_MeshCrypto::decodesUrlSafeAndUnpaddedBase64()
{
    // 0xfb 0xff in the data gives '+' and '/' in standard base64, '-' and '_' in URL-safe.
    const QByteArray raw = QByteArray(30, char(0xfb)) + QByteArray(2, char(0xff));
    const QString urlSafe = QString::fromLatin1(raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    QVERIFY(urlSafe.contains(QLatin1Char('-')) || urlSafe.contains(QLatin1Char('_')));
    QCOMPARE(Ed25519::decode(urlSafe, 32).value_or(QByteArray()), raw);
    const QString unpadded = QString::fromLatin1(raw.toBase64(QByteArray::OmitTrailingEquals));
    QCOMPARE(Ed25519::decode(unpadded, 32).value_or(QByteArray()), raw);
}

void tst_MeshCrypto::decodesHex()
{
    TestKey key;
    const QByteArray signature = key.sign("m");
    QCOMPARE(Ed25519::decode(QString::fromLatin1(key.publicKey().toHex()), 32).value_or(QByteArray()), key.publicKey());
    QCOMPARE(Ed25519::decode(QString::fromLatin1(signature.toHex().toUpper()), 64).value_or(QByteArray()), signature);
}

void tst_MeshCrypto::decodeRejectsWrongLengthAndGarbage()
{
    TestKey key;
    QVERIFY(!Ed25519::decode(key.publicKeyBase64(), 64)); // a key where a signature belongs
    QVERIFY(!Ed25519::decode(QString::fromLatin1(QByteArray(31, 'a').toBase64()), 32));
    QVERIFY(!Ed25519::decode(QStringLiteral("not base64 at all!!"), 32));
    QVERIFY(!Ed25519::decode(QString(), 32));
    QVERIFY(!Ed25519::decode(QStringLiteral("é").repeated(44), 32));
}

void tst_MeshCrypto::pythonStringEscapes_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("plain") << QStringLiteral("mesh-1 /x~") << QByteArray(R"("mesh-1 /x~")");
    QTest::newRow("quote and backslash") << QStringLiteral("a\"b\\c") << QByteArray(R"("a\"b\\c")");
    QTest::newRow("short escapes") << QStringLiteral("\n\r\t\b\f") << QByteArray(R"("\n\r\t\b\f")");
    QTest::newRow("control and DEL") << QStringLiteral("\x01\x7f") << QByteArray(R"("\u0001\u007f")");
    QTest::newRow("latin") << QStringLiteral("mesh-é") << QByteArray(R"("mesh-\u00e9")");
    QTest::newRow("astral as surrogates") << QString::fromUtf8("😀") << QByteArray(R"("\ud83d\ude00")");
}

void tst_MeshCrypto::pythonStringEscapes()
{
    QFETCH(QString, text);
    QFETCH(QByteArray, expected);
    QCOMPARE(PythonJson::string(text), expected);
}

void tst_MeshCrypto::pythonFloatRepr_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("integral") << 1.0 << QByteArray("1.0");
    QTest::newRow("half") << 1.5 << QByteArray("1.5");
    QTest::newRow("tenth") << 0.1 << QByteArray("0.1");
    QTest::newRow("1e16") << 1e16 << QByteArray("1e+16");
    QTest::newRow("just below 1e16") << 1234567890123456.0 << QByteArray("1234567890123456.0");
    QTest::newRow("large") << 123456789012345680.0 << QByteArray("1.2345678901234568e+17");
    QTest::newRow("1e-05") << 1e-05 << QByteArray("1e-05");
    QTest::newRow("0.0001") << 0.0001 << QByteArray("0.0001");
    QTest::newRow("2.5e-07") << 2.5e-07 << QByteArray("2.5e-07");
    QTest::newRow("negative zero") << -0.0 << QByteArray("-0.0");
    QTest::newRow("timestamp") << 1770390000.5 << QByteArray("1770390000.5");
}

void tst_MeshCrypto::pythonFloatRepr()
{
    QFETCH(double, value);
    QFETCH(QByteArray, expected);
    QCOMPARE(PythonJson::floatRepr(value), expected);
}

void tst_MeshCrypto::pythonDumpsSortsKeysByCodePoint()
{
    // U+FFFF sorts before U+1F600 by code point, after it by UTF-16 unit.
    const QJsonDocument doc = QJsonDocument::fromJson(
        QString::fromUtf8(R"({"b":1,"a":[true,null,"\u007f\u0001"],"😀":3,"\uffff":2})").toUtf8());
    QCOMPARE(PythonJson::dumps(doc.object()), QByteArray(R"({"a":[true,null,"\u007f\u0001"],"b":1,"\uffff":2,"\ud83d\ude00":3})"));
}

void tst_MeshCrypto::pythonDumpsKeepsIntegers()
{
    const QJsonDocument doc = QJsonDocument::fromJson(R"([1770390000, -3, 2.25, 1e300])");
    QCOMPARE(PythonJson::dumps(doc.array()), QByteArray("[1770390000,-3,2.25,1e+300]"));
}

QTEST_GUILESS_MAIN(tst_MeshCrypto)
#include "tst_meshcrypto.moc"

// Unit tests for ProtocolSniffer: which protocol the first bytes of a connection announce.
#include "net/protocolsniffer.h"

#include <QtTest>

Q_DECLARE_METATYPE(SniffedProtocol)

// Lets QCOMPARE print the protocol's name on failure (found by argument-dependent lookup).
char *toString(SniffedProtocol protocol)
{
    return qstrdup(ProtocolSniffer::name(protocol));
}

namespace {

const QByteArray kMultistream("\x13/multistream/1.0.0\n", 20);

const QList<QByteArray> &methods()
{
    static const QList<QByteArray> list{"GET",    "POST",    "PUT",     "HEAD", "DELETE",
                                        "OPTIONS", "PATCH", "CONNECT", "TRACE"};
    return list;
}

SniffedProtocol classify(const QByteArray &bytes)
{
    return ProtocolSniffer::classify(QByteArrayView(bytes));
}

} // namespace

class tst_ProtocolSniffer : public QObject
{
    Q_OBJECT

private slots:
    void tlsRecordHeaderIsTls_data();
    void tlsRecordHeaderIsTls();
    void handshakeByteFollowedByOtherVersionIsUnknown_data();
    void handshakeByteFollowedByOtherVersionIsUnknown();
    void otherTlsRecordTypesAreUnknown();
    void oneBytePrefixes_data();
    void oneBytePrefixes();
    void fullHttpRequestLineIsHttp_data();
    void fullHttpRequestLineIsHttp();
    void everyPrefixOfEveryMethodIsHttp_data();
    void everyPrefixOfEveryMethodIsHttp();
    void methodWithWrongContinuationIsUnknown_data();
    void methodWithWrongContinuationIsUnknown();
    void everyPrefixOfMultistreamHeaderIsLibp2p_data();
    void everyPrefixOfMultistreamHeaderIsLibp2p();
    void multistreamHeaderFollowedByProtocolIsLibp2p();
    void corruptedMultistreamHeaderIsUnknown_data();
    void corruptedMultistreamHeaderIsUnknown();
    void garbageIsUnknown_data();
    void garbageIsUnknown();
    void emptyInputIsUnknown();
    void namesAreStable();
};

void tst_ProtocolSniffer::tlsRecordHeaderIsTls_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("0x16 alone") << QByteArray("\x16", 1);
    QTest::newRow("0x16 0x03") << QByteArray("\x16\x03", 2);
    QTest::newRow("TLS 1.0 record") << QByteArray("\x16\x03\x01\x02\x00\x01", 6);
    QTest::newRow("TLS 1.2 record") << QByteArray("\x16\x03\x03\x00\xc8\x01", 6);
}

void tst_ProtocolSniffer::tlsRecordHeaderIsTls()
{
    QFETCH(QByteArray, bytes);
    QCOMPARE(classify(bytes), SniffedProtocol::Tls);
}

void tst_ProtocolSniffer::handshakeByteFollowedByOtherVersionIsUnknown_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("0x16 0x00") << QByteArray("\x16\x00", 2);
    QTest::newRow("0x16 0x02") << QByteArray("\x16\x02", 2);
    QTest::newRow("0x16 0x04") << QByteArray("\x16\x04", 2);
    QTest::newRow("0x16 'G'") << QByteArray("\x16GET ", 5);
    QTest::newRow("0x16 0x16 0x03") << QByteArray("\x16\x16\x03", 3);
}

void tst_ProtocolSniffer::handshakeByteFollowedByOtherVersionIsUnknown()
{
    QFETCH(QByteArray, bytes);
    QCOMPARE(classify(bytes), SniffedProtocol::Unknown);
}

void tst_ProtocolSniffer::otherTlsRecordTypesAreUnknown()
{
    // Only a handshake record (22) can open a TLS connection; alert (21), application data (23)
    // and change-cipher-spec (20) cannot.
    QCOMPARE(classify(QByteArray("\x14\x03\x03", 3)), SniffedProtocol::Unknown);
    QCOMPARE(classify(QByteArray("\x15\x03\x03", 3)), SniffedProtocol::Unknown);
    QCOMPARE(classify(QByteArray("\x17\x03\x03", 3)), SniffedProtocol::Unknown);
}

void tst_ProtocolSniffer::oneBytePrefixes_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<SniffedProtocol>("expected");
    QTest::newRow("0x16") << QByteArray("\x16", 1) << SniffedProtocol::Tls;
    QTest::newRow("0x13") << QByteArray("\x13", 1) << SniffedProtocol::Libp2p;
    for (char c : QByteArray("GPHDOCT"))
        QTest::addRow("%c", c) << QByteArray(1, c) << SniffedProtocol::Http;
    QTest::newRow("0x00") << QByteArray(1, '\0') << SniffedProtocol::Unknown;
    QTest::newRow("0x03") << QByteArray("\x03", 1) << SniffedProtocol::Unknown;
    QTest::newRow("0xff") << QByteArray("\xff", 1) << SniffedProtocol::Unknown;
    QTest::newRow("lowercase g") << QByteArray("g") << SniffedProtocol::Unknown;
    QTest::newRow("X") << QByteArray("X") << SniffedProtocol::Unknown;
    QTest::newRow("/") << QByteArray("/") << SniffedProtocol::Unknown;
    QTest::newRow("space") << QByteArray(" ") << SniffedProtocol::Unknown;
    QTest::newRow("CR") << QByteArray("\r") << SniffedProtocol::Unknown;
}

void tst_ProtocolSniffer::oneBytePrefixes()
{
    QFETCH(QByteArray, bytes);
    QFETCH(SniffedProtocol, expected);
    QCOMPARE(bytes.size(), 1);
    QCOMPARE(classify(bytes), expected);
}

void tst_ProtocolSniffer::fullHttpRequestLineIsHttp_data()
{
    QTest::addColumn<QByteArray>("bytes");
    for (const QByteArray &method : methods()) {
        QTest::newRow(method.constData())
            << QByteArray(method + " /path?q=1 HTTP/1.1\r\nHost: example.org\r\n\r\n");
    }
}

void tst_ProtocolSniffer::fullHttpRequestLineIsHttp()
{
    QFETCH(QByteArray, bytes);
    QCOMPARE(classify(bytes), SniffedProtocol::Http);
}

void tst_ProtocolSniffer::everyPrefixOfEveryMethodIsHttp_data()
{
    QTest::addColumn<QByteArray>("bytes");
    for (const QByteArray &method : methods()) {
        const QByteArray withSpace = method + ' ';
        for (qsizetype n = 1; n <= withSpace.size(); ++n)
            QTest::addRow("%s[%d]", method.constData(), int(n)) << withSpace.left(n);
    }
}

void tst_ProtocolSniffer::everyPrefixOfEveryMethodIsHttp()
{
    QFETCH(QByteArray, bytes);
    QCOMPARE(classify(bytes), SniffedProtocol::Http);
}

void tst_ProtocolSniffer::methodWithWrongContinuationIsUnknown_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("GETX") << QByteArray("GETX / HTTP/1.1");
    QTest::newRow("GET without space") << QByteArray("GET/ HTTP/1.1");
    QTest::newRow("lowercase get") << QByteArray("get / HTTP/1.1");
    QTest::newRow("PX") << QByteArray("PX");
    QTest::newRow("POSTED") << QByteArray("POSTED");
    QTest::newRow("GE then NUL") << QByteArray("GE\0", 3);
    QTest::newRow("HEADER") << QByteArray("HEADER");
    QTest::newRow("CONNECTED") << QByteArray("CONNECTED");
}

void tst_ProtocolSniffer::methodWithWrongContinuationIsUnknown()
{
    QFETCH(QByteArray, bytes);
    QCOMPARE(classify(bytes), SniffedProtocol::Unknown);
}

void tst_ProtocolSniffer::everyPrefixOfMultistreamHeaderIsLibp2p_data()
{
    QTest::addColumn<QByteArray>("bytes");
    for (qsizetype n = 1; n <= kMultistream.size(); ++n)
        QTest::addRow("%d bytes", int(n)) << kMultistream.left(n);
}

void tst_ProtocolSniffer::everyPrefixOfMultistreamHeaderIsLibp2p()
{
    QFETCH(QByteArray, bytes);
    QCOMPARE(classify(bytes), SniffedProtocol::Libp2p);
}

void tst_ProtocolSniffer::multistreamHeaderFollowedByProtocolIsLibp2p()
{
    const QByteArray bytes = kMultistream + QByteArray("\x07/noise\n", 8);
    QCOMPARE(classify(bytes), SniffedProtocol::Libp2p);
}

void tst_ProtocolSniffer::corruptedMultistreamHeaderIsUnknown_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("wrong length byte") << QByteArray("\x12/multistream/1.0.0\n", 20);
    QTest::newRow("wrong version") << QByteArray("\x13/multistream/2.0.0\n", 20);
    QTest::newRow("uppercase") << QByteArray("\x13/MULTISTREAM", 13);
    QTest::newRow("missing slash") << QByteArray("\x13multistream", 12);
    QTest::newRow("CR instead of LF") << QByteArray("\x13/multistream/1.0.0\r", 20);
}

void tst_ProtocolSniffer::corruptedMultistreamHeaderIsUnknown()
{
    QFETCH(QByteArray, bytes);
    QCOMPARE(classify(bytes), SniffedProtocol::Unknown);
}

void tst_ProtocolSniffer::garbageIsUnknown_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("text") << QByteArray("hello world");
    QTest::newRow("SSH banner") << QByteArray("SSH-2.0-OpenSSH_9.2\r\n");
    QTest::newRow("zeros") << QByteArray(16, '\0');
    QTest::newRow("HTTP/2 preface") << QByteArray("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
    QTest::newRow("binary") << QByteArray("\x80\x01\x02\x03", 4);
    QTest::newRow("leading space") << QByteArray(" GET / HTTP/1.1");
}

void tst_ProtocolSniffer::garbageIsUnknown()
{
    QFETCH(QByteArray, bytes);
    QCOMPARE(classify(bytes), SniffedProtocol::Unknown);
}

void tst_ProtocolSniffer::emptyInputIsUnknown()
{
    QCOMPARE(classify(QByteArray()), SniffedProtocol::Unknown);
    QCOMPARE(ProtocolSniffer::classify(QByteArrayView()), SniffedProtocol::Unknown);
}

void tst_ProtocolSniffer::namesAreStable()
{
    QCOMPARE(QByteArray(ProtocolSniffer::name(SniffedProtocol::Tls)), QByteArray("tls"));
    QCOMPARE(QByteArray(ProtocolSniffer::name(SniffedProtocol::Http)), QByteArray("http"));
    QCOMPARE(QByteArray(ProtocolSniffer::name(SniffedProtocol::Libp2p)), QByteArray("libp2p"));
    QCOMPARE(QByteArray(ProtocolSniffer::name(SniffedProtocol::Unknown)), QByteArray("unknown"));
}

QTEST_GUILESS_MAIN(tst_ProtocolSniffer)
#include "tst_protocolsniffer.moc"

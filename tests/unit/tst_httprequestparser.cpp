// Unit tests for HttpRequestParser: the request head parsed from peeked bytes, the body fed after.
#include "net/httprequestparser.h"

#include <QtTest>

using HeadStatus = HttpRequestParser::HeadStatus;
using BodyStatus = HttpRequestParser::BodyStatus;

namespace {

constexpr int kMaxHead = 16 * 1024;
constexpr qint64 kMaxBody = 1000;

// A GET request whose head is exactly `size` bytes long, padded in an X-Pad header.
QByteArray getRequestOfSize(qsizetype size)
{
    const QByteArray start("GET /padded HTTP/1.1\r\nHost: example.org\r\nX-Pad: ");
    const QByteArray end("\r\n\r\n");
    const qsizetype padding = size - start.size() - end.size();
    Q_ASSERT(padding > 0);
    return start + QByteArray(padding, 'p') + end;
}

} // namespace

// Lets QCOMPARE print the statuses by name on failure (found by argument-dependent lookup).
char *toString(HeadStatus status)
{
    switch (status) {
    case HeadStatus::Incomplete: return qstrdup("Incomplete");
    case HeadStatus::Complete: return qstrdup("Complete");
    case HeadStatus::TooLarge: return qstrdup("TooLarge");
    case HeadStatus::Malformed: return qstrdup("Malformed");
    }
    return qstrdup("?");
}

char *toString(BodyStatus status)
{
    switch (status) {
    case BodyStatus::NeedMore: return qstrdup("NeedMore");
    case BodyStatus::Complete: return qstrdup("Complete");
    case BodyStatus::TooLarge: return qstrdup("TooLarge");
    case BodyStatus::Malformed: return qstrdup("Malformed");
    }
    return qstrdup("?");
}

class tst_HttpRequestParser : public QObject
{
    Q_OBJECT

private slots:
    void simpleGet();
    void headerNamesAreLowercasedAndValuesTrimmed();
    void emptyHeaderValueKeepsNextHeaderSeparate();
    void pathIsPercentDecoded();
    void queryIsParsed();
    void hostKeepsPortAndHostNameDropsIt();
    void ipv6HostName();
    void keepAlive_data();
    void keepAlive();
    void webSocketUpgradeIsDetected_data();
    void webSocketUpgradeIsDetected();
    void notAWebSocketUpgrade_data();
    void notAWebSocketUpgrade();
    void headFedByteByByteIsIncompleteUntilBlankLine();
    void headFedInGrowingChunks();
    void headExactlyAtLimitIsComplete();
    void headOneByteOverLimitIsTooLarge();
    void unterminatedHeadOverLimitIsTooLarge();
    void unterminatedHeadAtLimitIsIncomplete();
    void headAtLimitFedByteByByteIsComplete();
    void malformedHead_data();
    void malformedHead();
    void headLengthExcludesBody();
    void contentLengthBodyFedInPieces();
    void chunkedBodyFedInPieces();
    void bodyAtLimitIsAccepted();
    void declaredBodyOverLimitIsTooLarge();
    void chunkedBodyOverLimitIsTooLarge();
    void malformedChunkedBody();
    void pipelinedRequestsAfterContentLengthBody();
    void pipelinedRequestsAfterChunkedBody();
    void pipelinedGetWithoutBody();
    void absoluteFormTarget();
    void absoluteFormTargetWinsOverHostHeader();
    void absoluteFormWithoutPath();
    void absoluteFormHostDropsUserInfo();
    void resetClearsPreviousRequest();
    void emptyBodyFeedNeedsMore();
};

void tst_HttpRequestParser::simpleGet()
{
    HttpRequestParser parser(kMaxHead, kMaxBody);
    const QByteArray bytes("GET /index.html HTTP/1.1\r\nHost: example.org\r\n\r\n");
    QCOMPARE(parser.parseHead(bytes), HeadStatus::Complete);
    const HttpRequest &r = parser.request();
    QCOMPARE(r.method, QByteArray("GET"));
    QCOMPARE(r.target, QByteArray("/index.html"));
    QCOMPARE(r.path, QStringLiteral("/index.html"));
    QVERIFY(r.query.isEmpty());
    QCOMPARE(r.host, QStringLiteral("example.org"));
    QCOMPARE(r.headers.size(), 1);
    QVERIFY(r.keepAlive);
    QVERIFY(!r.upgradeToWebSocket);
    QVERIFY(!parser.expectsBody());
    QVERIFY(!parser.declaredBodyTooLarge());
    QCOMPARE(parser.headLength(), bytes.size());
    QVERIFY(parser.error().isEmpty());
}

void tst_HttpRequestParser::headerNamesAreLowercasedAndValuesTrimmed()
{
    HttpRequestParser parser(kMaxHead, kMaxBody);
    QCOMPARE(parser.parseHead("GET / HTTP/1.1\r\n"
                              "HOST: example.org\r\n"
                              "X-Custom-Header:    some value   \r\n"
                              "Accept:\ttext/html\t\r\n"
                              "\r\n"),
             HeadStatus::Complete);
    const HttpRequest &r = parser.request();
    QCOMPARE(r.headers.size(), 3);
    QCOMPARE(r.headers.at(0).first, QByteArray("host"));
    QCOMPARE(r.headers.at(1).first, QByteArray("x-custom-header"));
    QCOMPARE(r.headers.at(2).first, QByteArray("accept"));
    QCOMPARE(r.header("x-custom-header"), QByteArray("some value"));
    QCOMPARE(r.header("accept"), QByteArray("text/html"));
    QCOMPARE(r.header("host"), QByteArray("example.org"));
    QVERIFY(r.header("X-Custom-Header").isEmpty()); // lookups take the lowercase name
}

void tst_HttpRequestParser::emptyHeaderValueKeepsNextHeaderSeparate()
{
    HttpRequestParser parser(kMaxHead, kMaxBody);
    QCOMPARE(parser.parseHead("GET / HTTP/1.1\r\nX-Empty:\r\nHost: example.org\r\n\r\n"),
             HeadStatus::Complete);
    const HttpRequest &r = parser.request();
    QCOMPARE(r.headers.size(), 2);
    QCOMPARE(r.headers.at(0).first, QByteArray("x-empty"));
    QCOMPARE(r.headers.at(0).second, QByteArray());
    QCOMPARE(r.header("host"), QByteArray("example.org"));
    QCOMPARE(r.host, QStringLiteral("example.org"));
}

void tst_HttpRequestParser::pathIsPercentDecoded()
{
    HttpRequestParser parser(kMaxHead, kMaxBody);
    QCOMPARE(parser.parseHead("GET /files/a%20b/caf%C3%A9%2Fx HTTP/1.1\r\nHost: h\r\n\r\n"),
             HeadStatus::Complete);
    QCOMPARE(parser.request().path, QStringLiteral("/files/a b/caf\u00e9/x"));
    QCOMPARE(parser.request().target, QByteArray("/files/a%20b/caf%C3%A9%2Fx"));
}

void tst_HttpRequestParser::queryIsParsed()
{
    HttpRequestParser parser(kMaxHead, kMaxBody);
    QCOMPARE(parser.parseHead("GET /search?q=hello%20world&page=2&flag HTTP/1.1\r\nHost: h\r\n\r\n"),
             HeadStatus::Complete);
    const HttpRequest &r = parser.request();
    QCOMPARE(r.path, QStringLiteral("/search"));
    QCOMPARE(r.target, QByteArray("/search?q=hello%20world&page=2&flag"));
    QCOMPARE(r.query.queryItemValue(QStringLiteral("q"), QUrl::FullyDecoded),
             QStringLiteral("hello world"));
    QCOMPARE(r.query.queryItemValue(QStringLiteral("page")), QStringLiteral("2"));
    QVERIFY(r.query.hasQueryItem(QStringLiteral("flag")));
    QVERIFY(!r.query.hasQueryItem(QStringLiteral("missing")));
}

void tst_HttpRequestParser::hostKeepsPortAndHostNameDropsIt()
{
    HttpRequestParser parser(kMaxHead, kMaxBody);
    QCOMPARE(parser.parseHead("GET / HTTP/1.1\r\nHost:  Relay.Example.ORG:8443 \r\n\r\n"),
             HeadStatus::Complete);
    QCOMPARE(parser.request().host, QStringLiteral("relay.example.org:8443"));
    QCOMPARE(parser.request().hostName(), QStringLiteral("relay.example.org"));
}

void tst_HttpRequestParser::ipv6HostName()
{
    HttpRequestParser parser(kMaxHead, kMaxBody);
    QCOMPARE(parser.parseHead("GET / HTTP/1.1\r\nHost: [::1]:8765\r\n\r\n"), HeadStatus::Complete);
    QCOMPARE(parser.request().host, QStringLiteral("[::1]:8765"));
    QCOMPARE(parser.request().hostName(), QStringLiteral("[::1]"));
}

void tst_HttpRequestParser::keepAlive_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<bool>("keepAlive");
    QTest::newRow("1.1 default") << QByteArray("GET / HTTP/1.1\r\nHost: h\r\n\r\n") << true;
    QTest::newRow("1.1 close") << QByteArray("GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n")
                               << false;
    QTest::newRow("1.1 Close mixed case")
        << QByteArray("GET / HTTP/1.1\r\nHost: h\r\nConnection: Close\r\n\r\n") << false;
    QTest::newRow("1.0 default") << QByteArray("GET / HTTP/1.0\r\n\r\n") << false;
    QTest::newRow("1.0 keep-alive")
        << QByteArray("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n") << true;
    QTest::newRow("1.1 close with body")
        << QByteArray("POST / HTTP/1.1\r\nHost: h\r\nConnection: close\r\nContent-Length: 3\r\n\r\n")
        << false;
    QTest::newRow("1.1 default with body")
        << QByteArray("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\n") << true;
}

void tst_HttpRequestParser::keepAlive()
{
    QFETCH(QByteArray, head);
    QFETCH(bool, keepAlive);
    HttpRequestParser parser(kMaxHead, kMaxBody);
    QCOMPARE(parser.parseHead(head), HeadStatus::Complete);
    QCOMPARE(parser.request().keepAlive, keepAlive);
}

void tst_HttpRequestParser::webSocketUpgradeIsDetected_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::newRow("plain") << QByteArray("GET /ws HTTP/1.1\r\n"
                                         "Host: example.org\r\n"
                                         "Upgrade: websocket\r\n"
                                         "Connection: Upgrade\r\n"
                                         "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                                         "Sec-WebSocket-Version: 13\r\n\r\n");
    QTest::newRow("mixed case, connection list") << QByteArray("GET /ws HTTP/1.1\r\n"
                                                               "Host: example.org\r\n"
                                                               "Connection: keep-alive, Upgrade\r\n"
                                                               "Upgrade: WebSocket\r\n"
                                                               "Sec-WebSocket-Version: 13\r\n\r\n");
}

void tst_HttpRequestParser::webSocketUpgradeIsDetected()
{
    QFETCH(QByteArray, head);
    HttpRequestParser parser(kMaxHead, kMaxBody);
    QCOMPARE(parser.parseHead(head), HeadStatus::Complete);
    QVERIFY(parser.request().upgradeToWebSocket);
    QVERIFY(!parser.expectsBody());
    QCOMPARE(parser.headLength(), head.size());
}

void tst_HttpRequestParser::notAWebSocketUpgrade_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::newRow("POST with upgrade") << QByteArray("POST /ws HTTP/1.1\r\n"
                                                     "Host: example.org\r\n"
                                                     "Upgrade: websocket\r\n"
                                                     "Connection: Upgrade\r\n\r\n");
    QTest::newRow("upgrade to h2c") << QByteArray("GET /ws HTTP/1.1\r\n"
                                                  "Host: example.org\r\n"
                                                  "Upgrade: h2c\r\n"
                                                  "Connection: Upgrade\r\n\r\n");
    QTest::newRow("upgrade without Connection") << QByteArray("GET /ws HTTP/1.1\r\n"
                                                              "Host: example.org\r\n"
                                                              "Upgrade: websocket\r\n\r\n");
    QTest::newRow("no upgrade") << QByteArray("GET /ws HTTP/1.1\r\nHost: example.org\r\n\r\n");
}

void tst_HttpRequestParser::notAWebSocketUpgrade()
{
    QFETCH(QByteArray, head);
    HttpRequestParser parser(kMaxHead, kMaxBody);
    QCOMPARE(parser.parseHead(head), HeadStatus::Complete);
    QVERIFY(!parser.request().upgradeToWebSocket);
}

void tst_HttpRequestParser::headFedByteByByteIsIncompleteUntilBlankLine()
{
    const QByteArray bytes("GET /slow HTTP/1.1\r\nHost: example.org\r\nAccept: */*\r\n\r\n");
    HttpRequestParser parser(kMaxHead, kMaxBody);
    for (qsizetype n = 1; n < bytes.size(); ++n) {
        const HeadStatus status = parser.parseHead(QByteArrayView(bytes).first(n));
        if (status != HeadStatus::Incomplete)
            QFAIL(qPrintable(QStringLiteral("not Incomplete after %1 bytes").arg(n)));
    }
    QCOMPARE(parser.parseHead(bytes), HeadStatus::Complete);
    QCOMPARE(parser.request().path, QStringLiteral("/slow"));
    QCOMPARE(parser.request().header("accept"), QByteArray("*/*"));
    QCOMPARE(parser.headLength(), bytes.size());
}

void tst_HttpRequestParser::headFedInGrowingChunks()
{
    // The blank line arrives split across calls: "...\r\n\r" then "\n".
    const QByteArray bytes("GET /chunks HTTP/1.1\r\nHost: example.org\r\n\r\n");
    HttpRequestParser parser(kMaxHead, kMaxBody);
    QCOMPARE(parser.parseHead(bytes.left(10)), HeadStatus::Incomplete);
    QCOMPARE(parser.parseHead(bytes.left(bytes.size() - 3)), HeadStatus::Incomplete);
    QCOMPARE(parser.parseHead(bytes.left(bytes.size() - 1)), HeadStatus::Incomplete);
    QCOMPARE(parser.parseHead(bytes), HeadStatus::Complete);
    QCOMPARE(parser.request().path, QStringLiteral("/chunks"));
}

void tst_HttpRequestParser::headExactlyAtLimitIsComplete()
{
    const QByteArray bytes = getRequestOfSize(200);
    QCOMPARE(bytes.size(), 200);
    HttpRequestParser parser(200, kMaxBody);
    QCOMPARE(parser.parseHead(bytes), HeadStatus::Complete);
    QCOMPARE(parser.headLength(), 200);
    QCOMPARE(parser.request().path, QStringLiteral("/padded"));
}

void tst_HttpRequestParser::headOneByteOverLimitIsTooLarge()
{
    const QByteArray bytes = getRequestOfSize(201);
    HttpRequestParser parser(200, kMaxBody);
    QCOMPARE(parser.parseHead(bytes), HeadStatus::TooLarge);
    QVERIFY(!parser.error().isEmpty());
}

void tst_HttpRequestParser::unterminatedHeadOverLimitIsTooLarge()
{
    // The caller peeks one byte more than the limit: with no blank line in it, give up.
    const QByteArray bytes = getRequestOfSize(300).left(201);
    HttpRequestParser parser(200, kMaxBody);
    QCOMPARE(parser.parseHead(bytes), HeadStatus::TooLarge);
}

void tst_HttpRequestParser::unterminatedHeadAtLimitIsIncomplete()
{
    const QByteArray bytes = getRequestOfSize(300).left(200);
    HttpRequestParser parser(200, kMaxBody);
    QCOMPARE(parser.parseHead(bytes), HeadStatus::Incomplete);
}

void tst_HttpRequestParser::headAtLimitFedByteByByteIsComplete()
{
    const QByteArray bytes = getRequestOfSize(120);
    HttpRequestParser parser(120, kMaxBody);
    for (qsizetype n = 1; n < bytes.size(); ++n) {
        if (parser.parseHead(QByteArrayView(bytes).first(n)) != HeadStatus::Incomplete)
            QFAIL(qPrintable(QStringLiteral("not Incomplete after %1 bytes").arg(n)));
    }
    QCOMPARE(parser.parseHead(bytes), HeadStatus::Complete);
}

void tst_HttpRequestParser::malformedHead_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::newRow("unknown method") << QByteArray("FROB / HTTP/1.1\r\nHost: h\r\n\r\n");
    QTest::newRow("lowercase method") << QByteArray("get / HTTP/1.1\r\nHost: h\r\n\r\n");
    QTest::newRow("bad version") << QByteArray("GET / HTTP/x.y\r\nHost: h\r\n\r\n");
    QTest::newRow("junk after version") << QByteArray("GET / HTTP/1.1 junk\r\nHost: h\r\n\r\n");
    QTest::newRow("space in target") << QByteArray("GET /a b HTTP/1.1\r\nHost: h\r\n\r\n");
    QTest::newRow("header without colon") << QByteArray("GET / HTTP/1.1\r\nNoColonHere\r\n\r\n");
    QTest::newRow("binary") << QByteArray("\x01\x02\x03\r\n\r\n");
    QTest::newRow("blank line only") << QByteArray("\r\n\r\n");
    // Two framings at once is the classic request-smuggling shape: refuse, do not pick one.
    QTest::newRow("two content lengths") << QByteArray("POST / HTTP/1.1\r\nHost: h\r\n"
                                                       "Content-Length: 1\r\nContent-Length: 2\r\n\r\n");
    QTest::newRow("chunked and content length")
        << QByteArray("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n"
                      "Content-Length: 3\r\n\r\n");
}

void tst_HttpRequestParser::malformedHead()
{
    QFETCH(QByteArray, head);
    HttpRequestParser parser(kMaxHead, kMaxBody);
    QCOMPARE(parser.parseHead(head), HeadStatus::Malformed);
    QVERIFY(!parser.error().isEmpty());
}

void tst_HttpRequestParser::headLengthExcludesBody()
{
    const QByteArray head("POST /upload HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\n");
    HttpRequestParser parser(kMaxHead, kMaxBody);
    QCOMPARE(parser.parseHead(head + "hello"), HeadStatus::Complete);
    QCOMPARE(parser.headLength(), head.size());
    QVERIFY(parser.expectsBody());
    QVERIFY(parser.request().body.isEmpty()); // the body is only read through feedBody
}

void tst_HttpRequestParser::contentLengthBodyFedInPieces()
{
    HttpRequestParser parser(kMaxHead, kMaxBody);
    QCOMPARE(parser.parseHead("POST /upload HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\n"),
             HeadStatus::Complete);
    QVERIFY(parser.expectsBody());
    qsizetype consumed = -1;
    QCOMPARE(parser.feedBody("hel", consumed), BodyStatus::NeedMore);
    QCOMPARE(consumed, 3);
    QCOMPARE(parser.feedBody("lo w", consumed), BodyStatus::NeedMore);
    QCOMPARE(consumed, 4);
    QCOMPARE(parser.feedBody("orld", consumed), BodyStatus::Complete);
    QCOMPARE(consumed, 4);
    QCOMPARE(parser.request().body, QByteArray("hello world"));
    // Once complete, more input belongs to someone else.
    QCOMPARE(parser.feedBody("extra", consumed), BodyStatus::Complete);
    QCOMPARE(consumed, 0);
    QCOMPARE(parser.request().body, QByteArray("hello world"));
}

void tst_HttpRequestParser::chunkedBodyFedInPieces()
{
    HttpRequestParser parser(kMaxHead, kMaxBody);
    QCOMPARE(parser.parseHead("POST /upload HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"),
             HeadStatus::Complete);
    QVERIFY(parser.expectsBody());
    QVERIFY(!parser.declaredBodyTooLarge());
    const QByteArray body("5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
    qsizetype consumed = -1;
    QCOMPARE(parser.feedBody(body.left(4), consumed), BodyStatus::NeedMore);
    QCOMPARE(consumed, 4);
    QCOMPARE(parser.feedBody(body.mid(4, 12), consumed), BodyStatus::NeedMore);
    QCOMPARE(consumed, 12);
    QCOMPARE(parser.feedBody(body.mid(16), consumed), BodyStatus::Complete);
    QCOMPARE(consumed, body.size() - 16);
    QCOMPARE(parser.request().body, QByteArray("hello world"));
}

void tst_HttpRequestParser::bodyAtLimitIsAccepted()
{
    HttpRequestParser parser(kMaxHead, 5);
    QCOMPARE(parser.parseHead("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\n"),
             HeadStatus::Complete);
    QVERIFY(!parser.declaredBodyTooLarge());
    qsizetype consumed = 0;
    QCOMPARE(parser.feedBody("12345", consumed), BodyStatus::Complete);
    QCOMPARE(parser.request().body, QByteArray("12345"));
}

void tst_HttpRequestParser::declaredBodyOverLimitIsTooLarge()
{
    HttpRequestParser parser(kMaxHead, 5);
    QCOMPARE(parser.parseHead("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 6\r\n\r\n"),
             HeadStatus::Complete);
    QVERIFY(parser.declaredBodyTooLarge());
    qsizetype consumed = -1;
    QCOMPARE(parser.feedBody("123456", consumed), BodyStatus::TooLarge);
    QCOMPARE(consumed, 0);
    QVERIFY(parser.request().body.isEmpty());
}

void tst_HttpRequestParser::chunkedBodyOverLimitIsTooLarge()
{
    HttpRequestParser parser(kMaxHead, 8);
    QCOMPARE(parser.parseHead("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"),
             HeadStatus::Complete);
    QVERIFY(!parser.declaredBodyTooLarge()); // nothing declared up front
    qsizetype consumed = 0;
    QCOMPARE(parser.feedBody("5\r\nhello\r\n", consumed), BodyStatus::NeedMore);
    QCOMPARE(parser.feedBody("4\r\nabcd\r\n", consumed), BodyStatus::TooLarge);
    QVERIFY(parser.request().body.size() <= 8);
    QCOMPARE(parser.feedBody("0\r\n\r\n", consumed), BodyStatus::TooLarge);
}

void tst_HttpRequestParser::malformedChunkedBody()
{
    HttpRequestParser parser(kMaxHead, kMaxBody);
    QCOMPARE(parser.parseHead("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"),
             HeadStatus::Complete);
    qsizetype consumed = 0;
    QCOMPARE(parser.feedBody("zz\r\nhello\r\n", consumed), BodyStatus::Malformed);
    QVERIFY(!parser.error().isEmpty());
}

void tst_HttpRequestParser::pipelinedRequestsAfterContentLengthBody()
{
    const QByteArray first("POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello");
    const QByteArray second("GET /b?n=2 HTTP/1.1\r\nHost: h\r\n\r\n");
    const QByteArray wire = first + second;

    HttpRequestParser parser(kMaxHead, kMaxBody);
    QCOMPARE(parser.parseHead(wire), HeadStatus::Complete);
    QCOMPARE(parser.request().path, QStringLiteral("/a"));
    const QByteArray afterHead = wire.mid(parser.headLength());
    qsizetype consumed = -1;
    QCOMPARE(parser.feedBody(afterHead, consumed), BodyStatus::Complete);
    QCOMPARE(consumed, 5);
    QCOMPARE(parser.request().body, QByteArray("hello"));
    QCOMPARE(afterHead.mid(consumed), second);

    parser.reset();
    QCOMPARE(parser.parseHead(afterHead.mid(consumed)), HeadStatus::Complete);
    QCOMPARE(parser.request().method, QByteArray("GET"));
    QCOMPARE(parser.request().path, QStringLiteral("/b"));
    QCOMPARE(parser.request().query.queryItemValue(QStringLiteral("n")), QStringLiteral("2"));
    QVERIFY(parser.request().body.isEmpty());
    QVERIFY(!parser.expectsBody());
}

void tst_HttpRequestParser::pipelinedRequestsAfterChunkedBody()
{
    const QByteArray body("3\r\nabc\r\n0\r\n\r\n");
    const QByteArray second("DELETE /c HTTP/1.1\r\nHost: h\r\n\r\n");
    HttpRequestParser parser(kMaxHead, kMaxBody);
    QCOMPARE(parser.parseHead("PUT /a HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"),
             HeadStatus::Complete);
    qsizetype consumed = -1;
    QCOMPARE(parser.feedBody(body + second, consumed), BodyStatus::Complete);
    QCOMPARE(consumed, body.size());
    QCOMPARE(parser.request().body, QByteArray("abc"));

    parser.reset();
    QCOMPARE(parser.parseHead(second), HeadStatus::Complete);
    QCOMPARE(parser.request().method, QByteArray("DELETE"));
    QCOMPARE(parser.request().path, QStringLiteral("/c"));
}

void tst_HttpRequestParser::pipelinedGetWithoutBody()
{
    const QByteArray first("GET /one HTTP/1.1\r\nHost: h\r\n\r\n");
    const QByteArray second("GET /two HTTP/1.1\r\nHost: h\r\n\r\n");
    HttpRequestParser parser(kMaxHead, kMaxBody);
    QCOMPARE(parser.parseHead(first + second), HeadStatus::Complete);
    QCOMPARE(parser.headLength(), first.size());
    QCOMPARE(parser.request().path, QStringLiteral("/one"));
    QVERIFY(!parser.expectsBody());
    qsizetype consumed = -1;
    QCOMPARE(parser.feedBody(second, consumed), BodyStatus::Complete);
    QCOMPARE(consumed, 0);

    parser.reset();
    QCOMPARE(parser.parseHead(second), HeadStatus::Complete);
    QCOMPARE(parser.request().path, QStringLiteral("/two"));
}

void tst_HttpRequestParser::absoluteFormTarget()
{
    HttpRequestParser parser(kMaxHead, kMaxBody);
    QCOMPARE(parser.parseHead("GET http://Relay.Example.org:8080/some%20path?x=1 HTTP/1.1\r\n\r\n"),
             HeadStatus::Complete);
    const HttpRequest &r = parser.request();
    QCOMPARE(r.target, QByteArray("http://Relay.Example.org:8080/some%20path?x=1"));
    QCOMPARE(r.path, QStringLiteral("/some path"));
    QCOMPARE(r.query.queryItemValue(QStringLiteral("x")), QStringLiteral("1"));
    QCOMPARE(r.host, QStringLiteral("relay.example.org:8080"));
    QCOMPARE(r.hostName(), QStringLiteral("relay.example.org"));
}

void tst_HttpRequestParser::absoluteFormTargetWinsOverHostHeader()
{
    // RFC 9112 section 3.2.2: with an absolute-form target, the server ignores the Host header.
    HttpRequestParser parser(kMaxHead, kMaxBody);
    QCOMPARE(parser.parseHead("GET http://target.example/p?x HTTP/1.1\r\n"
                              "Host: other.example\r\n\r\n"),
             HeadStatus::Complete);
    const HttpRequest &r = parser.request();
    QCOMPARE(r.host, QStringLiteral("target.example"));
    QCOMPARE(r.path, QStringLiteral("/p"));
    QVERIFY(r.query.hasQueryItem(QStringLiteral("x")));
}

void tst_HttpRequestParser::absoluteFormWithoutPath()
{
    HttpRequestParser parser(kMaxHead, kMaxBody);
    QCOMPARE(parser.parseHead("GET http://example.org HTTP/1.1\r\n\r\n"), HeadStatus::Complete);
    QCOMPARE(parser.request().path, QStringLiteral("/"));
    QCOMPARE(parser.request().host, QStringLiteral("example.org"));
}

void tst_HttpRequestParser::absoluteFormHostDropsUserInfo()
{
    HttpRequestParser parser(kMaxHead, kMaxBody);
    QCOMPARE(parser.parseHead("GET http://user:secret@example.org:81/x HTTP/1.1\r\n\r\n"),
             HeadStatus::Complete);
    QCOMPARE(parser.request().host, QStringLiteral("example.org:81"));
    QCOMPARE(parser.request().path, QStringLiteral("/x"));
}

void tst_HttpRequestParser::resetClearsPreviousRequest()
{
    HttpRequestParser parser(kMaxHead, 5);
    QCOMPARE(parser.parseHead("POST /first?a=1 HTTP/1.0\r\nHost: one.example\r\nX-Only-First: y\r\n"
                              "Content-Length: 99\r\n\r\n"),
             HeadStatus::Complete);
    QVERIFY(parser.declaredBodyTooLarge());
    QVERIFY(!parser.request().keepAlive);

    parser.reset();
    QCOMPARE(parser.headLength(), 0);
    QCOMPARE(parser.parseHead("GET /second HTTP/1.1\r\nHost: two.example\r\n\r\n"), HeadStatus::Complete);
    const HttpRequest &r = parser.request();
    QCOMPARE(r.method, QByteArray("GET"));
    QCOMPARE(r.path, QStringLiteral("/second"));
    QVERIFY(r.query.isEmpty());
    QCOMPARE(r.host, QStringLiteral("two.example"));
    QVERIFY(r.header("x-only-first").isEmpty());
    QCOMPARE(r.headers.size(), 1);
    QVERIFY(r.keepAlive);
    QVERIFY(!parser.declaredBodyTooLarge());
    QVERIFY(!parser.expectsBody());
}

void tst_HttpRequestParser::emptyBodyFeedNeedsMore()
{
    HttpRequestParser parser(kMaxHead, kMaxBody);
    QCOMPARE(parser.parseHead("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\n"),
             HeadStatus::Complete);
    qsizetype consumed = -1;
    QCOMPARE(parser.feedBody(QByteArrayView(), consumed), BodyStatus::NeedMore);
    QCOMPARE(consumed, 0);
    QCOMPARE(parser.feedBody("ok", consumed), BodyStatus::Complete);
    QCOMPARE(parser.request().body, QByteArray("ok"));
}

QTEST_GUILESS_MAIN(tst_HttpRequestParser)
#include "tst_httprequestparser.moc"

// Unit tests for HttpResponse: headers and the bytes written on the wire.
#include "net/httpresponse.h"

#include <QtTest>

namespace {

// The head of serialized bytes split into the status line and header lines, and the body.
struct Wire
{
    QByteArray statusLine;
    QList<QByteArray> headerLines;
    QByteArray body;
};

Wire split(const QByteArray &bytes)
{
    Wire wire;
    const qsizetype end = bytes.indexOf("\r\n\r\n");
    if (end < 0)
        return wire;
    QList<QByteArray> lines = bytes.left(end).split('\n');
    for (QByteArray &line : lines) {
        if (line.endsWith('\r'))
            line.chop(1);
    }
    wire.statusLine = lines.takeFirst();
    wire.headerLines = lines;
    wire.body = bytes.mid(end + 4);
    return wire;
}

// The values of every header line called `name` (case-insensitive), in order.
QList<QByteArray> headerValues(const Wire &wire, const QByteArray &name)
{
    QList<QByteArray> values;
    for (const QByteArray &line : wire.headerLines) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).compare(name, Qt::CaseInsensitive) == 0)
            values << line.mid(colon + 1).trimmed();
    }
    return values;
}

} // namespace

class tst_HttpResponse : public QObject
{
    Q_OBJECT

private slots:
    void serializeWritesStatusHeadersAndBody();
    void contentLengthIsBodySize();
    void keepAliveConnectionHeader();
    void closeConnectionHeader();
    void closeAfterOverridesKeepAlive();
    void headOmitsBodyButKeepsContentLength();
    void noContentHasNoContentLength();
    void noContentNeverWritesBody();
    void notModifiedHasNoContentLength();
    void emptyBodyHasContentLengthZero();
    void setHeaderReplacesCaseInsensitively();
    void setHeaderAppendsNewNamesInOrder();
    void headerLookupIsCaseInsensitive();
    void userContentLengthIsNotDuplicated();
    void userConnectionIsNotDuplicated();
    void textAppendsNewline();
    void jsonAndHtmlSetContentType();
    void reasonPhrases_data();
    void reasonPhrases();
};

void tst_HttpResponse::serializeWritesStatusHeadersAndBody()
{
    HttpResponse r;
    r.status = 404;
    r.setHeader("Content-Type", "text/plain");
    r.setHeader("X-Trace", "abc");
    r.body = "not here";
    const QByteArray bytes = r.serialize(false, true);
    QVERIFY(bytes.startsWith("HTTP/1.1 404 Not Found\r\n"));
    QVERIFY(bytes.contains("\r\nContent-Type: text/plain\r\n"));
    QVERIFY(bytes.contains("\r\nX-Trace: abc\r\n"));
    QVERIFY(bytes.endsWith("\r\n\r\nnot here"));
    const Wire wire = split(bytes);
    QCOMPARE(wire.statusLine, QByteArray("HTTP/1.1 404 Not Found"));
    QCOMPARE(wire.body, QByteArray("not here"));
}

void tst_HttpResponse::contentLengthIsBodySize()
{
    HttpResponse r;
    r.body = QByteArray(1234, 'x');
    const Wire wire = split(r.serialize(false, true));
    QCOMPARE(headerValues(wire, "Content-Length"), QList<QByteArray>{"1234"});
    QCOMPARE(wire.body.size(), 1234);
}

void tst_HttpResponse::keepAliveConnectionHeader()
{
    HttpResponse r;
    r.body = "ok";
    const Wire wire = split(r.serialize(false, true));
    QCOMPARE(headerValues(wire, "Connection"), QList<QByteArray>{"keep-alive"});
}

void tst_HttpResponse::closeConnectionHeader()
{
    HttpResponse r;
    r.body = "ok";
    const Wire wire = split(r.serialize(false, false));
    QCOMPARE(headerValues(wire, "Connection"), QList<QByteArray>{"close"});
}

void tst_HttpResponse::closeAfterOverridesKeepAlive()
{
    HttpResponse r;
    r.closeAfter = true;
    const Wire wire = split(r.serialize(false, true));
    QCOMPARE(headerValues(wire, "Connection"), QList<QByteArray>{"close"});
}

void tst_HttpResponse::headOmitsBodyButKeepsContentLength()
{
    HttpResponse r = HttpResponse::json(200, "{\"ok\":true}");
    const QByteArray bytes = r.serialize(true, true);
    QVERIFY(bytes.endsWith("\r\n\r\n"));
    const Wire wire = split(bytes);
    QVERIFY(wire.body.isEmpty());
    QCOMPARE(headerValues(wire, "Content-Length"), QList<QByteArray>{"11"});
    QCOMPARE(headerValues(wire, "Content-Type"), QList<QByteArray>{"application/json"});
}

void tst_HttpResponse::noContentHasNoContentLength()
{
    HttpResponse r;
    r.status = 204;
    const QByteArray bytes = r.serialize(false, true);
    const Wire wire = split(bytes);
    QCOMPARE(wire.statusLine, QByteArray("HTTP/1.1 204 No Content"));
    QVERIFY(headerValues(wire, "Content-Length").isEmpty());
    QVERIFY(bytes.endsWith("\r\n\r\n"));
}

void tst_HttpResponse::noContentNeverWritesBody()
{
    // text() appends a newline, so a 204 built with it carries a body the wire must not see.
    const HttpResponse r = HttpResponse::text(204, "");
    QVERIFY(!r.body.isEmpty());
    const QByteArray bytes = r.serialize(false, true);
    QVERIFY(bytes.endsWith("\r\n\r\n"));
    QVERIFY(split(bytes).body.isEmpty());
}

void tst_HttpResponse::notModifiedHasNoContentLength()
{
    HttpResponse r;
    r.status = 304;
    const Wire wire = split(r.serialize(false, true));
    QCOMPARE(wire.statusLine, QByteArray("HTTP/1.1 304 Not Modified"));
    QVERIFY(headerValues(wire, "Content-Length").isEmpty());
}

void tst_HttpResponse::emptyBodyHasContentLengthZero()
{
    HttpResponse r;
    const Wire wire = split(r.serialize(false, true));
    QCOMPARE(wire.statusLine, QByteArray("HTTP/1.1 200 OK"));
    QCOMPARE(headerValues(wire, "Content-Length"), QList<QByteArray>{"0"});
    QVERIFY(wire.body.isEmpty());
}

void tst_HttpResponse::setHeaderReplacesCaseInsensitively()
{
    HttpResponse r;
    r.setHeader("Content-Type", "text/plain");
    r.setHeader("content-type", "application/json");
    QCOMPARE(r.headers.size(), 1);
    QCOMPARE(r.headers.first().second, QByteArray("application/json"));
    const Wire wire = split(r.serialize(false, true));
    QCOMPARE(headerValues(wire, "Content-Type"), QList<QByteArray>{"application/json"});
}

void tst_HttpResponse::setHeaderAppendsNewNamesInOrder()
{
    HttpResponse r;
    r.setHeader("B", "2").setHeader("A", "1");
    QCOMPARE(r.headers.size(), 2);
    QCOMPARE(r.headers.at(0).first, QByteArray("B"));
    QCOMPARE(r.headers.at(1).first, QByteArray("A"));
    const QByteArray bytes = r.serialize(false, true);
    QVERIFY(bytes.indexOf("\r\nB: 2\r\n") < bytes.indexOf("\r\nA: 1\r\n"));
}

void tst_HttpResponse::headerLookupIsCaseInsensitive()
{
    HttpResponse r;
    r.setHeader("X-Request-Id", "42");
    QCOMPARE(r.header("x-request-id"), QByteArray("42"));
    QCOMPARE(r.header("X-REQUEST-ID"), QByteArray("42"));
    QVERIFY(r.header("x-other").isEmpty());
}

void tst_HttpResponse::userContentLengthIsNotDuplicated()
{
    HttpResponse r;
    r.setHeader("content-length", "999");
    r.body = "four";
    const Wire wire = split(r.serialize(false, true));
    // Exactly one Content-Length, and it tells the truth about the body.
    QCOMPARE(headerValues(wire, "Content-Length"), QList<QByteArray>{"4"});
    QCOMPARE(wire.body, QByteArray("four"));
}

void tst_HttpResponse::userConnectionIsNotDuplicated()
{
    HttpResponse r;
    r.setHeader("CONNECTION", "upgrade");
    const Wire keep = split(r.serialize(false, true));
    QCOMPARE(headerValues(keep, "Connection"), QList<QByteArray>{"keep-alive"});
    const Wire close = split(r.serialize(false, false));
    QCOMPARE(headerValues(close, "Connection"), QList<QByteArray>{"close"});
}

void tst_HttpResponse::textAppendsNewline()
{
    const HttpResponse r = HttpResponse::text(403, "go away");
    QCOMPARE(r.status, 403);
    QCOMPARE(r.body, QByteArray("go away\n"));
    QCOMPARE(r.header("content-type"), QByteArray("text/plain; charset=utf-8"));
    QCOMPARE(HttpResponse::text(200, "done\n").body, QByteArray("done\n"));
}

void tst_HttpResponse::jsonAndHtmlSetContentType()
{
    const HttpResponse json = HttpResponse::json(201, "[]");
    QCOMPARE(json.status, 201);
    QCOMPARE(json.body, QByteArray("[]"));
    QCOMPARE(json.header("Content-Type"), QByteArray("application/json"));
    const HttpResponse html = HttpResponse::html(200, "<p>hi</p>");
    QCOMPARE(html.body, QByteArray("<p>hi</p>"));
    QCOMPARE(html.header("Content-Type"), QByteArray("text/html; charset=utf-8"));
}

void tst_HttpResponse::reasonPhrases_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("reason");
    QTest::newRow("200") << 200 << QByteArray("OK");
    QTest::newRow("405") << 405 << QByteArray("Method Not Allowed");
    QTest::newRow("413") << 413 << QByteArray("Payload Too Large");
    QTest::newRow("426") << 426 << QByteArray("Upgrade Required");
    QTest::newRow("431") << 431 << QByteArray("Request Header Fields Too Large");
    QTest::newRow("503") << 503 << QByteArray("Service Unavailable");
    QTest::newRow("unlisted") << 299 << QByteArray("Unknown");
}

void tst_HttpResponse::reasonPhrases()
{
    QFETCH(int, status);
    QFETCH(QByteArray, reason);
    QCOMPARE(HttpResponse::reasonPhrase(status), reason);
    HttpResponse r;
    r.status = status;
    QCOMPARE(split(r.serialize(false, true)).statusLine,
             "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason);
}

QTEST_GUILESS_MAIN(tst_HttpResponse)
#include "tst_httpresponse.moc"

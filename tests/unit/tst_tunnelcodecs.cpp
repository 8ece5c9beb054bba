// The tunnel's hand-written event codecs: JSON strings, http:request out, http:response in, and
// the base64 decoder. Each is checked against what Qt's own JSON and base64 code make of the
// same data, so a shortcut that changes meaning fails here.
#include "tunnel/base64decoder.h"
#include "tunnel/httprequestevent.h"
#include "tunnel/httpresponseevent.h"
#include "tunnel/jsonstring.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QtTest>

namespace {

QString parsedString(const QByteArray &literal)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson("[" + literal + "]", &error);
    if (error.error != QJsonParseError::NoError)
        return QStringLiteral("<invalid JSON: %1>").arg(error.errorString());
    return document.array().first().toString();
}

QByteArray responseEvent(const QJsonObject &answer)
{
    return QJsonDocument(QJsonArray{QStringLiteral("http:response"), answer}).toJson(QJsonDocument::Compact);
}

} // namespace

class TunnelCodecsTest : public QObject
{
    Q_OBJECT
private slots:
    void jsonStringEscapes_data()
    {
        QTest::addColumn<QByteArray>("utf8");
        QTest::newRow("plain") << QByteArray("/index.html?a=1&b=2");
        QTest::newRow("quotes and backslashes") << QByteArray(R"(say "hi" \ bye)");
        QTest::newRow("control characters") << QByteArray("a\nb\rc\td\x01\x1f\x7f", 11);
        QTest::newRow("valid UTF-8") << QByteArray("Grüße, 世界 \xf0\x9f\x98\x80");
        QTest::newRow("empty") << QByteArray();
    }
    void jsonStringEscapes()
    {
        QFETCH(QByteArray, utf8);
        QByteArray out;
        appendJsonString(out, utf8);
        QCOMPARE(parsedString(out), QString::fromUtf8(utf8));
    }

    void jsonStringRepairsInvalidUtf8()
    {
        // A lone continuation byte and a truncated sequence, as a hostile client may send them.
        const QByteArray invalid("ok \x80 and \xe4\xb8", 11);
        QByteArray out;
        appendJsonString(out, invalid);
        QCOMPARE(parsedString(out), QString::fromUtf8(invalid)); // Qt's replacement characters
        QVERIFY(out.contains("\xef\xbf\xbd")); // U+FFFD written as UTF-8
    }

    void requestEventHasTheDocumentedShape()
    {
        HttpRequest request;
        request.method = "POST";
        request.target = "/api/save?x=\"1\"";
        request.headers = {{"host", "abc123.localhost:8765"},
                           {"accept", "text/html"},
                           {"cookie", "a=1"},
                           {"x-many", "one"},
                           {"cookie", "b=2"},
                           {"x-many", "two"},
                           {"set-cookie", "s=1"},
                           {"set-cookie", "t=2"}};
        request.body = QByteArray("\x00\xff binary", 9);
        const QByteArray json = HttpRequestEvent::json("req-7-abc", request);

        QJsonParseError error;
        const QJsonArray event = QJsonDocument::fromJson(json, &error).array();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(event.size(), 2);
        QCOMPARE(event.at(0).toString(), QStringLiteral("http:request"));
        const QJsonObject payload = event.at(1).toObject();
        QCOMPARE(payload.value("id").toString(), QStringLiteral("req-7-abc"));
        QCOMPARE(payload.value("method").toString(), QStringLiteral("POST"));
        QCOMPARE(payload.value("url").toString(), QStringLiteral("/api/save?x=\"1\""));
        QCOMPARE(QByteArray::fromBase64(payload.value("body").toString().toLatin1()), request.body);
        const QJsonObject headers = payload.value("headers").toObject();
        QCOMPARE(headers.value("host").toString(), QStringLiteral("abc123.localhost:8765"));
        QCOMPARE(headers.value("cookie").toString(), QStringLiteral("a=1; b=2"));
        QCOMPARE(headers.value("x-many").toString(), QStringLiteral("one, two"));
        QCOMPARE(headers.value("set-cookie").toArray(), (QJsonArray{QStringLiteral("s=1"), QStringLiteral("t=2")}));
        // Node keeps headers in arrival order; so does the event.
        QVERIFY(json.indexOf("\"host\"") < json.indexOf("\"accept\""));
        QVERIFY(json.indexOf("\"accept\"") < json.indexOf("\"cookie\""));
    }

    void requestEventLeavesGetBodiesOut()
    {
        HttpRequest request;
        request.method = "GET";
        request.target = "/";
        const QJsonObject payload = QJsonDocument::fromJson(HttpRequestEvent::json("req-1-a", request)).array().at(1).toObject();
        QVERIFY(!payload.contains("body"));
        QCOMPARE(payload.value("headers").toObject(), QJsonObject());
    }

    void responseEventIsRead()
    {
        const QByteArray body("\x00\x01 some body \xff", 14);
        HttpResponseEventParser parser;
        const auto answer = parser.parse(responseEvent(QJsonObject{
            {"id", "req-3-ff"},
            {"status", 201},
            {"headers", QJsonObject{{"Content-Type", "text/plain"},
                                    {"Set-Cookie", QJsonArray{"a=1", "b=2"}},
                                    {"X-Number", 1024},
                                    {"X-Fraction", 1.5},
                                    {"Access-Control-Allow-Origin", "https://example.org"}}},
            {"body", QString::fromLatin1(body.toBase64())}}));
        QVERIFY(answer);
        QCOMPARE(answer->id, QByteArray("req-3-ff"));
        QCOMPARE(answer->status, 201);
        QCOMPARE(answer->body, body);
        QVERIFY(answer->hasAllowOrigin);
        QVERIFY(answer->headers.contains(qMakePair(QByteArray("Content-Type"), QByteArray("text/plain"))));
        QVERIFY(answer->headers.contains(qMakePair(QByteArray("Set-Cookie"), QByteArray("a=1"))));
        QVERIFY(answer->headers.contains(qMakePair(QByteArray("Set-Cookie"), QByteArray("b=2"))));
        QVERIFY(answer->headers.contains(qMakePair(QByteArray("X-Number"), QByteArray("1024"))));
        QVERIFY(answer->headers.contains(qMakePair(QByteArray("X-Fraction"), QByteArray("1.5"))));
    }

    void responseEventStatusRules_data()
    {
        QTest::addColumn<QJsonValue>("status");
        QTest::addColumn<int>("expected");
        QTest::newRow("missing") << QJsonValue(QJsonValue::Undefined) << 200;
        QTest::newRow("text") << QJsonValue("404") << 200;
        QTest::newRow("fraction") << QJsonValue(200.5) << 200;
        QTest::newRow("in range") << QJsonValue(418) << 418;
        QTest::newRow("too low") << QJsonValue(42) << 502;
        QTest::newRow("too high") << QJsonValue(600) << 502;
    }
    void responseEventStatusRules()
    {
        QFETCH(QJsonValue, status);
        QFETCH(int, expected);
        QJsonObject answer{{"id", "req-1-a"}};
        if (!status.isUndefined())
            answer.insert("status", status);
        HttpResponseEventParser parser;
        const auto parsed = parser.parse(responseEvent(answer));
        QVERIFY(parsed);
        QCOMPARE(parsed->status, expected);
    }

    void responseEventDropsUnsafeHeaders()
    {
        HttpResponseEventParser parser;
        const auto answer = parser.parse(responseEvent(QJsonObject{
            {"id", "req-1-a"},
            {"headers", QJsonObject{{"Transfer-Encoding", "chunked"},
                                    {"Connection", "close"},
                                    {"content-length", "12"},
                                    {"X-Injected", "a\r\nSet-Cookie: evil=1"},
                                    {"Bad Name", "x"},
                                    {"X-Flag", true},
                                    {"X-Fine", "yes"}}}}));
        QVERIFY(answer);
        QCOMPARE(answer->headers, (QList<QPair<QByteArray, QByteArray>>{{"X-Fine", "yes"}}));
        QCOMPARE(answer->announcedLength, 12); // kept for a HEAD answer, not as a header
        QVERIFY(!answer->hasAllowOrigin);
    }

    void responseEventRefusesOtherShapes_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("not JSON") << QByteArray(R"(["http:response",{"id":"x")");
        QTest::newRow("trailing garbage") << QByteArray(R"(["http:response",{"id":"x"}]])");
        QTest::newRow("another event") << QByteArray(R"(["bridge:response",{"id":"x"}])");
        QTest::newRow("no answer") << QByteArray(R"(["http:response"])");
        QTest::newRow("answer not an object") << QByteArray(R"(["http:response","x"])");
        QTest::newRow("object, not array") << QByteArray(R"({"id":"x"})");
    }
    void responseEventRefusesOtherShapes()
    {
        QFETCH(QByteArray, json);
        HttpResponseEventParser parser;
        QVERIFY(!parser.parse(json));
    }

    void responseEventReadsLargeAnswers()
    {
        // Larger than the parser kept between answers: a parser of its own reads it.
        QByteArray body(3 * 1024 * 1024, Qt::Uninitialized);
        for (qsizetype i = 0; i < body.size(); ++i)
            body[i] = char(i * 7 + (i >> 9));
        HttpResponseEventParser parser;
        const auto answer = parser.parse(responseEvent(QJsonObject{{"id", "req-9-b"}, {"body", QString::fromLatin1(body.toBase64())}}));
        QVERIFY(answer);
        QCOMPARE(answer->body, body);
        // And the kept parser still works afterwards.
        QVERIFY(parser.parse(responseEvent(QJsonObject{{"id", "req-10-b"}})));
    }

    void responseEventAcceptsUnpaddedBase64()
    {
        // Not what Node writes, but the lenient path took it before and still does.
        HttpResponseEventParser parser;
        const auto answer = parser.parse(responseEvent(QJsonObject{{"id", "req-1-a"}, {"body", "aGk"}}));
        QVERIFY(answer);
        QCOMPARE(answer->body, QByteArray("hi"));
    }

    void base64MatchesQtForEveryLength()
    {
        auto *random = QRandomGenerator::global();
        for (int length = 0; length < 200; ++length) {
            QByteArray data(length, Qt::Uninitialized);
            for (char &c : data)
                c = char(random->bounded(256));
            const auto decoded = Base64Decoder::decodeStrict(data.toBase64());
            QVERIFY2(decoded, qPrintable(QString::number(length)));
            QCOMPARE(*decoded, data);
        }
    }

    void base64RefusesWhatIsNotStrict_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("unpadded") << QByteArray("aGk");
        QTest::newRow("whitespace") << QByteArray("aG k");
        QTest::newRow("url-safe letters") << QByteArray("a-_A");
        QTest::newRow("padding inside") << QByteArray("aG==aGk=");
        QTest::newRow("non-ASCII") << QByteArray("aGk\xc3");
    }
    void base64RefusesWhatIsNotStrict()
    {
        QFETCH(QByteArray, text);
        QVERIFY(!Base64Decoder::decodeStrict(text));
    }
};

QTEST_GUILESS_MAIN(TunnelCodecsTest)
#include "tst_tunnelcodecs.moc"

// Unit tests for the server side of the WebSocket opening handshake.
#include "net/websocket/websockethandshake.h"

#include <QtTest>

namespace {
HttpRequest upgrade(const QByteArray &key, const QByteArray &version = "13")
{
    HttpRequest r;
    r.method = "GET";
    r.path = QStringLiteral("/");
    r.upgradeToWebSocket = true;
    r.headers = {{"upgrade", "websocket"}, {"connection", "Upgrade"}, {"sec-websocket-key", key},
                 {"sec-websocket-version", version}};
    return r;
}
} // namespace

class TestWebSocketHandshake : public QObject
{
    Q_OBJECT
private slots:
    void acceptKeyMatchesTheRfcExample()
    {
        // RFC 6455 section 1.3.
        QCOMPARE(WebSocketHandshake::acceptKey("dGhlIHNhbXBsZSBub25jZQ=="), QByteArray("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
    }

    void validRequestGets101()
    {
        const auto result = WebSocketHandshake::answer(upgrade("dGhlIHNhbXBsZSBub25jZQ=="));
        QVERIFY(result.ok);
        QVERIFY(result.switchingProtocols.startsWith("HTTP/1.1 101 Switching Protocols\r\n"));
        QVERIFY(result.switchingProtocols.contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"));
        QVERIFY(result.switchingProtocols.endsWith("\r\n\r\n"));
        QVERIFY(!result.switchingProtocols.contains("Sec-WebSocket-Extensions"));
    }

    void otherVersionGets426WithTheSupportedOne()
    {
        const auto result = WebSocketHandshake::answer(upgrade("dGhlIHNhbXBsZSBub25jZQ==", "8"));
        QVERIFY(!result.ok);
        QCOMPARE(result.refusal.status, 426);
        QCOMPARE(result.refusal.header("Sec-WebSocket-Version"), QByteArray("13"));
    }

    void badKeyGets400()
    {
        for (const QByteArray &key : {QByteArray(), QByteArray("short"), QByteArray("!!!!")}) {
            const auto result = WebSocketHandshake::answer(upgrade(key));
            QVERIFY(!result.ok);
            QCOMPARE(result.refusal.status, 400);
        }
    }
};

QTEST_GUILESS_MAIN(TestWebSocketHandshake)
#include "tst_websockethandshake.moc"

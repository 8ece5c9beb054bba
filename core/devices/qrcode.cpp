#include "qrcode.h"

#include <qrencode.h>

QrCode QrCode::encode(const QString &text)
{
    QrCode qr;
    const QByteArray utf8 = text.toUtf8();
    QRcode *code = QRcode_encodeString8bit(utf8.constData(), 0, QR_ECLEVEL_M);
    if (!code)
        return qr;
    qr.m_size = code->width;
    qr.m_modules.resize(qsizetype(code->width) * code->width);
    for (int i = 0; i < code->width * code->width; ++i)
        qr.m_modules[i] = (code->data[i] & 1) != 0; // bit 0: dark module
    QRcode_free(code);
    return qr;
}

bool QrCode::dark(int x, int y) const
{
    if (x < 0 || y < 0 || x >= m_size || y >= m_size)
        return false;
    return m_modules.at(qsizetype(y) * m_size + x);
}

QByteArray QrCode::toSvg() const
{
    const int side = m_size + 2 * kQuietZone;
    QByteArray path;
    for (int y = 0; y < m_size; ++y) {
        for (int x = 0; x < m_size; ++x) {
            if (dark(x, y))
                path += 'M' + QByteArray::number(x + kQuietZone) + ',' + QByteArray::number(y + kQuietZone) + "h1v1h-1z";
        }
    }
    const QByteArray n = QByteArray::number(side);
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + n + ' ' + n
           + "\" width=\"" + QByteArray::number(side * 8) + "\" height=\"" + QByteArray::number(side * 8)
           + "\" shape-rendering=\"crispEdges\"><rect width=\"" + n + "\" height=\"" + n
           + "\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + path + "\"/></svg>\n";
}

QString QrCode::toTerminal() const
{
    // Each character cell holds two modules, upper and lower: ' ' both dark, '▀' upper light,
    // '▄' lower light, '█' both light (the foreground colour is light on a dark terminal).
    const int from = -kQuietZone;
    const int to = m_size + kQuietZone;
    QString out;
    for (int y = from; y < to; y += 2) {
        for (int x = from; x < to; ++x) {
            const bool upperLight = !dark(x, y);
            const bool lowerLight = y + 1 < to ? !dark(x, y + 1) : false;
            if (upperLight && lowerLight)
                out += QChar(0x2588);
            else if (upperLight)
                out += QChar(0x2580);
            else if (lowerLight)
                out += QChar(0x2584);
            else
                out += QLatin1Char(' ');
        }
        out += QLatin1Char('\n');
    }
    return out;
}

QByteArray QrCode::toPbm(int scale) const
{
    const int side = (m_size + 2 * kQuietZone) * scale;
    QByteArray out = "P1\n" + QByteArray::number(side) + ' ' + QByteArray::number(side) + '\n';
    for (int py = 0; py < side; ++py) {
        for (int px = 0; px < side; ++px)
            out += dark(px / scale - kQuietZone, py / scale - kQuietZone) ? '1' : '0';
        out += '\n';
    }
    return out;
}

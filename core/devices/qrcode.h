#pragma once
// A QR code from libqrencode as a square of dark and light modules, drawn three ways: SVG (the
// status page), Unicode half blocks (the terminal, two rows per line) and PBM (tests decode it
// with zbarimg). Every drawing has the standard four-module quiet zone, without which phone
// scanners often fail.
#include <QByteArray>
#include <QList>
#include <QString>

class QrCode
{
public:
    static constexpr int kQuietZone = 4;

    // Medium error correction: a little damage or glare on a screen still reads.
    static QrCode encode(const QString &text);

    bool isNull() const { return m_size == 0; }
    int size() const { return m_size; } // modules per side, without the quiet zone
    bool dark(int x, int y) const; // outside the code (the quiet zone) is light

    QByteArray toSvg() const;
    // Dark modules as terminal cells: meant for a light-on-dark terminal, so a "dark" module is
    // drawn as a space and light as a block, which scanners read as the usual dark-on-light code.
    QString toTerminal() const;
    // A plain PBM (P1) with each module `scale` pixels wide.
    QByteArray toPbm(int scale = 4) const;

private:
    int m_size = 0;
    QList<bool> m_modules;
};

#pragma once
// A QR code (libqrencode, through the core's QrCode) as an image: black modules on white with the
// four-module quiet zone, each module a whole number of pixels so scanners see sharp edges.
#include <QImage>
#include <QString>

namespace QrImage {
// `modulePixels` wide modules; a null image when the text does not fit a QR code.
QImage render(const QString &text, int modulePixels = 8);
}

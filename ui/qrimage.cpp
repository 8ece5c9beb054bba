#include "qrimage.h"

#include "devices/qrcode.h"

#include <QPainter>

namespace QrImage {

QImage render(const QString &text, int modulePixels)
{
    const QrCode code = QrCode::encode(text);
    if (code.isNull())
        return {};
    const int side = (code.size() + 2 * QrCode::kQuietZone) * modulePixels;
    QImage image(side, side, QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter p(&image);
    for (int y = 0; y < code.size(); ++y) {
        for (int x = 0; x < code.size(); ++x) {
            if (code.dark(x, y))
                p.fillRect((x + QrCode::kQuietZone) * modulePixels, (y + QrCode::kQuietZone) * modulePixels,
                           modulePixels, modulePixels, Qt::black);
        }
    }
    return image;
}

} // namespace QrImage

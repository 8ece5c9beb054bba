#pragma once
// --screenshots DIR (for docs/screenshots and its test): once the tray icon is docked, fills the
// window with a few example sessions and some traffic, then saves window.png (Sessions),
// pairing.png (a live code), settings.png and tray.png (the panel around the icon, with its menu
// open) and quits.
#include <QString>

class TrayApplication;

namespace Screenshots {
void takeWhenReady(TrayApplication *app, const QString &directory);
}

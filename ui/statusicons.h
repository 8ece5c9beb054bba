#pragma once
// The tray's state icons (resources/icons/*.svg), rendered from SVG at whatever size the panel
// asks for so they stay crisp on HiDPI panels.
#include "relaycontroller.h"

#include <QIcon>

namespace StatusIcons {
QIcon forState(RelayController::State state);
QIcon application();
}

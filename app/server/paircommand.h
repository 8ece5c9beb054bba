#pragma once
// `switchboard-server pair`: asks the relay running on this machine for a phone pairing code and
// prints the code, the URL and a QR code drawn in the terminal.
#include "config/settings.h"

namespace PairCommand {
// Returns the process exit code: 0 printed a code, 1 no relay answered or it refused.
int run(const Settings &settings);
}

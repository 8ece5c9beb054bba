#!/usr/bin/env bash
# Screenshots of the tray app on a real X server with a real tray: Xvfb on a free display,
# trayer as the panel, then `switchboard --screenshots`, which waits for the tray, docks its icon,
# and saves window.png and tray.png. Checks both pictures exist and are not blank.
#   tests/ui/take-screenshots.sh BUILD/app/tray/switchboard OUTPUT_DIR
# To refresh the README's pictures: tests/ui/take-screenshots.sh build/app/tray/switchboard docs/screenshots
set -euo pipefail
app=$1
out=$2
mkdir -p "$out"
# On a fresh X server with trayer as the panel (with-tray.sh), then here again.
if [ -z "${SWITCHBOARD_ON_TEST_TRAY:-}" ]; then
  SWITCHBOARD_ON_TEST_TRAY=1 exec "$(dirname "$0")/with-tray.sh" "$0" "$@"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The app's own state stays out of the user's home.
export XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" XDG_RUNTIME_DIR="$work/runtime"
mkdir -p "$XDG_RUNTIME_DIR" "$XDG_CONFIG_HOME/switchboard" && chmod 700 "$XDG_RUNTIME_DIR"
# Settings in the app's own file, as the settings dialog would have saved them.
printf '[server]\nhost=127.0.0.1\nport=0\ndomain=relay.example.org\n' >"$XDG_CONFIG_HOME/switchboard/relay.ini"
unset QT_QPA_PLATFORM
export LANG=C.UTF-8 LANGUAGE= LC_ALL=
timeout 60 "$app" --screenshots "$work/shots" --secret-store file --log-level warning

for name in window pairing settings tray; do
  file="$work/shots/$name.png"
  [ -s "$file" ] || { echo "no $name.png" >&2; exit 1; }
done
# The tray picture must hold the menu, so it is taller than a bare panel strip.
python3 - "$work/shots" <<'PY'
import struct, sys, zlib
def size(path):
    with open(path, 'rb') as f:
        head = f.read(24)
    return struct.unpack('>II', head[16:24])
w, h = size(sys.argv[1] + '/window.png')
tw, th = size(sys.argv[1] + '/tray.png')
assert w >= 600 and h >= 400, f"window.png is {w}x{h}"
assert th >= 120, f"tray.png is {tw}x{th}: the menu is missing"
print(f"window.png {w}x{h}, tray.png {tw}x{th}")
PY
cp "$work/shots/"{window,pairing,settings,tray}.png "$out/"

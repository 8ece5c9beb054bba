#!/usr/bin/env bash
# Runs a command on a fresh X server (Xvfb, free display) with trayer as the system tray.
#   tests/ui/with-tray.sh COMMAND [ARGS...]
set -euo pipefail
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$work/display" 2>"$work/xvfb.log" &
pids+=($!)
for _ in $(seq 200); do
  [ -s "$work/display" ] && break
  sleep 0.05
done
[ -s "$work/display" ] || { echo "Xvfb did not start" >&2; cat "$work/xvfb.log" >&2; exit 1; }
export DISPLAY=":$(head -n1 "$work/display")"
trayer --edge top --align right --widthtype pixel --width 160 --heighttype pixel --height 30 \
  --SetDockType true --SetPartialStrut true --transparent true --alpha 0 --tint 0xdcdfe3 \
  --iconspacing 4 --margin 8 >"$work/trayer.log" 2>&1 &
pids+=($!)
unset QT_QPA_PLATFORM
"$@"

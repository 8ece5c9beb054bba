#!/usr/bin/env bash
# Every tray-app string is translated: lupdate over ui/ finds no string missing from each .ts
# (run on a copy, so the checked-in files are untouched), and none is left unfinished.
#   tests/ui/check-translations.sh LUPDATE SOURCE_DIR
set -euo pipefail
lupdate=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
for ts in "$src"/translations/switchboard_*.ts; do
  copy="$work/$(basename "$ts")"
  cp "$ts" "$copy"
  report=$("$lupdate" -no-obsolete -locations none "$src/ui" -ts "$copy" 2>&1)
  if ! grep -q "(0 new and" <<<"$report"; then
    echo "$(basename "$ts"): strings in the code are missing: $report" >&2
    status=1
  fi
  if grep -q 'type="unfinished"' "$copy"; then
    echo "$(basename "$ts"): unfinished entries:" >&2
    grep -B2 'type="unfinished"' "$copy" | grep '<source>' >&2
    status=1
  fi
done
exit $status

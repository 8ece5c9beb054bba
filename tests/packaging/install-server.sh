#!/usr/bin/env bash
# Installs the switchboard-server package the way a user does (apt-get install ./file.deb), runs
# the installed binary on a loopback port, asks it for /health, and purges the package again.
# Needs root and apt-get (CI has both); skipped (exit 77) otherwise, and when the package is
# already installed here, so a real installation is never touched.
#   install-server.sh PACKAGES_DIR
set -euo pipefail
packages=$1

skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || skip "installing a package needs root"
command -v apt-get >/dev/null || skip "no apt-get"
command -v curl >/dev/null || skip "no curl"
if dpkg-query -W -f='${Status}' switchboard-server 2>/dev/null | grep -q "ok installed"; then
  skip "switchboard-server is already installed on this machine; not touching it"
fi
shopt -s nullglob
debs=("$packages"/switchboard-server_*.deb)
[ ${#debs[@]} -eq 1 ] || fail "expected one switchboard-server .deb in $packages (the packaging_debs test builds it)"
deb=$(realpath "${debs[0]}")

user_existed=no
getent passwd switchboard >/dev/null && user_existed=yes
work=$(mktemp -d)
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  DEBIAN_FRONTEND=noninteractive dpkg --purge switchboard-server >/dev/null 2>&1 || true
  # The package leaves its system user behind on purpose; the test made it, so it removes it.
  if [ "$user_existed" = no ] && getent passwd switchboard >/dev/null; then
    userdel switchboard 2>/dev/null || true
    getent group switchboard >/dev/null && groupdel switchboard 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# The dpkg lock may be held by another apt run on this machine: wait for it rather than fail.
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
  -o DPkg::Lock::Timeout=300 "$deb" >"$work/apt.log" 2>&1 || { cat "$work/apt.log"; fail "apt-get install"; }
echo "installed $(dpkg-query -W -f='${Package} ${Version}' switchboard-server)"

[ -x /usr/bin/switchboard-server ] || fail "/usr/bin/switchboard-server missing"
[ -f /lib/systemd/system/switchboard-server.service ] || fail "unit missing"
getent passwd switchboard >/dev/null || fail "postinst did not create the user switchboard"
[ "$(stat -c %a /etc/default/switchboard-server)" = 600 ] || fail "/etc/default/switchboard-server is not 0600"
# The installed unit against the installed binary, now that ExecStart's path exists.
if command -v systemd-analyze >/dev/null; then
  verify=$(systemd-analyze verify --man=no /lib/systemd/system/switchboard-server.service 2>&1) \
    || { echo "$verify"; fail "systemd-analyze verify of the installed unit"; }
  if grep -i "switchboard-server.service" <<<"$verify"; then fail "systemd-analyze verify complained"; fi
fi

# The installed binary, as the service user would run it, on a port the system picks.
chmod 755 "$work" # mktemp made it 0700: the service user must reach data/
mkdir -p "$work/data"
chown switchboard:switchboard "$work/data"
setpriv --reuid=switchboard --regid=switchboard --clear-groups \
  env -i PATH=/usr/bin:/bin HOME="$work/data" \
  /usr/bin/switchboard-server --host 127.0.0.1 --port 0 --data-dir "$work/data" --secret-store file \
  >"$work/server.log" 2>&1 &
server_pid=$!
port=
for _ in $(seq 1 150); do
  port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\) .*/\1/p' "$work/server.log" | head -1)
  [ -n "$port" ] && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
[ -n "$port" ] || { cat "$work/server.log"; fail "the installed server did not start listening"; }
health=$(curl -fsS --max-time 5 "http://127.0.0.1:$port/health") || { cat "$work/server.log"; fail "GET /health"; }
echo "GET /health: $health"
grep -q '"status"' <<<"$health" || fail "/health answered without a status"
kill -TERM "$server_pid"
wait "$server_pid" || fail "the server exited with $? on SIGTERM"
server_pid=

DEBIAN_FRONTEND=noninteractive dpkg --purge switchboard-server >/dev/null || fail "dpkg --purge"
[ ! -e /usr/bin/switchboard-server ] || fail "binary left behind after purge"
[ ! -e /etc/default/switchboard-server ] || fail "conffile left behind after purge"
echo "PASS"

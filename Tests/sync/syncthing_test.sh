#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Two real Syncthing instances on 127.0.0.1 only, each with its own copy of
# the sync folder: a `habits done` on device A reaches device B's database.
#
#   Tests/sync/syncthing_test.sh PATH/TO/habits
#
# Nothing leaves the machine: discovery, relays, NAT traversal, usage
# reports and crash reports are off, and each peer has a fixed loopback
# address.
set -u

habits=${1:?usage: $0 PATH/TO/habits}
case $habits in /*) ;; *) habits=$PWD/$habits ;; esac
[ -x "$habits" ] || { echo "FAIL: '$habits' is not an executable"; exit 1; }
command -v syncthing >/dev/null || { echo "FAIL: syncthing is not installed (./dev setup)"; exit 1; }
repo=$(cd "$(dirname "$0")/../.." && pwd)
. "$repo/Tests/support/checks.sh"

root=$(mktemp -d "${TMPDIR:-/tmp}/habits-syncthing-test.XXXXXX")
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null; done
  rm -rf "$root"
}
trap cleanup EXIT
export TZ=Europe/London NO_COLOR=1
unset HABITS_DB HABITS_SCHEDULES XDG_CONFIG_HOME XDG_DATA_HOME STNODEFAULTFOLDER

# Four free ports on the loopback interface.
read -r listen_a listen_b gui_a gui_b < <(python3 -c '
import socket
socks = [socket.socket() for _ in range(4)]
for s in socks: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in socks])
for s in socks: s.close()')

device_id() { syncthing generate --home="$1" 2>&1 | sed -n 's/.*Device ID: *\([A-Z0-9-]*\).*/\1/p' | head -1; }
id_a=$(device_id "$root/st-a")
id_b=$(device_id "$root/st-b")
[ -n "$id_a" ] && [ -n "$id_b" ] || { echo "FAIL: syncthing generate gave no device id"; exit 1; }

# config HOME FOLDER LISTEN GUI: the whole config.xml, written before the first start.
config() {
  cat >"$1/config.xml" <<XML
<configuration version="36">
  <folder id="habits" label="habits" path="$2" type="sendreceive" rescanIntervalS="60" fsWatcherEnabled="true" fsWatcherDelayS="1" ignorePerms="false" autoNormalize="true">
    <filesystemType>basic</filesystemType>
    <device id="$id_a" introducedBy=""></device>
    <device id="$id_b" introducedBy=""></device>
  </folder>
  <device id="$id_a" name="a" compression="metadata" introducer="false" skipIntroductionRemovals="false" introducedBy="">
    <address>tcp://127.0.0.1:$listen_a</address>
  </device>
  <device id="$id_b" name="b" compression="metadata" introducer="false" skipIntroductionRemovals="false" introducedBy="">
    <address>tcp://127.0.0.1:$listen_b</address>
  </device>
  <gui enabled="true" tls="false" debugging="false">
    <address>127.0.0.1:$4</address>
    <apikey>habits-test-key</apikey>
  </gui>
  <options>
    <listenAddress>tcp://127.0.0.1:$3</listenAddress>
    <globalAnnounceEnabled>false</globalAnnounceEnabled>
    <localAnnounceEnabled>false</localAnnounceEnabled>
    <relaysEnabled>false</relaysEnabled>
    <natEnabled>false</natEnabled>
    <urAccepted>-1</urAccepted>
    <crashReportingEnabled>false</crashReportingEnabled>
    <startBrowser>false</startBrowser>
    <autoUpgradeIntervalH>0</autoUpgradeIntervalH>
  </options>
</configuration>
XML
}
mkdir -p "$root/sync-a/.stfolder" "$root/sync-b/.stfolder"
config "$root/st-a" "$root/sync-a" "$listen_a" "$gui_a"
config "$root/st-b" "$root/sync-b" "$listen_b" "$gui_b"
for side in a b; do
  syncthing serve --home="$root/st-$side" --no-browser --no-restart --no-upgrade \
    --no-default-folder >"$root/st-$side.log" 2>&1 &
  pids+=($!)
done

# A device: a HOME with the gratitude schedule switched on.
device() {
  local schedules=$root/$1/.config/habits/schedules
  mkdir -p "$schedules"
  sed 's/^enabled = false/enabled = true/' "$repo/schedules/gratitude.toml" >"$schedules/gratitude.toml"
}
on() {
  local who=$1
  shift
  HOME=$root/$who HABITS_NOW=2026-11-20T17:00:00Z "$habits" "$@"
}
device a
device b

connected() {
  python3 - "$gui_a" <<'PY' 2>/dev/null
import json, sys, urllib.request
request = urllib.request.Request(
    f"http://127.0.0.1:{sys.argv[1]}/rest/system/connections",
    headers={"X-API-Key": "habits-test-key"})
connections = json.load(urllib.request.urlopen(request, timeout=2))["connections"]
sys.exit(0 if any(c["connected"] for c in connections.values()) else 1)
PY
}
check "the two Syncthing instances connect over loopback" wait_for 60 connected
quiet() { "$@" >/dev/null 2>&1; }
check "A joins its copy of the folder" quiet on a sync init "$root/sync-a" --name alpha
check "B joins its copy of the folder" quiet on b sync init "$root/sync-b" --name beta
check "A records a done" quiet on a done gratitude
reached_b() { [[ $(on b log 2>/dev/null) == *"2026-11-20  gratitude  done"* ]]; }
check "A's done reaches B's database through Syncthing" wait_for 60 reached_b
on b skip gratitude --date 2026-11-19 --note "away" >/dev/null
reached_a() { [[ $(on a log 2>/dev/null) == *"2026-11-19  gratitude  skip"* ]]; }
check "B's skip comes back to A" wait_for 60 reached_a
check "sync status on A lists both devices" test "$(on a sync status --json | grep -o '"this":' | wc -l)" -eq 2
check "no conflict copies or damaged lines" test -z "$(on a sync status --json | grep -o '"kind"')"

if [ "$failed" -ne 0 ]; then
  for side in a b; do echo "--- syncthing $side"; tail -20 "$root/st-$side.log"; done
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

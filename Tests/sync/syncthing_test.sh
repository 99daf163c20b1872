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

. "$repo/Tests/support/syncthing.sh"
start_syncthing_pair "$root" || { echo "FAIL: Syncthing did not start"; exit 1; }

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

check "the two Syncthing instances connect over loopback" wait_for 60 syncthing_connected "$gui_a"
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

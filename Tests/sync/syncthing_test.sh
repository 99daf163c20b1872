#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Two real Syncthing instances on 127.0.0.1 only, each with its own copy of
# the sync folder: a `habits done` on device A reaches device B's database;
# with B's folder paused, both change the same days and others, and once it
# is resumed both databases export the same history, the folder's replay,
# with no conflict copy anywhere.
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

# A device: a HOME with gratitude switched on, reading with a goal, and walk.
device() {
  local schedules=$root/$1/.config/habits/schedules
  mkdir -p "$schedules"
  sed 's/^enabled = false/enabled = true/' "$repo/schedules/gratitude.toml" >"$schedules/gratitude.toml"
  printf 'title = "Reading"\nwhen = "daily at 20:00"\ngoal = "20 pages"\n' >"$schedules/reading.toml"
  printf 'title = "Walk"\nwhen = "daily at 12:00"\n' >"$schedules/walk.toml"
}
# on DEVICE ARGS...: habits as that device, at 17:MM (default 00) on 2026-11-20.
at=00
on() {
  local who=$1
  shift
  HOME=$root/$who HABITS_NOW=2026-11-20T17:$at:00Z "$habits" "$@"
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

# --- B's folder paused: both change the same days, then it resumes ----------
exports() { on "$1" export --format json 2>/dev/null; }
matches() { grep -qE "$2" <<<"$1"; }
syncthing_folder_paused "$gui_b" true
paused() {
  has "$(syncthing_rest "$gui_b" GET /rest/config/folders/habits)" '"paused": true' &&
    [ -z "$(syncthing_folder_state "$gui_b")" ]
}
check "B's folder is paused" paused
file_of() { ls "$root/$1/devices/$2"/*.jsonl; }
id_a=$(on a sync status --json | python3 -c 'import json,sys; print(next(d["id"] for d in json.load(sys.stdin)["devices"] if d["this"]))')
paused_at=$SECONDS
# The same habit and day on both, each device's change at its own minute:
# gratitude on the 16th done on A (17:10), skipped on B (17:20), each with a
# note written before it had the other's (both notes stay); on the 19th
# (skipped on both) done on B (17:25), undone on A (17:30); reading's
# amounts on both; and a habit each on its own.
changes() {
  at=10 quiet on a done gratitude --date 2026-11-16 --note "with A" &&
    at=10 quiet on a done reading --value 5 &&
    at=12 quiet on a done walk --date 2026-11-18 &&
    at=15 quiet on b done reading --value 7 &&
    at=20 quiet on b skip gratitude --date 2026-11-16 --note "B away" &&
    at=22 quiet on b skip walk --date 2026-11-17 &&
    at=25 quiet on b done gratitude --date 2026-11-19 &&
    at=30 quiet on a undo gratitude --date 2026-11-19
}
check "while paused, A and B change the same days" changes
# Unpaused, Syncthing carries a file here in 2–3 s.
sleep $((paused_at + 4 - SECONDS > 0 ? paused_at + 4 - SECONDS : 0))
check "while paused, B's copy of the folder lacks A's changes" \
  lacks "$(cat "$root"/sync-b/devices/"$id_a"/*.jsonl)" '"2026-11-18"'
check "and B's database too" lacks "$(on b log 2>/dev/null)" "2026-11-18"
syncthing_folder_paused "$gui_b" false
check "once resumed, the two copies of the folder become the same" wait_for 60 syncthing_copies_equal "$root"
export_a=$(exports a)
export_b=$(exports b)
check "both databases export the same history, byte for byte" same "$export_a" "$export_b"
log=$(on b log 2>/dev/null)
check "the later of done and skip wins, and both notes stay" \
  matches "$log" "^2026-11-16 +gratitude +skip +with A / B away$"
check "the later of done and undo wins" lacks "$log" "2026-11-19"
check "amounts from both count" matches "$log" "^2026-11-20 +reading +done +12$"
check "changes to other habits arrive both ways" matches "$(on a log 2>/dev/null)" "^2026-11-17 +walk +skip$"
check "and the other way" matches "$log" "^2026-11-18 +walk +done$"
# The replay rule: a fresh database joining a copy of the folder, and B's
# own rebuilt from the folder alone.
cp -r "$root/sync-a" "$root/copy"
device c
quiet on c sync init "$root/copy" --name gamma
check "a fresh database given the folder exports the same" same "$(exports c)" "$export_a"
quiet on b sync rebuild
check "B rebuilt from the folder exports the same" same "$(exports b)" "$export_a"
check "no conflict copy in either copy of the folder" \
  test -z "$(find "$root/sync-a" "$root/sync-b" -name '*sync-conflict*')"
check "sync status finds no problem" test -z "$(on a sync status --json | grep -o '"kind"')"

# --- A done killed after its line is written, before it commits ------------
# Held by strace for 2 s after the fsync of its line, and killed in that
# hold: Syncthing carries the line to B; A's next command must not write
# the amount again.
if strace -f --seccomp-bpf -qq -o /dev/null true 2>/dev/null; then
  grown() { [ "$(cat "$root"/sync-a/devices/"$id_a"/*.jsonl | wc -l)" -gt "$lines_a" ]; }
  lines_a=$(cat "$root"/sync-a/devices/"$id_a"/*.jsonl | wc -l)
  HOME=$root/a HABITS_NOW=2026-11-20T17:40:00Z strace -f --seccomp-bpf -qq -o /dev/null \
    -e trace=fsync -e inject=fsync:delay_exit=2000000 \
    "$habits" done reading --date 2026-11-15 --value 3 >"$root/killed.out" 2>&1 &
  tracer=$!
  wait_for 20 grown
  victim=$(pgrep -P "$tracer")
  [ -n "$victim" ] && kill -KILL "$victim"
  { kill -KILL "$tracer"; wait "$tracer"; } 2>/dev/null
  check "the killed done did not report" test -z "$(grep '✓' "$root/killed.out")"
  counted_b() { matches "$(on b log 2>/dev/null)" "^2026-11-15 +reading +done +3$"; }
  check "its line reaches B through Syncthing" wait_for 60 counted_b
  at=45 quiet on a today
  check "after A's next command the copies are the same again" wait_for 60 syncthing_copies_equal "$root"
  check "the amount counts once on B" counted_b
  check "and A and B export the same history" same "$(exports a)" "$(exports b)"
else
  echo "# strace is missing or cannot trace here: the killed done is not tried"
fi

if [ "$failed" -ne 0 ]; then
  for side in a b; do echo "--- syncthing $side"; tail -20 "$root/st-$side.log"; done
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Two devices (two HOME directories) sharing one sync folder, with the real
# binary: check-ins on one appear on the other after its next command,
# amounts from both count, a torn last line waits, a damaged line is
# reported with file:line and the rest merges, conflict copies are reported
# and ignored, `sync rebuild` gives the same export as the incremental merge,
# and a device that left writes nothing more.
#
#   Tests/sync/sync_test.sh PATH/TO/habits
set -u

habits=${1:?usage: $0 PATH/TO/habits}
case $habits in /*) ;; *) habits=$PWD/$habits ;; esac
[ -x "$habits" ] || { echo "FAIL: '$habits' is not an executable"; exit 1; }
repo=$(cd "$(dirname "$0")/../.." && pwd)
. "$repo/Tests/support/checks.sh"

root=$(mktemp -d "${TMPDIR:-/tmp}/habits-sync-test.XXXXXX")
trap 'rm -rf "$root"' EXIT
shared=$root/shared
export TZ=Europe/London NO_COLOR=1
unset HABITS_DB HABITS_SCHEDULES XDG_CONFIG_HOME XDG_DATA_HOME
now=2026-11-20T17:00:00Z

# A device: a HOME with its own schedules (gratitude, and reading with a goal).
device() {
  local schedules=$root/$1/.config/habits/schedules
  mkdir -p "$schedules"
  sed 's/^enabled = false/enabled = true/' "$repo/schedules/gratitude.toml" >"$schedules/gratitude.toml"
  printf 'title = "Reading"\nwhen = "daily at 20:00"\ngoal = "20 pages"\n' >"$schedules/reading.toml"
  printf 'title = "Walk"\nwhen = "daily at 12:00"\n' >"$schedules/walk.toml"
}
# on DEVICE ARGS...: habits as that device, at $now.
on() {
  local who=$1
  shift
  HOME=$root/$who HABITS_NOW=$now "$habits" "$@"
}
exports() { on "$1" export --format json 2>/dev/null; }
log_of() { on "$1" log 2>/dev/null; }
status_is() {
  local expected=$1
  shift
  "$@" >/dev/null 2>&1
  [ $? -eq "$expected" ]
}

device a
device b

# --- Joining -----------------------------------------------------------------
on a done gratitude --date 2026-11-18 >/dev/null
on a skip gratitude --date 2026-11-19 --note "away" >/dev/null
check "sync init on A succeeds" status_is 0 on a sync init "$shared" --name alpha
check "config.toml records the folder" grep -q "^folder = \"$shared\"" "$root/a/.config/habits/config.toml"
id_a=$(ls "$shared/devices")
file_a=$shared/devices/$id_a/2026-11.jsonl
check "A's history is in its own file, one event a line" same "$(wc -l <"$file_a")" 2
check "A's name is in the folder" same "$(cat "$shared/devices/$id_a/name.txt")" alpha
check "sync init on B succeeds" status_is 0 on b sync init "$shared" --name beta
check "B has A's history after joining" has "$(log_of b)" "2026-11-19  gratitude  skip    away"

# --- Everyday changes travel ------------------------------------------------
now=2026-11-20T18:00:00Z
on a done gratitude >/dev/null
check "A's done appears on B after B's next command" has "$(on b today 2>/dev/null)" "✓  gratitude"
now=2026-11-20T18:10:00Z
on a done reading --value 10 --note "on the train" >/dev/null
now=2026-11-20T18:05:00Z
on b done reading --value 5 >/dev/null
now=2026-11-20T18:20:00Z
check "amounts from both devices count, on B" has "$(log_of b)" "reading    done  15  on the train"
check "amounts from both devices count, on A" has "$(log_of a)" "reading    done  15  on the train"
on b undo gratitude --date 2026-11-18 >/dev/null
check "B's undo reaches A" lacks "$(log_of a)" "2026-11-18  gratitude"
check "A's export holds its check-ins" has "$(exports a)" '"habit": "reading", "day": "2026-11-20"'
check "both devices export the same history" same "$(exports a)" "$(exports b)"

# --- A torn last line waits -------------------------------------------------
id_b=$(ls "$shared/devices" | grep -v "$id_a")
file_b=$shared/devices/$id_b/2026-11.jsonl
line='{"v":1,"id":"0123456789abcdef0123456789abcdef","t":1795194100,"c":0,"d":"'$id_b'","habit":"walk","day":"2026-11-20","op":"done","note":"torn"}'
printf '%s' "${line:0:60}" >>"$file_b"
check "a torn last line is not merged" lacks "$(log_of a)" "walk"
check "sync status says a line is still being written" has "$(on a sync status)" "devices/$id_b/2026-11.jsonl: 60 bytes"
printf '%s\n' "${line:60}" >>"$file_b"
check "the completed line is merged" has "$(log_of a)" "2026-11-20  walk       done"

# --- A damaged line is reported, the rest merges ----------------------------
ghost=00000000000000ff
mkdir -p "$shared/devices/$ghost"
{
  echo '{"v":1,"id":"00000000000000000000000000000001","t":1795194200,"c":0,"d":"'$ghost'","habit":"walk","day":"2026-11-17","op":"done"}'
  echo '{"v":1,"id":"00000000000000000000000000000002","t":"soon"'
  echo '{"v":1,"id":"00000000000000000000000000000003","t":1795194200,"c":1,"d":"'$ghost'","habit":"walk","day":"2026-11-16","op":"skip"}'
  echo '{"v":2,"id":"00000000000000000000000000000004","shape":"unknown"}'
} >"$shared/devices/$ghost/2026-11.jsonl"
status=$(on a sync status 2>/dev/null)
check "sync status names the damaged line with file:line" has "$status" "devices/$ghost/2026-11.jsonl:2: not JSON"
check "sync status names a newer format, kept and not applied" has "$status" "devices/$ghost/2026-11.jsonl:4: an event of format 2"
check "the lines around the damaged one merge" has "$(log_of a)" "2026-11-17  walk"
check "the line after it merges too" has "$(log_of a)" "2026-11-16  walk       skip"
json=$(on a sync status --json 2>/dev/null)
check "sync status --json gives the problem's file, line and kind" has "$json" '{"file":"devices/'$ghost'/2026-11.jsonl","kind":"damaged","line":2'
check "sync status --json lists three devices" same "$(grep -o '"this":' <<<"$json" | wc -l)" 3

# --- Conflict copies are reported and ignored -------------------------------
conflict="$shared/devices/$id_a/2026-11.sync-conflict-20261120-170000-ABCDEFG.jsonl"
echo '{"v":1,"id":"00000000000000000000000000000005","t":1795194300,"c":0,"d":"'$id_a'","habit":"walk","day":"2026-11-10","op":"done"}' >"$conflict"
check "sync status reports the conflict copy" has "$(on b sync status 2>/dev/null)" "devices/$id_a/2026-11.sync-conflict-20261120-170000-ABCDEFG.jsonl: a conflict copy"
check "a conflict copy's events are not merged" lacks "$(log_of b)" "2026-11-10"
# A schedules folder kept in step by the same tool gets copies too.
copy_name=walk.sync-conflict-20261120-170000-ABCDEFG.toml
printf 'id = "walk"\ntitle = "Walk at dawn"\nwhen = "daily at 6:00"\n' >"$root/b/.config/habits/schedules/$copy_name"
check "sync status names a schedule file's conflict copy" has "$(on b sync status 2>/dev/null)" "$copy_name: a conflict copy of a schedule file"
check "habits check warns of the copy and passes" has "$(on b check 2>&1)" "$copy_name:1:1: warning: a copy a sync tool made"
check "the copy is not loaded as the habit" lacks "$(on b list 2>&1)" "Walk at dawn"
rm "$root/b/.config/habits/schedules/$copy_name"

# --- Rebuild gives what the incremental merge gave --------------------------
incremental=$(exports b)
check "sync rebuild succeeds" status_is 0 on b sync rebuild
check "rebuild gives the same export as the incremental merge" same "$(exports b)" "$incremental"
check "and the same as the other device" same "$(exports a)" "$incremental"
rebuilt_a=$(exports a)
on a sync rebuild >/dev/null 2>&1
check "rebuild on A changes nothing either" same "$(exports a)" "$rebuilt_a"

# --- Duplicates and another order change nothing ----------------------------
# A third device joins a copy of the folder whose files hold every event
# twice, A's lines in reverse order: the same history.
mkdir -p "$root/copy/devices"
for dir in "$shared"/devices/*/; do
  name=$(basename "$dir")
  mkdir -p "$root/copy/devices/$name"
  for f in "$dir"*.jsonl; do
    case $f in *sync-conflict*) continue ;; esac
    { tac "$f"; cat "$f"; } >"$root/copy/devices/$name/$(basename "$f")"
  done
done
device c
on c sync init "$root/copy" --name gamma >/dev/null 2>&1
check "a folder with duplicates, in another order, gives the same history" same "$(exports c)" "$incremental"

# --- today --watch wakes for another device's events -------------------------
on b today --watch --format plain >"$root/watch.out" 2>"$root/watch.err" &
watch_pid=$!
check "today --watch on B prints its line" wait_for 20 test -s "$root/watch.out"
first=$(head -1 "$root/watch.out")
on a done reading --value 5 >/dev/null
changed() { [ "$(wc -l <"$root/watch.out")" -ge 2 ]; }
check "today --watch on B shows A's done without a command on B" wait_for 20 changed
check "the new line counts reading done" lacks "$(tail -1 "$root/watch.out")" "reading"
echo "# watch: '$first' then '$(tail -1 "$root/watch.out")'"
kill "$watch_pid" 2>/dev/null
wait "$watch_pid" 2>/dev/null

# --- Leaving ----------------------------------------------------------------
before=$(cat "$shared"/devices/"$id_a"/*.jsonl | wc -l)
check "sync leave succeeds" status_is 0 on a sync leave
check "config.toml no longer names the folder" status_is 1 grep -q "folder" "$root/a/.config/habits/config.toml"
on a done walk >/dev/null
check "a device that left writes no events" same "$(cat "$shared"/devices/"$id_a"/*.jsonl | wc -l)" "$before"
check "nothing was deleted on leaving" has "$(log_of a)" "reading    done  20"
on a done gratitude --date 2026-11-15 >/dev/null
check "joining again keeps the device id" has "$(on a sync init "$shared" --name alpha 2>&1)" "($id_a)"
check "joining again writes the changes made while away" has "$(log_of b)" "2026-11-15  gratitude"
check "and only those" same "$(cat "$shared"/devices/"$id_a"/*.jsonl | wc -l)" "$((before + 1))"

# --- The folder away ---------------------------------------------------------
mv "$shared" "$shared.away"
on a done gratitude --date 2026-11-14 >/dev/null 2>&1
away=$(on a sync status 2>&1)
check "sync status with the folder away exits 0" status_is 0 on a sync status
check "and says the folder is not there" has "$away" "the folder is not there"
check "and does not say everything is merged" lacks "$away" "Everything in the folder is merged"
check "and still lists the devices" has "$away" "$id_a *"
check "and says the change made meanwhile waits, kept here" has "$away" "1 day changed here waits to be written to the folder"
check "sync status --json says so too" has "$(on a sync status --json 2>/dev/null)" '"problem":"the folder is not there'
check "sync status --json counts what waits" has "$(on a sync status --json 2>/dev/null)" '"unwritten":1'
mv "$shared.away" "$shared"
on a today >/dev/null 2>&1
check "back, the change made meanwhile reaches the others" has "$(log_of b)" "2026-11-14  gratitude"

# --- Bad input --------------------------------------------------------------
check "an empty folder is a usage error" status_is 64 on b sync init ""
touch "$root/plain-file"
device d
check "a file as the folder is a usage error" status_is 64 on d sync init "$root/plain-file"
check "a name with a control character is a usage error" status_is 64 on d sync init "$shared" --name $'a\tb'
check "rebuild without sync is a usage error" status_is 64 on d sync rebuild
check "a second folder is refused while syncing" status_is 64 on b sync init "$root/other"
check "status without sync says so" has "$(on d sync status)" "does not sync"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

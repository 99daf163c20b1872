#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# `habits done` killed with SIGKILL while it writes its event, on device A of
# two sharing one folder: a done that reported success is in both databases
# after the next commands, no amount counts twice, device B never merges a
# torn line, A ends a torn last line before it appends again, both
# devices end with the folder's replay, and a `sync init` killed once its
# history is in the folder joins again as one device, counting it once.
#
#   Tests/sync/kill_append_test.sh PATH/TO/habits
#
# Two kinds of kills: at a random moment of the command's life (before,
# during or after its write), and, under strace holding the command for a
# moment after its fsync, as soon as its line is in the file: after the
# event is written and before the command commits and reports. Each kill
# is classified by what it left (a new line or not, a torn last line or
# not, the success line or not) and the counts are printed.
# HABITS_KILLS=N sets the number of each kind (default 10).
set -u

habits=${1:?usage: $0 PATH/TO/habits}
case $habits in /*) ;; *) habits=$PWD/$habits ;; esac
[ -x "$habits" ] || { echo "FAIL: '$habits' is not an executable"; exit 1; }
command -v strace >/dev/null || { echo "FAIL: strace is not installed (./dev setup)"; exit 1; }
strace -f --seccomp-bpf -qq -o /dev/null true ||
  { echo "FAIL: strace cannot trace a process here (is ptrace allowed?)"; exit 1; }
repo=$(cd "$(dirname "$0")/../.." && pwd)
. "$repo/Tests/support/checks.sh"

root=$(mktemp -d "${TMPDIR:-/tmp}/habits-kill-append-test.XXXXXX")
trap 'rm -rf "$root"' EXIT
shared=$root/shared
export TZ=Europe/London NO_COLOR=1
unset HABITS_DB HABITS_SCHEDULES XDG_CONFIG_HOME XDG_DATA_HOME
now=2026-11-20T17:00:00Z
kills=${HABITS_KILLS:-10}

device() {
  local schedules=$root/$1/.config/habits/schedules
  mkdir -p "$schedules"
  printf 'title = "Reading"\nwhen = "daily at 20:00"\ngoal = "20 pages"\n' >"$schedules/reading.toml"
  printf 'title = "Walk"\nwhen = "daily at 12:00"\n' >"$schedules/walk.toml"
}
on() {
  local who=$1
  shift
  HOME=$root/$who HABITS_NOW=$now "$habits" "$@"
}
exports() { on "$1" export --format json 2>/dev/null; }
size() { stat -c %s "$1" 2>/dev/null || echo 0; }
last_byte() { tail -c 1 "$1" | od -An -c | tr -d ' '; }

device a
device b
on a sync init "$shared" --name alpha >/dev/null 2>&1
id_a=$(ls "$shared/devices")
on b sync init "$shared" --name beta >/dev/null 2>&1
file_a=$shared/devices/$id_a/2026-11.jsonl
on a done walk --date 2026-11-01 >/dev/null # creates A's file

# Each try records `done reading --value 1` on a day of its own, so a day's
# amount says how often its event counted: 1 once, 2 twice.
acked=() # the days whose done reported success
mid=0    # kills after the try's line was written, before the success line
before=0 # kills before its line was written
torn=0   # kills that left a last line without its newline
late=0   # tries that reported success before the kill
n=0
try() { # random|written
  local kind=$1 day start pid out=$root/out
  n=$((n + 1))
  day=$(date -u -d "2026-07-01 + $n days" +%F)
  start=$(size "$file_a")
  : >"$out"
  if [ "$kind" == random ]; then
    env HOME="$root/a" HABITS_NOW=$now "$habits" done reading --value 1 --date "$day" >"$out" 2>&1 &
    pid=$!
    sleep "0.$(printf %03d $((RANDOM % 150)))"
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  else
    # Held for up to 2 s after its fsync returns: killed in that hold,
    # before the transaction that keeps the event commits and before it
    # reports.
    env HOME="$root/a" HABITS_NOW=$now strace -f --seccomp-bpf -qq -o /dev/null \
      -e trace=fsync -e inject=fsync:delay_exit=2000000 \
      "$habits" done reading --value 1 --date "$day" >"$out" 2>&1 &
    local tracer=$!
    grown() { [ "$(size "$file_a")" -gt "$start" ]; }
    wait_for 10 grown
    pid=$(pgrep -P "$tracer")
    [ -n "$pid" ] && kill -KILL "$pid"
    # strace would otherwise sit out the rest of the hold.
    { kill -KILL "$tracer"; wait "$tracer"; } 2>/dev/null
    # B reads A's file while A has not committed what it wrote.
    on b today >/dev/null 2>&1
  fi
  if grep -q '✓' "$out"; then
    acked+=("$day")
    late=$((late + 1))
  elif tail -c +$((start + 1)) "$file_a" | grep -q "\"day\":\"$day\""; then
    mid=$((mid + 1))
  else
    before=$((before + 1))
  fi
  [ "$(size "$file_a")" -gt 0 ] && [ "$(last_byte "$file_a")" != '\n' ] && torn=$((torn + 1))
}

for _ in $(seq "$kills"); do try random; done
random_mid=$mid
on a today >/dev/null 2>&1 # writes what a kill before the append left
for _ in $(seq "$kills"); do try written; done
echo "# $((2 * kills)) kills: $before before the try's line was written, $mid after it and before done reported ($random_mid of them random), $late after done reported; $torn left a torn line"
check "every kill held after the fsync landed after the try's line was written and before done reported" \
  test "$((mid - random_mid))" -eq "$kills"

# The next command on each device.
on a today >/dev/null 2>&1
on b today >/dev/null 2>&1
export_a=$(exports a)
export_b=$(exports b)

amounts() { # export -> "day value" for each reading check-in
  python3 -c '
import json, sys
for c in json.loads(sys.stdin.read())["checkins"]:
    if c["habit"] == "reading":
        print(c["day"], c["value"])'
}
check "a done that reported success is in A's database" \
  bash -c 'for d in "${@:2}"; do grep -qx "$d 1" <<<"$1" || exit 1; done' _ "$(amounts <<<"$export_a")" "${acked[@]}"
check "and in B's" \
  bash -c 'for d in "${@:2}"; do grep -qx "$d 1" <<<"$1" || exit 1; done' _ "$(amounts <<<"$export_b")" "${acked[@]}"
check "no killed done counts twice, on A" test -z "$(amounts <<<"$export_a" | grep -v ' 1$')"
check "nor on B" test -z "$(amounts <<<"$export_b" | grep -v ' 1$')"
check "A and B export the same history" same "$export_a" "$export_b"

# The replay rule: a fresh device joining a copy of the folder.
replay() {
  rm -rf "$root/copy" "$root/c"
  cp -r "$shared" "$root/copy"
  device c
  on c sync init "$root/copy" --name gamma >/dev/null 2>&1
  exports c
}
check "both equal the folder's replay in a fresh database" same "$(replay)" "$export_b"

# --- A torn last line in A's file -------------------------------------------
# What a crash in the middle of a write leaves (a SIGKILL does not tear a
# line this short: the kernel finishes a write of less than a page first).
line='{"v":1,"id":"0123456789abcdef0123456789abcdef","t":1795194000,"c":900,"d":"'$id_a'","habit":"walk","day":"2026-11-19","op":"done"}'
printf '%s' "${line:0:90}" >>"$file_a"
check "B does not merge a torn last line" lacks "$(on b log 2>/dev/null)" "2026-11-19  walk"
check "B says it waits" has "$(on b sync status 2>/dev/null)" "devices/$id_a/2026-11.jsonl: 90 bytes"
on a done walk --date 2026-11-18 >/dev/null 2>&1
check "A's next done ends the torn line before its own" \
  same "$(tail -n 2 "$file_a" | head -n 1)" "${line:0:90}"
check "A's file ends with a whole line" same "$(last_byte "$file_a")" '\n'
log_b=$(on b log 2>/dev/null)
check "B merges the done after the torn line" has "$log_b" "2026-11-18  walk"
check "B never merges the torn line" lacks "$log_b" "2026-11-19  walk"
check "B reports it as damaged" \
  has "$(on b sync status 2>/dev/null)" "devices/$id_a/2026-11.jsonl:$(($(wc -l <"$file_a") - 1)): "
export_b=$(exports b)
check "A and B still export the same history" same "$(exports a)" "$export_b"
check "and the folder's replay" same "$(replay)" "$export_b"

# --- sync init killed after it wrote a device's history ---------------------
# Device D has history of its own, and its join is killed as soon as that
# history is in the folder: joining again must not add it a second time.
device d
on d done reading --date 2026-06-01 --value 4 >/dev/null 2>&1
devices_before=$(ls "$shared/devices" | wc -l)
env HOME="$root/d" HABITS_NOW=$now strace -f --seccomp-bpf -qq -o /dev/null \
  -e trace=fsync -e inject=fsync:delay_exit=2000000 \
  "$habits" sync init "$shared" --name delta >"$root/out" 2>&1 &
tracer=$!
history_written() { grep -qs '"day":"2026-06-01"' "$shared"/devices/*/2026-11.jsonl; }
wait_for 10 history_written
pid=$(pgrep -P "$tracer")
[ -n "$pid" ] && kill -KILL "$pid"
{ kill -KILL "$tracer"; wait "$tracer"; } 2>/dev/null
check "the killed sync init had written D's history and not reported" \
  bash -c 'grep -qs "\"day\":\"2026-06-01\"" "$1"/devices/*/2026-11.jsonl && ! grep -q "syncs through" "$2"' \
  _ "$shared" "$root/out"
on d sync init "$shared" --name delta >/dev/null 2>&1
check "joining again adds one device, not two" same "$(ls "$shared/devices" | wc -l)" "$((devices_before + 1))"
day_amount() { amounts <<<"$(exports "$1")" | grep '^2026-06-01 '; }
check "D's amount counts once on D" same "$(day_amount d)" "2026-06-01 4"
check "and on B" same "$(day_amount b)" "2026-06-01 4"
check "B and D export the same history" same "$(exports b)" "$(exports d)"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The real binary against a database on a really full disk: a small tmpfs,
# filled with a file.
#
#   Tests/stress/full_disk_test.sh PATH/TO/habits
#
# Writing commands must say that the disk holding the database is full (exit
# 1) and change nothing; `today`, `stats` and `log` must answer as they did
# before the disk filled up; once space is freed, `habits done` works and the
# database passes SQLite's integrity check with everything in it.
#
# Mounting needs root (CAP_SYS_ADMIN). Without it the test is skipped with the
# reason, except when CI=true: there it fails. Prints ok/not ok lines and exits
# non-zero if any check failed.
set -u

habits=${1:?usage: $0 PATH/TO/habits}
case $habits in /*) ;; *) habits=$PWD/$habits ;; esac
[ -x "$habits" ] || { echo "not ok - '$habits' is not an executable"; exit 1; }

root=$(mktemp -d "${TMPDIR:-/tmp}/habits-full-disk.XXXXXX")
disk=$root/disk
mkdir -p "$disk" "$root/schedules" "$root/home"
cleanup() {
  mountpoint -q "$disk" && umount "$disk"
  rm -rf "$root"
}
trap cleanup EXIT

skip() {
  if [[ ${CI:-} == true ]]; then
    echo "not ok - $1 (in CI this test must run)"
    exit 1
  fi
  echo "skipped: $1"
  exit 0
}
((EUID == 0)) || skip "mounting a tmpfs needs root"
command -v sqlite3 >/dev/null || skip "the sqlite3 shell is not installed (apt-get install sqlite3)"
mount -t tmpfs -o size=1m,mode=0700 habits-full-disk "$disk" 2>"$root/mount.err" ||
  skip "cannot mount a tmpfs: $(cat "$root/mount.err")"

export HOME=$root/home TZ=Europe/London HABITS_NOW=2026-11-20T17:00:00Z NO_COLOR=1
unset HABITS_DB HABITS_SCHEDULES XDG_CONFIG_HOME XDG_DATA_HOME
db=$disk/habits.sqlite3
printf 'title = "Gratitude"\nwhen = "daily at 21:00"\n' >"$root/schedules/gratitude.toml"
printf 'title = "Reading"\nwhen = "daily at 20:00"\ngoal = "20 pages"\n' \
  >"$root/schedules/reading.toml"

failures=0
ok() { echo "ok - $1"; }
not_ok() {
  echo "not ok - $1"
  failures=$((failures + 1))
}
check() {
  local description=$1
  shift
  if "$@"; then ok "$description"; else not_ok "$description"; fi
}

# hab ARGS...: runs habits on the test's schedules and database, leaving its
# status in $status, stdout in $out and stderr in $err.
hab() {
  "$habits" "$@" --schedules "$root/schedules" --db "$db" >"$root/out" 2>"$root/err"
  status=$?
  out=$(cat "$root/out")
  err=$(cat "$root/err")
}

# --- A database with history ---------------------------------------------------
for day in 2026-11-15 2026-11-16 2026-11-17 2026-11-18 2026-11-19; do
  hab done gratitude --date "$day"
  ((status == 0)) || not_ok "recording $day: $err"
done
hab done reading --date 2026-11-19 --value 20 --note "a chapter"
hab skip reading --date 2026-11-18 --note away
reads=("today" "stats" "log" "stats --json" "log --json")
declare -A before
for command in "${reads[@]}"; do
  # Unquoted: the command is several words.
  hab $command
  before[$command]=$out
  check "'habits $command' answers before the disk fills up" test "$status" -eq 0
done
dump_before=$(sqlite3 "$db" .dump)
hash_before=$(sha256sum <"$db")

# --- The disk full ---------------------------------------------------------------
started=$(date +%s%N)
dd if=/dev/zero of="$disk/fill" bs=4k status=none 2>/dev/null
check "the disk is full" test "$(stat -f -c %a "$disk")" -eq 0

full="habits: the disk holding '$db' is full, so nothing was recorded — free some space on it and try again"
for command in "done gratitude" "done reading --value 5" "skip gratitude" "undo gratitude --date 2026-11-19" "snooze gratitude 15m"; do
  hab $command
  check "'habits $command' on a full disk exits 1 (it exited $status)" test "$status" -eq 1
  check "'habits $command' says the disk is full (it said: $err)" test "$err" == "$full"
  check "'habits $command' writes nothing to stdout" test -z "$out"
done
for command in "${reads[@]}"; do
  hab $command
  check "'habits $command' answers on a full disk (exit $status: $err)" test "$status" -eq 0
  check "'habits $command' answers as before the disk filled up" test "$out" == "${before[$command]}"
done
check "the database file is unchanged" test "$(sha256sum <"$db")" == "$hash_before"

# --- Nearly full: room for the -shm file but not for the WAL ------------------
# SQLite then reports SQLITE_FULL itself, while writing the check-in.
rm "$disk/fill"
head -c 40960 /dev/zero >"$disk/reserve"
dd if=/dev/zero of="$disk/fill" bs=4k status=none 2>/dev/null
rm "$disk/reserve"
hab done gratitude
check "'habits done' on a nearly full disk exits 1 (it exited $status)" test "$status" -eq 1
check "'habits done' on a nearly full disk says the disk is full (it said: $err)" \
  test "$err" == "$full"
hab today
check "'habits today' answers on a nearly full disk (exit $status: $err)" test "$status" -eq 0

# --- Space again -----------------------------------------------------------------
rm "$disk/fill"
check "nothing was lost: SQLite's integrity check passes" \
  test "$(sqlite3 "$db" 'PRAGMA integrity_check')" == ok
check "nothing was lost or added: the rows are as before" test "$(sqlite3 "$db" .dump)" == "$dump_before"
hab done gratitude
check "'habits done' works once there is space (exit $status: $err)" test "$status" -eq 0
check "the check-in is stored" \
  test "$(sqlite3 "$db" "SELECT kind FROM checkin WHERE habit = 'gratitude' AND day = '2026-11-20'")" == done
echo "# $(((($(date +%s%N) - started)) / 1000000)) ms from filling the disk to the end"

if ((failures > 0)); then
  echo "$failures checks failed"
  exit 1
fi
echo "all checks passed"

#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# habits export → import → export with the real binary, harsh's files, idempotence and refusal.
#
#   Tests/interchange/round_trip_test.sh PATH/TO/habits
#
# Everything happens hab a temporary directory (schedules, databases, HOME and
# XDG directories), at a fixed HABITS_NOW and TZ. Prints ok/not ok lines and
# exits non-zero if any check failed.
set -u

habits=${1:?usage: $0 PATH/TO/habits}
case $habits in /*) ;; *) habits=$PWD/$habits ;; esac
[ -x "$habits" ] || { echo "not ok - '$habits' is not an executable"; exit 1; }
repo=$(cd "$(dirname "$0")/../.." && pwd)

root=$(mktemp -d "${TMPDIR:-/tmp}/habits-import-test.XXXXXX")
trap 'rm -rf "$root"' EXIT
export HOME=$root/home XDG_CONFIG_HOME=$root/home/.config XDG_DATA_HOME=$root/home/.local/share
export XDG_STATE_HOME=$root/home/.local/state XDG_RUNTIME_DIR=$root/run
export TZ=Europe/London HABITS_NOW=2026-11-20T17:00:00Z NO_COLOR=1
unset HABITS_DB HABITS_SCHEDULES
mkdir -p "$HOME" "$XDG_RUNTIME_DIR"

failures=0
ok() { echo "ok - $1"; }
not_ok() {
  echo "not ok - $1"
  failures=$((failures + 1))
}
# check DESCRIPTION COMMAND...: ok when the command succeeds.
check() {
  local description=$1
  shift
  if "$@"; then ok "$description"; else not_ok "$description"; fi
}

# hab WORLD ARGS...: runs habits against WORLD's schedules directory and database.
hab() {
  local world=$1
  shift
  "$habits" "$@" --schedules "$root/$world/schedules" --db "$root/$world/habits.sqlite3"
}

same_file() { cmp -s "$1" "$2"; }
same_output() { [ "$1" == "$2" ]; }
contains() { [[ $1 == *"$2"* ]]; }
schedules_of() { (cd "$root/$1/schedules" && for f in *; do [ -e "$f" ] && { echo "== $f"; cat "$f"; }; done); }

# --- Our own export, round trip ---------------------------------------------
mkdir -p "$root/a/schedules" "$root/b/schedules"
for name in gratitude quality-time phone-free-dinner; do
  sed 's/^enabled = false/enabled = true/' "$repo/schedules/$name.toml" >"$root/a/schedules/$name.toml"
done
printf 'title = "Reading"\nwhen = "daily at 20:00"\ngoal = "20 pages"\n' >"$root/a/schedules/reading.toml"
printf 'title = "Old"\nwhen = "daily at 8:00"\n' >"$root/a/schedules/old.toml"

record() {
  local at=$1
  shift
  HABITS_NOW=$at hab a "$@" >/dev/null || not_ok "recording: habits $*"
}
record 2026-11-10T08:00:00Z done old
record 2026-11-16T21:04:11Z done gratitude --note $'told her "thank you"\nfor the tea — 🙂'
record 2026-11-17T21:30:00Z done gratitude
record 2026-11-18T09:00:00Z skip gratitude --note "away"
record 2026-11-17T19:45:00Z done quality-time --note "walk by the river"
record 2026-11-19T20:00:00Z done quality-time
record 2026-11-18T20:10:00Z done reading --value 12.5
record 2026-11-18T22:10:00Z done reading --value 10 --note "second sitting"
record 2026-11-19T20:05:00Z done reading --value 0.1
record 2026-11-19T18:50:00Z skip phone-free-dinner
# History outlives a schedule file: old's check-in is exported and imported without one.
rm "$root/a/schedules/old.toml"

hab a export --format json --out "$root/a.json"
check "export writes a JSON file" [ -s "$root/a.json" ]
check "a second export of the same data is byte-identical" \
  bash -c "'$habits' export --format json --schedules '$root/a/schedules' --db '$root/a/habits.sqlite3' | cmp -s - '$root/a.json'"

import_json=$(hab b import "$root/a.json" --json)
check "import into an empty database succeeds" [ $? -eq 0 ]
check "import reports every check-in added" contains "$import_json" '"checkins_added":9'
hab b export --format json --out "$root/b.json"
check "export → import → export is byte-identical" same_file "$root/a.json" "$root/b.json"
check "the schedule files are imported verbatim" same_output "$(schedules_of a)" "$(schedules_of b)"
check "stats --json is the same after the round trip" \
  same_output "$(hab a stats --json)" "$(hab b stats --json)"
check "log --json is the same after the round trip" \
  same_output "$(hab a log --json)" "$(hab b log --json)"
check "the check-in of a habit without a schedule file came along" \
  contains "$(hab b log old --json)" '"day":"2026-11-10"'

log_before=$(hab b log --json)
again=$(HABITS_NOW=2026-11-21T09:00:00Z hab b import "$root/a.json" --json)
check "importing twice adds nothing the second time" contains "$again" '"checkins_added":0'
check "… and finds every check-in already there, unchanged" \
  contains "$again" '"checkins_already_there":9,"checkins_differing":0'
check "… and leaves the database's check-ins as they were" same_output "$log_before" "$(hab b log --json)"
hab b export --format json --out "$root/b2.json"
check "… and an export afterwards is still byte-identical" same_file "$root/a.json" "$root/b2.json"

# --- harsh's files -----------------------------------------------------------
mkdir -p "$root/harsh" "$root/c/schedules" "$root/d/schedules"
cat >"$root/harsh/habits" <<'EOF'
# This is your habits file.
! Dailies
Meditated: 1
Read pages: 1

! Weeklies
Gym: 3/7
Called Mom: 1w
Coffee: 0
EOF
cat >"$root/harsh/log" <<'EOF'
2026-11-16 : Meditated : y :  : 0
2026-11-16 : Gym : y : Leg day : 0
2026-11-16 : Read pages : y : novel : 25
2026-11-17 : Meditated : s : travelling : 0
2026-11-17 : Gym : n : rest : 0
2026-11-18 : Meditated : y
2026-11-18 : Gym : y
2026-11-18 : Called Mom : y : birthday
2026-11-19 : Meditated : y :  : 0
2026-11-19 : Coffee : y :  : 3
2026-11-20 : Gym : y : arms
EOF
harsh_json=$(hab c import "$root/harsh" --json)
check "harsh's folder imports" [ $? -eq 0 ]
check "harsh: every listed habit becomes a schedule file" \
  same_output "$(cd "$root/c/schedules" && ls | tr '\n' ' ')" "called-mom.toml coffee.toml gym.toml meditated.toml read-pages.toml "
check "harsh: each y and s answer is a check-in, n is none" contains "$harsh_json" '"checkins_added":10'
check "harsh: the s answer is a skip" contains "$harsh_json" '"skips_added":1'
stats=$(hab c stats --json)
for expected in '"habit":"gym"' '"done_total":3' '"streak_unit":"week"' '"habit":"coffee"'; do
  check "harsh: stats --json has $expected" contains "$stats" "$expected"
done
log=$(hab c log --json)
check "harsh: an amount becomes the value, a comment the note" \
  contains "$log" '{"day":"2026-11-16","habit":"read-pages","kind":"done","note":"novel","recorded_at":"2026-11-20T17:00:00Z","value":25}'
check "harsh: a skip keeps its comment" contains "$log" '"habit":"meditated","kind":"skip","note":"travelling"'
check "harsh: 3/7 becomes a target of 3 a week" grep -q '^target = "3/week"$' "$root/c/schedules/gym.toml"
check "harsh: 0 (tracked only) is imported switched off" grep -q '^enabled = false$' "$root/c/schedules/coffee.toml"

hab c export --format json --out "$root/c.json"
hab d import "$root/c.json" >/dev/null
hab d export --format json --out "$root/d.json"
check "harsh → export → import → export is byte-identical" same_file "$root/c.json" "$root/d.json"
check "harsh: stats --json survives the round trip" same_output "$stats" "$(hab d stats --json)"
check "harsh: log --json survives the round trip" same_output "$log" "$(hab d log --json)"
check "harsh: importing the log file again adds nothing" \
  contains "$(hab c import "$root/harsh/log" --json)" '"checkins_added":0'

# --- A malformed file changes nothing ------------------------------------------
mkdir -p "$root/bad"
cp "$root/harsh/habits" "$root/bad/habits"
sed '6s/.*/2026-11-18 : Meditated : maybe/' "$root/harsh/log" >"$root/bad/log"
before_files=$(schedules_of c)
before_log=$(hab c log --json)
before_db=$(cksum <"$root/c/habits.sqlite3")
message=$(hab c import "$root/bad" 2>&1 >/dev/null)
status=$?
after_db=$(cksum <"$root/c/habits.sqlite3")
check "a malformed harsh log is refused with exit status 1" [ $status -eq 1 ]
check "… naming the file and line" contains "$message" "$root/bad/log:6:"
check "… and the database file is unchanged, byte for byte" same_output "$before_db" "$after_db"
check "… and its check-ins too" same_output "$before_log" "$(hab c log --json)"
check "… and the schedules directory is unchanged" same_output "$before_files" "$(schedules_of c)"

sed 's/"kind": "skip"/"kind": "skipped"/' "$root/a.json" >"$root/bad.json"
bad_line=$(grep -n '"kind": "skipped"' "$root/bad.json" | head -1 | cut -d: -f1)
mkdir -p "$root/e/schedules"
message=$(hab e import "$root/bad.json" 2>&1 >/dev/null)
status=$?
check "a malformed export is refused with exit status 1" [ $status -eq 1 ]
check "… naming the file and line" contains "$message" "$root/bad.json:$bad_line:"
check "… and writes no schedule files" same_output "" "$(schedules_of e)"
check "… and creates no database" [ ! -e "$root/e/habits.sqlite3" ]

message=$(hab e import "$root/a.json" --dry-run 2>&1)
check "a dry run says what it would do" contains "$message" "Would import habits export"
check "… and creates no database" [ ! -e "$root/e/habits.sqlite3" ]

echo "$failures failed"
[ "$failures" -eq 0 ]

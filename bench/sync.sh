#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The sync layer's figures, each ratio from one hyperfine run (-N, with
# warm-ups) of the commands side by side:
#
#   1. `habits done` with sync on, against the sqlite3 shell inserting one
#      row into a table of the same shape (as bench/run does), and `habits
#      done` without sync;                                  goal ≤ 3× the shell
#   2. merging three devices' folders holding 10 years of 20 habits (about
#      200,000 events, bench/make_sync_folder.py) into an empty database:
#      `habits sync init` on a device with no history;      goal < 2 s
#   3. `habits today` right after another device appended 10 events, against
#      `habits today` without sync, on the same history;     goal < 2×
#
#   bench/sync.sh [HABITS [BEFORE]]
#
# Without HABITS it builds the release binary as ./dev does. With BEFORE,
# another build's binary (an earlier commit's, say) runs beside HABITS in
# each hyperfine run, so that the two are compared on the same machine at
# the same time; the ratios stay against the first command of each run. Needs hyperfine,
# sqlite3 and python3. The data is generated under a temporary directory.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
command -v hyperfine >/dev/null || { echo "bench: hyperfine is missing: apt-get install hyperfine" >&2; exit 1; }
if [ $# -ge 1 ]; then
  habits=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
  if [ $# -ge 2 ]; then before=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); fi
else
  echo "building the release binary…" >&2
  packaging/build-release.sh --product habits >/dev/null
  habits=$(packaging/build-release.sh --show-bin-path)/habits
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/habits-sync-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
export TZ=UTC NO_COLOR=1 HABITS_NOW=2026-11-21T21:00:00Z
unset HABITS_DB HABITS_SCHEDULES XDG_CONFIG_HOME XDG_DATA_HOME
export HOME=$work

python3 bench/make_sync_folder.py "$work/data" >&2
shared=$work/data/shared
devices=$(ls "$shared/devices")
events=$(cat "$shared"/devices/*/*.jsonl | wc -l)

# The mean and ratio of each command of a hyperfine run, from its JSON.
table() {
  python3 - "$@" <<'EOF'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
base = results[int(sys.argv[2])]["median"] if len(sys.argv) > 2 else None
for r in results:
    ratio = f"{r['median'] / base:6.2f}×" if base else ""
    print(f"  {r['median'] * 1000:9.1f} ms median  ±{r['stddev'] * 1000:6.1f}  {ratio}  {r['command']}")
EOF
}

# A device: its own schedules folder (config.toml beside it) and database.
# `on DEVICE ARGS…` runs habits as that device.
on() {
  local who=$1
  shift
  "$habits" "$@" --schedules "$work/$who/schedules" --db "$work/$who/habits.sqlite3"
}
device() {
  rm -rf "$work/$1"
  mkdir -p "$work/$1"
  cp -r "$work/data/schedules" "$work/$1/schedules"
}

# --- 2. The merge of 10 years into an empty database -----------------------
# Each run starts from a device with no history and no database, and leaves
# the folder as it found it (sync init writes the new device's name there).
keep=$(printf ' ! -name %s' $devices)
reset="sh -c 'rm -rf $work/merge && mkdir -p $work/merge && cp -r $work/data/schedules $work/merge/ && find $shared/devices -mindepth 1 -maxdepth 1$keep -exec rm -rf {} +'"
merge="sync init $shared --name merge --schedules $work/merge/schedules --db $work/merge/habits.sqlite3"
# With BEFORE, the same commands of that binary (each with its --prepare).
also=()
beside() { if [ -n "${before:-}" ]; then also+=(--prepare "$1" "$before $2"); fi; }
beside "$reset" "$merge"
echo
echo "2. merge of $events events (3 devices, 20 habits, 10 years) into an empty database:"
hyperfine -N --warmup 1 --runs 5 --prepare "$reset" --export-json "$work/merge.json" "$habits $merge" \
  "${also[@]}" >&2
table "$work/merge.json"

# The device the other figures use: the merged history, syncing; and a copy
# of it that does not sync (no [sync] in its config, and left). With BEFORE,
# that binary gets devices of its own (here-before, plain-before): either
# binary may have a database the other cannot open.
devices_of() {
  local binary=$1 here=$2 plain=$3
  device "$here"
  "$binary" sync init "$shared" --name "$here" $(flags "$here") >/dev/null
  "$binary" today $(flags "$here") >/dev/null
  device "$plain"
  cp "$work/$here/habits.sqlite3" "$work/$plain/habits.sqlite3"
  sqlite3 "$work/$plain/habits.sqlite3" "UPDATE sync_self SET active = 0"
}
flags() { echo "--schedules $work/$1/schedules --db $work/$1/habits.sqlite3"; }
devices_of "$habits" here plain
if [ -n "${before:-}" ]; then devices_of "$before" here-before plain-before; fi

# --- 1. done ---------------------------------------------------------------
shape=$work/shape.sqlite3
sqlite3 "$shape" "PRAGMA journal_mode=WAL; CREATE TABLE checkin (habit TEXT NOT NULL, day TEXT NOT NULL CHECK (date(day, '+0 days') IS day), kind TEXT NOT NULL CHECK (kind IN ('done','skip')), value REAL, note TEXT, recorded_at TEXT NOT NULL, PRIMARY KEY (habit, day)) STRICT, WITHOUT ROWID;" >/dev/null
insert="INSERT INTO checkin (habit, day, kind, recorded_at) VALUES ('h01', '2026-11-21', 'done', '2026-11-21T21:00:00Z')"
echo
echo "1. habits done with sync on, against the sqlite3 shell's insert and done without sync:"
also=()
if [ -n "${before:-}" ]; then
  also=(--prepare "$before undo h01 $(flags here-before)" "$before done h01 $(flags here-before)"
    --prepare "$before undo h01 $(flags plain-before)" "$before done h01 $(flags plain-before)")
fi
hyperfine -N --warmup 5 --runs 40 --export-json "$work/done.json" \
  --prepare "sqlite3 $shape \"DELETE FROM checkin\"" "sqlite3 $shape \"$insert\"" \
  --prepare "$habits undo h01 $(flags here)" "$habits done h01 $(flags here)" \
  --prepare "$habits undo h01 $(flags plain)" "$habits done h01 $(flags plain)" "${also[@]}" >&2
table "$work/done.json" 0

# --- 3. today after another device's 10 events ------------------------------
echo
echo "3. habits today right after another device appended 10 events, against today without sync:"
append="python3 $root/bench/make_sync_folder.py $work/data --append 10"
also=()
if [ -n "${before:-}" ]; then
  also=(--prepare "true" "$before today $(flags plain-before)"
    --prepare "$append" "$before today $(flags here-before)")
fi
hyperfine -N --warmup 3 --runs 30 --export-json "$work/today.json" \
  --prepare "true" "$habits today $(flags plain)" \
  --prepare "$append" "$habits today $(flags here)" "${also[@]}" >&2
table "$work/today.json" 0

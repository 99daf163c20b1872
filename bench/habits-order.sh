#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Writes the link order of habits' release build: the functions the everyday
# commands run (done, undo, skip, today in its table, prompt, status-bar and
# JSON forms, week and stats). The linker places them first, so a `habits
# done` faults in fewer pages of the code in the binary (bench/run measures it).
#
#   bench/habits-order.sh [habits-binary] [order-file]
#
# habits-binary is a release build; the order file defaults to
# Sources/habits/habits.order. Needs valgrind. Names no longer in the binary
# are ignored when linking, so a stale order costs time, never correctness.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
HABITS=$(realpath "${1:-$ROOT/.build/release/habits}")
ORDER=$(realpath -m "${2:-$ROOT/Sources/habits/habits.order}")
work=$(mktemp -d /tmp/habits-order.XXXXXX)
trap 'rm -rf "$work"' EXIT
# valgrind 3.19 cannot read the toolchain's DWARF 5; the symbol table is enough.
strip --strip-debug -o "$work/habits" "$HABITS"
export HOME=$work TZ=UTC NO_COLOR=1 HABITS_NOW=2026-11-21T21:00:00Z
export HABITS_SCHEDULES=$ROOT/schedules HABITS_DB=$work/habits.sqlite3
# The database exists first: the commands people run open one.
"$work/habits" done quality-time >/dev/null
profile() {
  local name=$1
  shift
  valgrind --tool=callgrind --dump-instr=yes --callgrind-out-file="$work/callgrind.$name" \
    "$work/habits" "$@" >/dev/null 2>&1
}
echo "profiling habits under callgrind…" >&2
profile done done gratitude
profile again done gratitude --note "by the river"
profile undo undo gratitude
profile skip skip gratitude --note away
profile today today
profile short today --short
profile waybar today --format waybar
profile i3blocks today --format i3blocks
profile json today --json
profile week week
profile stats stats
nm --defined-only --no-demangle --numeric-sort --print-size "$work/habits" >"$work/nm"
python3 "$ROOT/bench/callgrind_order.py" "$work/nm" habits "$work"/callgrind.* >"$ORDER"
echo "wrote $(wc -l <"$ORDER") names to $ORDER" >&2

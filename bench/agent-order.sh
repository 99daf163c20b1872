#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Writes the link order of habits-agent's release build: the functions the
# agent runs (start, reminders through dunst, check-ins and snoozes from the
# CLI, SIGHUP, a broken and a removed schedule, a config change, idle). The
# linker places them first, so the code the agent runs sits on contiguous
# pages instead of being spread over the 18 MB of code in the binary, and the
# kernel maps far fewer pages around each one it faults in.
#
#   bench/agent-order.sh [habits-binary] [order-file]
#
# habits-binary is a release build (habits-agent beside it); the order file
# defaults to Sources/habits-agent/agent.order. Needs valgrind, dunst, Xvfb
# and dbus-run-session. Names no longer in the binary are ignored when
# linking, so a stale order costs memory, never correctness.
set -euo pipefail
HABITS=$(realpath "${1:-.build/release/habits}")
ORDER=$(realpath -m "${2:-Sources/habits-agent/agent.order}")
AGENT=$(dirname "$HABITS")/habits-agent
if [[ -z "${HABITS_ORDER_INSIDE:-}" ]]; then
  export HABITS_ORDER_INSIDE=1
  exec dbus-run-session -- "$0" "$HABITS" "$ORDER"
fi
work=$(mktemp -d /tmp/habits-order.XXXXXX)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$work"' EXIT
mkdir -p "$work/schedules" "$work/run"
chmod 700 "$work/run"
export HOME=$work XDG_RUNTIME_DIR=$work/run TZ=UTC
export HABITS_SCHEDULES=$work/schedules HABITS_DB=$work/habits.sqlite3
# valgrind 3.19 cannot read the toolchain's DWARF 5; the symbol table is enough.
strip --strip-debug -o "$work/habits-agent" "$AGENT"
source "$(dirname "${BASH_SOURCE[0]}")/../Tests/support/desktop.sh"
start_display 500
printf '[global]\n    markup = full\n[urgency_normal]\n    timeout = 1\n' >"$work/dunstrc"
start_dunst "$work/dunstrc" "$work/dunst.log"
dbus-monitor --session --profile \
  "type='method_call',interface='org.freedesktop.Notifications',member='Notify'" \
  >"$work/profile.log" 2>/dev/null &
pids+=($!)
printf 'title = "Every minute"\nwhen = "* * * * *"\n' >"$work/schedules/minute.toml"
printf 'title = "Pulse"\nwhen = "* * * * *"\n' >"$work/schedules/pulse.toml"
printf 'title = "Walk"\nwhen = "every day at 18:00"\n' >"$work/schedules/walk.toml"
printf 'summary = "off"\n' >"$work/config.toml"
notified() { grep -c '^mc' "$work/profile.log" || true; }
wait_for() {
  while (($(notified) < $1)); do
    sleep 1
    kill -0 "$agent" || {
      cat "$work/agent.log"
      exit 1
    }
  done
}
# Two runs: the first creates the database, the second opens it. The second
# starts as the tests and bench/agent.sh start it, on a clock set by
# HABITS_NOW (here the system's own time).
profile() {
  valgrind --tool=callgrind --dump-instr=yes --callgrind-out-file="$work/callgrind.$1" \
    "$work/habits-agent" 2>>"$work/agent.log" &
  agent=$!
  pids+=("$agent")
}
echo "profiling the agent under callgrind (about three minutes)…" >&2
profile first
wait_for 1
kill "$agent"
wait "$agent" || true
"$HABITS" done walk >/dev/null
HABITS_NOW=$(date -u +%FT%TZ) profile second
wait_for $(($(notified) + 1))
"$HABITS" done minute >/dev/null
sleep 3
"$HABITS" snooze minute 5m >/dev/null
sleep 3
kill -HUP "$agent"
sleep 3
printf 'title = "Broken\nwhen = nope\n' >"$work/schedules/bad.toml"
sleep 3
rm "$work/schedules/bad.toml"
sleep 2
printf 'summary = "off"\nnotifier = "libnotify"\n' >"$work/config.toml"
sleep 3
wait_for $(($(notified) + 1))
printf 'title = "Yearly"\nwhen = "0 9 1 1 *"\n' >"$work/schedules/minute.toml"
rm "$work/schedules/pulse.toml"
sleep 10
kill "$agent"
wait "$agent" || true
nm --defined-only --no-demangle --numeric-sort --print-size "$work/habits-agent" >"$work/nm"
python3 "$(dirname "${BASH_SOURCE[0]}")/callgrind_order.py" "$work/nm" habits-agent \
  "$work"/callgrind.* >"$ORDER"
echo "wrote $(wc -l <"$ORDER") names to $ORDER" >&2

#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The agent killed with `kill -9` between deciding to fire and firing, then
# restarted: the reminder is delivered once, not zero times and not twice.
#
#   Tests/stress/agent_crash_test.sh path/to/debug/habits
#
# Needs Xvfb, dbus-run-session, dbus-monitor, dunst, dunstctl and python3
# (./dev test installs them). Re-runs itself inside dbus-run-session.
#
# No test hook in the product: the agent writes each reminder to the store's
# reminder_log before it shows it, and the show starts with a one-second
# GetServerInformation probe. So dunst is frozen (SIGSTOP) just before the
# reminder is due, and the agent is killed 300 ms after the due minute, while
# the probe waits on the frozen server. The store must then hold the row with
# delivered_at NULL; if not, the kill missed the window (said so, and tried
# again at the next minute, up to three times). Then dunst thaws, the agent
# restarts, and dbus-monitor must see exactly one Notify for the habit; after
# a second restart, still one. About 20 s: no attempt waits for a real
# minute, each agent starts six seconds before a minute of its own clock
# (HABITS_NOW, on a fixed day at noon), and a restart keeps that clock.
set -euo pipefail

HABITS=$(realpath "${1:?usage: $0 path/to/habits}")
if [[ -z "${HABITS_STRESS_INSIDE:-}" ]]; then
  export HABITS_STRESS_INSIDE=1
  exec timeout --kill-after=10 300 dbus-run-session -- "$0" "$HABITS"
fi

work=$(mktemp -d /tmp/habits-agent-crash.XXXXXX)
pids=()
agent_pid=
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill -CONT "$pid" 2>/dev/null || true; kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [[ "${failed:-0}" != 0 ]]; then
    echo "--- agent log"; cat "$work/agent.err" 2>/dev/null || true
    echo "--- agent stdout"; cat "$work/agent.out" 2>/dev/null || true
    echo "--- reminder_log"; reminder_log 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' TERM INT

source "$(dirname "${BASH_SOURCE[0]}")/../support/checks.sh"

mkdir -p "$work/home/cfg/schedules" "$work/data" "$work/run"
chmod 700 "$work/run"
export HOME="$work/home" XDG_RUNTIME_DIR="$work/run" TZ=UTC NO_COLOR=1
export HABITS_SCHEDULES="$work/home/cfg/schedules" HABITS_DB="$work/data/habits.sqlite3"
unset JOURNAL_STREAM HABITS_NOW
printf 'notifier = "libnotify"\ncatch_up = "same-day"\n' >"$work/home/cfg/config.toml"

# SQL over the database, with the standard library's sqlite3 (no sqlite3 shell needed).
sql() { python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1], timeout=30)
for row in c.execute(sys.argv[2]): print("|".join("" if v is None else str(v) for v in row))' "$HABITS_DB" "$1"; }
reminder_log() { sql "SELECT habit, due, fired_at, ifnull(delivered_at, 'NULL'), kind FROM reminder_log ORDER BY id"; }

# A display and a notification server.
source "$(dirname "${BASH_SOURCE[0]}")/../support/desktop.sh"
start_display || exit 1
cat >"$work/dunstrc" <<RC
[global]
    markup = full
[urgency_normal]
    timeout = 0
RC
start_dunst "$work/dunstrc" "$work/dunst.log" || true
check "dunst runs" notification_server_up

dbus-monitor --session \
  "type='method_call',interface='org.freedesktop.Notifications',member='Notify'" \
  >"$work/monitor.log" 2>/dev/null &
pids+=($!)
sleep 0.5

# The agent's clock: a fixed day at noon, set for each attempt to just
# before a minute; $work/habits runs the agent on it. The agent logs the
# whole seconds it is ahead of the system clock, which place the due minute
# in real time exactly.
source "$(dirname "${BASH_SOURCE[0]}")/../support/agent_clock.sh"
clock_wrapper "$work" "$HABITS"
agent_offset() { logged_offset "$work/agent.err"; }

start_agent() {
  local before
  before=$(grep -c "running" "$work/agent.err" 2>/dev/null || true)
  "$work/habits" agent >>"$work/agent.out" 2>>"$work/agent.err" &
  agent_pid=$!
  pids+=("$agent_pid")
  for _ in $(seq 200); do
    [[ $(grep -c "running" "$work/agent.err" 2>/dev/null || true) -gt ${before:-0} ]] && return 0
    sleep 0.05
  done
  return 1
}
stop_agent() { # SIGTERM, as systemd stops it
  kill -TERM "$agent_pid" 2>/dev/null || true
  wait "$agent_pid" 2>/dev/null || true
}
# Notify calls whose summary is the title $1: dbus-monitor prints the
# arguments app_name, replaces_id, app_icon, summary, ... one a line.
notify_count() {
  awk -v title="$1" '
    /member=Notify/ { n = 0; inside = 1; next }
    inside && /^   [a-z]/ { n++; if (n == 4) { if ($0 == "   string \"" title "\"") count++; inside = 0 } }
    END { print count + 0 }' "$work/monitor.log"
}
notified() { [[ $(notify_count "$1") -ge 1 ]]; }
delivered() { [[ -n $(sql "SELECT 1 FROM reminder_log WHERE habit = '$1' AND delivered_at IS NOT NULL") ]]; }

landed=false
for attempt in 1 2 3; do
  habit="crash$attempt"
  title="Crash probe $attempt"
  rm -f "$HABITS_SCHEDULES"/*.toml
  # Due at the start of a minute six seconds after the agent's clock starts.
  set_clock "12:0$attempt:54"
  due=$(at "12:0$((attempt + 1)):00")
  cat >"$HABITS_SCHEDULES/$habit.toml" <<TOML
title = "$title"
when = "$(date -u -d "@$due" +'%M %H') * * *"
prompts = ["Only a probe"]
TOML
  start_agent || { check "the agent starts" false; break; }
  # The due minute in real time.
  offset=$(agent_offset)
  [[ -n "$offset" ]] || { check "the agent logs where its clock starts" false; break; }
  due=$((due - offset))
  # Freeze the server 1.5 s before the due minute, kill the agent 300 ms after it.
  sleep "$(python3 -c "import time; print(max(0, $due - 1.5 - time.time()))")"
  kill -STOP "$dunst_pid"
  sleep "$(python3 -c "import time; print(max(0, $due + 0.3 - time.time()))")"
  kill -9 "$agent_pid"
  wait "$agent_pid" 2>/dev/null || true
  row=$(sql "SELECT ifnull(delivered_at, 'NULL') FROM reminder_log WHERE habit = '$habit'")
  kill -CONT "$dunst_pid"
  if [[ "$row" == "NULL" && "$(notify_count "$title")" == 0 ]]; then
    landed=true
    break
  fi
  echo "  attempt $attempt: the kill missed the window (reminder_log row: '${row:-none}'," \
    "Notify calls: $(notify_count "$title")); trying again at the next minute"
  # The missed reminder must not disturb the next attempt.
  stop_agent
done

if check "the kill landed after the reminder was logged and before it was shown (attempt $attempt)" $landed; then
  echo "  reminder_log: $(sql "SELECT habit, due, fired_at, ifnull(delivered_at, 'NULL') FROM reminder_log WHERE habit = '$habit'")"
  check "the agent restarts after kill -9" start_agent
  wait_for 10 notified "$title" || true
  wait_for 10 delivered "$habit" || true
  # Time for a second delivery to show itself, were there one.
  sleep 3
  count=$(notify_count "$title")
  check "after the restart the reminder is delivered exactly once (Notify calls: $count)" test "$count" -eq 1
  check "the store marks it delivered" test "$(sql "SELECT count(*) FROM reminder_log WHERE habit = '$habit' AND delivered_at IS NOT NULL")" -eq 1
  check "one reminder_log row for it" test "$(sql "SELECT count(*) FROM reminder_log WHERE habit = '$habit'")" -eq 1
  check "the agent says it showed the one logged before a restart" grep -q "that was logged before a restart" "$work/agent.err"

  stop_agent
  check "the agent restarts again" start_agent
  sleep 4
  count=$(notify_count "$title")
  check "after a second restart still exactly once (Notify calls: $count)" test "$count" -eq 1
  check "the agent is still running" kill -0 "$agent_pid"
  stop_agent
fi

echo "$passed passed, $failed failed"
[[ $failed == 0 ]]

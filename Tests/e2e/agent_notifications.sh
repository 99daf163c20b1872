#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# End-to-end: the real `habits agent` against a real notification server
# (dunst under Xvfb, on a private D-Bus session bus where no server can be
# started by activation, so that "stopped" means no server at all).
#
#   Tests/e2e/agent_notifications.sh [path/to/habits]
#
# Checks that a reminder arrives on time with its summary and buttons, that
# Done from the popup records the reminder's day, that a restarted agent does
# not fire it again, that Another idea swaps the popup's prompt for the next
# one `habits next --json` lists, in place, and that with dunst stopped or
# frozen the agent keeps going through its fallback, standard output or a
# configured command.
#
# No step waits for a real minute: each agent starts a few seconds before a
# minute of its own clock (HABITS_NOW, on a fixed day at noon), and the CLI
# commands read the same clock.
set -euo pipefail

HABITS=$(realpath "${1:-.build/debug/habits}")

work=$(mktemp -d /tmp/habits-e2e.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -CONT "$pid" 2>/dev/null || true; kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [[ "${failed:-0}" != 0 ]]; then
    echo "--- agent log"; cat "$work/agent.err" 2>/dev/null || true
    echo "--- agent stdout"; cat "$work/agent.out" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

source "$(dirname "${BASH_SOURCE[0]}")/../support/checks.sh"

mkdir -p "$work/home/schedules" "$work/data" "$work/run"
chmod 700 "$work/run"
export HOME="$work/home" XDG_RUNTIME_DIR="$work/run" TZ=UTC NO_COLOR=1
export HABITS_SCHEDULES="$work/home/schedules" HABITS_DB="$work/data/habits.sqlite3"

# A bus, a display and a notification server that shows buttons and reads markup.
source "$(dirname "${BASH_SOURCE[0]}")/../support/desktop.sh"
start_bus "$work" || exit 1
start_display || exit 1
# dunst hands its context menu to this script, which picks the first line
# holding the label in $work/choice: "pressing" that button.
cat >"$work/dmenu" <<SH
#!/bin/sh
grep -m1 -F "\$(cat "$work/choice")"
SH
chmod +x "$work/dmenu"
echo "Done" >"$work/choice"
cat >"$work/dunstrc" <<RC
[global]
    markup = full
    dmenu = $work/dmenu
[urgency_normal]
    timeout = 0
RC
start_dunst "$work/dunstrc" "$work/dunst.log" || exit 1

dbus-monitor --session \
  "type='method_call',interface='org.freedesktop.Notifications',member='Notify'" \
  >"$work/monitor.log" 2>/dev/null &
pids+=($!)

# The agent's clock: a fixed day at noon, set forward to just before a minute
# for each agent started. $work/habits runs habits on it, the agent and the
# CLI alike.
source "$(dirname "${BASH_SOURCE[0]}")/../support/agent_clock.sh"
clock_wrapper "$work" "$HABITS"

# Starts an agent and returns once it says it runs (the log holds earlier agents').
started_count() { cat "$work/agent.err" 2>/dev/null | grep -c "running" || true; }
start_agent() {
  local before
  before=$(started_count)
  "$work/habits" agent >>"$work/agent.out" 2>>"$work/agent.err" &
  agent_pid=$!
  pids+=("$agent_pid")
  for _ in $(seq 100); do (($(started_count) > before)) && return 0; sleep 0.05; done
}
notify_count() { grep -c 'member=Notify' "$work/monitor.log" || true; }

# A minute of the agent's clock at least $1 s away; prints its epoch.
next_minute() {
  local now target
  now=$(agent_now)
  target=$(((now / 60 + 1) * 60))
  if ((target - now < $1)); then target=$((target + 60)); fi
  echo "$target"
}
write_habit() { # id title epoch
  local hm
  hm=$(date -u -d "@$3" +'%M %H')
  cat >"$HABITS_SCHEDULES/$1.toml" <<TOML
title = "$2"
when = "$hm * * *"
prompts = ["Ask them about the <best> part of their day & listen"]
TOML
}

# 1. On time, with summary, body and buttons.
set_clock 12:00:57
due=$(at 12:01:00)
write_habit tea "Tea & <talk>" "$due"
start_agent
check "agent starts" kill -0 "$agent_pid"
check "a second agent exits 75" bash -c '"$0" agent >/dev/null 2>&1; [[ $? == 75 ]]' "$HABITS"
wait_for $((due - $(agent_now) + 5)) bash -c '[[ $(grep -c "member=Notify" "$0") -ge 1 ]]' "$work/monitor.log" || true
check "the reminder reached the server" test "$(notify_count)" -ge 1
check "summary is the escaped title" grep -q 'string "Tea &amp; &lt;talk&gt;"' "$work/monitor.log"
check "body is the escaped prompt" grep -q 'the &lt;best&gt; part of their day &amp; listen' "$work/monitor.log"
check "buttons Done, Snooze, Skip" bash -c 'grep -q "string \"Done\"" "$0" && grep -q "string \"Snooze 15 min\"" "$0" && grep -q "string \"Skip today\"" "$0"' "$work/monitor.log"
check "app name habits" grep -q 'string "habits"' "$work/monitor.log"
check "desktop-entry hint" grep -q 'desktop-entry' "$work/monitor.log"
check "dunst shows it" test "$(dunstctl count displayed)" -ge 1
shown_line=$(grep -m1 "shown via" "$work/agent.err" || true)
echo "  $shown_line"

# 2. Done from the popup records the reminder's day.
dunstctl context
day=$(date -u -d "@$due" +%F)
wait_for 5 bash -c '"$0" log tea --json | grep -q "\"kind\":\"done\""' "$work/habits" || true
check "Done recorded for $day" bash -c '"$0" log tea --json | grep -q "\"day\":\"$1\",\"habit\":\"tea\",\"kind\":\"done\""' "$work/habits" "$day"

# 3. A restarted agent does not fire it again, though its minute is not
# over (the restart's clock is twelve seconds before the next one).
before=$(notify_count)
kill -TERM "$agent_pid"
check "agent stops within a second of SIGTERM" wait_for 1 bash -c '! kill -0 "$0" 2>/dev/null' "$agent_pid"
"$work/habits" undo tea >/dev/null
set_clock 12:01:48
start_agent
sleep 3
check "no second notification after restart" test "$(notify_count)" -eq "$before"

# 4. Another idea: the popup's prompt gives way to the next one in the habit's
# rotation, the one `habits next` lists for the reminder after; pressed again,
# the one after that; each time in the same popup.
dunstctl close-all
due=$(next_minute 4)
cat >"$HABITS_SCHEDULES/talk.toml" <<TOML
title = "Talk"
when = "$(date -u -d "@$due" +'%M %H') * * *"
prompts = ["Ask about the best part of their day.", "Ask what they are looking forward to.",
  "Tell them one thing you noticed today.", "Ask what made them laugh.",
  "Ask what is on their mind."]
TOML
wait_for 5 grep -q "reloaded" "$work/agent.err" || true
mapfile -t ideas < <("$work/habits" next talk --json --count 3 |
  python3 -c 'import json, sys; [print(e["prompt"]) for e in json.load(sys.stdin)]')
before=$(notify_count)
wait_for $((due - $(agent_now) + 5)) bash -c '[[ $(grep -c "member=Notify" "$0") -gt $1 ]]' "$work/monitor.log" "$before" || true
check "the reminder shows the prompt habits next listed for it" grep -qF "${ideas[0]}" "$work/monitor.log"
check "it offers Another idea" grep -q 'string "Another idea"' "$work/monitor.log"
# The replaces_id of each Notify call: 0 for a new popup, the popup's id to replace it.
replaces_ids() { awk '/member=Notify/ { getline; getline; print $2 }' "$work/monitor.log"; }
echo "Another idea" >"$work/choice"
dunstctl context
check "Another idea shows the next prompt" wait_for 5 grep -qF "${ideas[1]}" "$work/monitor.log"
dunstctl context
check "pressed again, the one after" wait_for 5 grep -qF "${ideas[2]}" "$work/monitor.log"
mapfile -t ids < <(replaces_ids | tail -n 3)
check "both replace the reminder's popup" bash -c '[[ $0 == 0 && $1 != 0 && $1 == $2 ]]' "${ids[@]}"
check "dunst still shows one popup" test "$(dunstctl count displayed)" -eq 1
echo "Done" >"$work/choice"
rm "$HABITS_SCHEDULES/talk.toml"

# 5. dunst stopped: the agent keeps running and uses the fallback.
kill "$dunst_pid"; wait "$dunst_pid" 2>/dev/null || true
past=$(($(agent_now) / 60 * 60 - 60))
write_habit walk "Evening walk" "$past"
check "fallback prints the reminder on stdout" wait_for 10 grep -q "reminder: Evening walk" "$work/agent.out"
check "agent still running without a server" kill -0 "$agent_pid"

# 6. dunst frozen: the next reminder still goes out on time via the fallback.
# An agent started while no server runs, ten seconds before a minute.
kill -TERM "$agent_pid"
wait_for 5 bash -c '! kill -0 "$0" 2>/dev/null' "$agent_pid" || true
set_clock 12:02:50
start_agent
start_dunst "$work/dunstrc" "$work/dunst.log" || exit 1
kill -STOP "$dunst_pid"
due=$(next_minute 4)
write_habit call "Call home" "$due"
wait_for $((due - $(agent_now) + 10)) grep -q "reminder: Call home" "$work/agent.out" || true
check "frozen server: fallback within a few seconds of due" grep -q "reminder: Call home" "$work/agent.out"
late=$(($(agent_now) - due))
echo "  seconds after due when checked: $late"
check "agent still running with a frozen server" kill -0 "$agent_pid"
kill -CONT "$dunst_pid"

# 7. A configured fallback command, taken up by the running agent when
# config.toml changes: with the server gone, reminders go to the command.
kill "$dunst_pid"; wait "$dunst_pid" 2>/dev/null || true
cat >"$work/home/config.toml" <<TOML
fallback = { command = ["python3", "-c", "import sys; open(sys.argv[1], 'a').write(' | '.join(sys.argv[2:]) + chr(10))", "$work/fallback.txt"] }
TOML
wait_for 5 grep -q "reloaded" "$work/agent.err" || true
past=$(($(agent_now) / 60 * 60 - 60))
write_habit run "Morning run" "$past"
check "the fallback command gets the reminder" wait_for 10 grep -q "^Morning run | " "$work/fallback.txt"
check "and standard output does not" bash -c '! grep -q "reminder: Morning run" "$0"' "$work/agent.out"
check "agent still running" kill -0 "$agent_pid"

echo "$passed passed, $failed failed"
[[ $failed == 0 ]]

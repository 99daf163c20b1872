#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# End-to-end: reminders due within `gather` (20 minutes, the default) of each
# other come as one popup, against a real dunst under Xvfb on a private
# D-Bus session bus, and against notify-osd, which shows no buttons.
#
#   Tests/e2e/gathered_popup.sh [path/to/habits]
#
# Three habits due 0, 10 and 19 minutes from now: one Notify call names all
# three, with a Done for each and one Snooze; dunst shows one popup. Done for
# the second, clicked through dunst's menu, records that habit alone (`habits
# today --json`), and the popup comes back with the same id for the other
# two; Done on each of those takes it down for good. With notify-osd, two
# habits due together get one popup whose body lists the `habits done`
# commands instead of buttons.
#
# The agent's clock (HABITS_NOW) starts two seconds before noon's first
# minute on a fixed day, so nothing waits for a real minute and the time of
# day does not matter; the CLI commands read the same clock.
set -euo pipefail

HABITS=$(realpath "${1:-.build/debug/habits}")
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

notify_osd=$(ls /usr/lib/*/notify-osd 2>/dev/null | head -n 1 || true)
missing=()
for need in Xvfb:xvfb dbus-daemon:dbus dbus-monitor:dbus dunst:dunst dunstctl:dunst \
  python3:python3 "${notify_osd:-notify-osd}:notify-osd"; do
  command -v "${need%:*}" >/dev/null || missing+=("${need##*:}")
done
if ((${#missing[@]})); then
  echo "missing Debian packages: ${missing[*]} (./dev setup installs them)"
  echo "0 passed, 1 failed"
  exit 1
fi

work=$(mktemp -d /tmp/habits-gathered.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [[ "${failed:-0}" != 0 ]]; then
    echo "--- agent log"; cat "$work/agent.err" 2>/dev/null || true
    echo "--- agent stdout"; cat "$work/agent.out" 2>/dev/null || true
    echo "--- Notify calls"; python3 "$work/calls.py" "$work/monitor.log" 2>/dev/null || true
  fi
  if [[ -n ${HABITS_E2E_KEEP:-} ]]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

source "$(dirname "${BASH_SOURCE[0]}")/../support/checks.sh"

mkdir -p "$work/home/schedules" "$work/data" "$work/run"
chmod 700 "$work/run"
export TZ=UTC
export HOME="$work/home" XDG_RUNTIME_DIR="$work/run" NO_COLOR=1 NO_AT_BRIDGE=1
export HABITS_SCHEDULES="$work/home/schedules" HABITS_DB="$work/data/habits.sqlite3"

source "$repo/Tests/support/desktop.sh"
start_bus "$work" || exit 1
start_display 100 || exit 1
# dunst hands its menu to this: it picks the line holding the label in $work/pick.
cat >"$work/dmenu" <<SH
#!/bin/sh
grep -m1 -F "\$(cat "$work/pick")"
SH
chmod +x "$work/dmenu"
cat >"$work/dunstrc" <<RC
[global]
    markup = full
    dmenu = $work/dmenu
[urgency_normal]
    timeout = 0
RC
start_dunst "$work/dunstrc" "$work/dunst.log" || exit 1

dbus-monitor --session "type='method_call',interface='org.freedesktop.Notifications'" \
  "type='method_return'" >"$work/monitor.log" 2>/dev/null &
pids+=($!)
wait_for 5 test -s "$work/monitor.log" || true

# Each Notify call, one a line: replaces_id|summary|body (newlines as \n)|actions
# (comma separated)|the id the server gave it; and each CloseNotification as
# close|ID.
cat >"$work/calls.py" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8", errors="replace").read()
blocks = re.split(r"\n(?=(?:method call|method return|signal|error) time=)", text)
# The answers, by who asked and the serial of the question.
ids = {}
for block in blocks:
    reply = re.match(r"method return .*destination=(\S+) serial=\d+ reply_serial=(\d+)\n"
                     r"\s*uint32 (\d+)", block)
    if reply:
        ids[(reply.group(1), reply.group(2))] = reply.group(3)
for block in blocks:
    header, _, rest = block.partition("\n")
    if not header.startswith("method call"):
        continue
    if "member=CloseNotification" in header:
        print("close|" + re.search(r"uint32 (\d+)", rest).group(1))
        continue
    if "member=Notify" not in header:
        continue
    # dbus-monitor prints strings unescaped; one ends at a quote ending its line.
    call = re.match(r'\s*string "(.*?)"\n\s*uint32 (\d+)\n\s*string "(.*?)"\n'
                    r'\s*string "(.*?)"\n\s*string "(.*?)"\n\s*array \[\n(.*?)^   \]\n',
                    rest, re.S | re.M)
    if call:
        _, replaces, _, summary, body, actions = call.groups()
        labels = re.findall(r'string "(.*?)"\n', actions)
        asker = re.search(r"sender=(\S+) .* serial=(\d+)", header)
        given = ids.get((asker.group(1), asker.group(2)), "") if asker else ""
        print("|".join([replaces, summary, body.replace("\n", "\\n"), ",".join(labels), given]))
PY
# The agent's clock: noon on a fixed day, so that the next twenty minutes
# stay on one day (a reminder about tomorrow is never brought forward into
# tonight's popup). $work/habits runs habits on it, the agent and the CLI alike.
source "$(dirname "${BASH_SOURCE[0]}")/../support/agent_clock.sh"
clock_wrapper "$work" "$HABITS"
set_clock 12:00:58

calls() { python3 "$work/calls.py" "$work/monitor.log" | grep -v '^close|' || true; }
call_count() { calls | grep -c . || true; }
# The Nth Notify call (from 1), split into replaces, summary, body, actions and id.
read_call() {
  IFS='|' read -r replaces summary body actions id <<<"$(calls | sed -n "${1}p")"
}
state_of() { # habit
  "$work/habits" today --json | python3 -c '
import json, sys
print(next(h["state"] for h in json.load(sys.stdin)["habits"] if h["habit"] == sys.argv[1]))' "$1"
}
# What wait_for waits on, read afresh at each try.
calls_at_least() { (($(call_count) >= $1)); }
state_is() { [[ $(state_of "$1") == "$2" ]]; } # habit state
displayed() { [[ $(dunstctl count displayed) == "$1" ]]; }
click() { # label
  printf '%s\n' "$1" >"$work/pick"
  dunstctl context
}

# The minute to start from: the next one of the agent's clock.
start=$(at 12:01:00)
write_habit() { # id title minutes-after-start
  local hm
  hm=$(date -d "@$((start + $3 * 60))" +'%M %H')
  cat >"$work/habit.toml" <<TOML
title = "$2"
when = "$hm * * *"
prompts = ["A small kind thing for $2"]
TOML
  mv "$work/habit.toml" "$HABITS_SCHEDULES/$1.toml"
}

# 1. Three reminders within 20 minutes: one popup at the first one's time.
write_habit tea "Tea" 0
write_habit walk "Walk" 10
write_habit call "Call home" 19
"$work/habits" agent >>"$work/agent.out" 2>>"$work/agent.err" &
agent_pid=$!
pids+=("$agent_pid")
wait_for $((start - $(agent_now) + 10)) calls_at_least 1 || true
sleep 2
check "one Notify call for the three" test "$(call_count)" -eq 1
read_call 1
check "its summary names the three" test "$summary" == "Tea, Walk and Call home"
check "its body names each with its prompt" test "$body" == \
  'Tea: A small kind thing for Tea\nWalk: A small kind thing for Walk\nCall home: A small kind thing for Call home'
check "a Done for each and one Snooze" test "$actions" == \
  "done:tea,Done: Tea,done:walk,Done: Walk,done:call,Done: Call home,snooze,Snooze 15 min"
check "a new popup (replaces no other)" test "$replaces" == 0
first_id=$id
check "dunst shows one popup" test "$(dunstctl count displayed)" -eq 1
check "each reminder logged and shown" test "$(grep -c 'shown via dunst, in one popup with 2 more' "$work/agent.err")" -eq 3
echo "  $summary: ${body//\\n/ / }"

# 2. Done for Walk records Walk alone, and the popup comes back for the others.
click "Done: Walk"
wait_for 5 state_is walk done || true
check "Walk is recorded done" test "$(state_of walk)" == done
check "Tea is still pending" test "$(state_of tea)" == pending
check "Call home is still pending" test "$(state_of call)" == pending
wait_for 5 calls_at_least 2 || true
check "the popup came back" test "$(call_count)" -eq 2
read_call 2
check "naming the other two" test "$summary" == "Tea and Call home"
check "with their Dones" test "$actions" == \
  "done:tea,Done: Tea,done:call,Done: Call home,snooze,Snooze 15 min"
check "in place of the first (the same id, ${first_id:-?})" test "$replaces" == "$first_id"
check "which dunst keeps" test "$id" == "$first_id"
check "dunst shows it" wait_for 5 displayed 1

# 3. Done on each of the other two: the last one answered takes it down.
click "Done: Call home"
wait_for 5 state_is call done || true
wait_for 5 calls_at_least 3 || true
read_call 3
check "after Call home, the popup is Tea's alone" test "$summary|$actions" == \
  "Tea|done,Done,snooze,Snooze 15 min,skip,Skip today"
check "still with the same id" test "$replaces" == "$first_id"
click "Done"
wait_for 5 state_is tea done || true
check "Tea is recorded done" test "$(state_of tea)" == done
check "the agent takes the popup down" \
  wait_for 5 grep -q "every habit of the gathered popup is answered" "$work/agent.err"
check "it closes that id" wait_for 5 bash -c 'python3 "$0" "$1" | grep -qx "close|$2"' \
  "$work/calls.py" "$work/monitor.log" "$first_id"
check "nothing is left on screen" wait_for 5 displayed 0
check "no other popup came" test "$(call_count)" -eq 3

# 4. notify-osd shows no buttons: the body lists the commands to run.
kill "$dunst_pid"; wait "$dunst_pid" 2>/dev/null || true
wait_for 5 eval '! notification_server_up' || true
"$notify_osd" >>"$work/notify-osd.log" 2>&1 &
pids+=($!)
wait_for 5 notification_server_up || true
start=$(($(agent_now) / 60 * 60))
# The later one first: the agent reads each file as it comes.
write_habit plans "Plans" 5
write_habit thanks "Say thank you" 0
wait_for 10 calls_at_least 4 || true
check "notify-osd: one Notify call for the two" test "$(call_count)" -eq 4
read_call 4
check "notify-osd: no buttons" test "$actions" == ""
check "notify-osd: the body lists the commands" test "$body" == \
  'Say thank you: A small kind thing for Say thank you\nPlans: A small kind thing for Plans\nWhen done: habits done thanks; habits done plans'
check "agent still running" kill -0 "$agent_pid"

echo "$passed passed, $failed failed"
[[ $failed == 0 ]]

#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# End-to-end: the real `habits agent` against the notification servers people
# run, each under Xvfb on a private D-Bus session bus whose only activatable
# service is the one this script writes, as a window manager's session has:
#
#   1. dunst, not running, started by D-Bus activation at the first reminder
#      (as on i3 or sway, where dunst's service file names
#      org.freedesktop.Notifications): the reminder is a popup, not stdout;
#   2. that dunst frozen (SIGSTOP) while it owns the name: the reminder goes
#      to the fallback within a couple of seconds;
#   3. an activatable server that never comes up: the fallback, after the
#      few seconds a server is given to start;
#   4. notification-daemon (GNOME's; buttons and markup), started by hand
#      with no service file, as GNOME Shell runs: buttons, and no `habits`
#      command in the body;
#   5. notify-osd (Ubuntu's; no `actions` capability), started by
#      activation: no buttons, and the `habits` command to run in the body
#      instead.
#
# Every reminder also carries the habits icon (found in XDG_DATA_HOME) and the
# desktop-entry hint.
#
#   Tests/e2e/notification_servers.sh [path/to/habits]
set -euo pipefail

HABITS=$(realpath "${1:-.build/debug/habits}")
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# What it needs, from the Debian packages ./dev installs (TEST_PACKAGES).
notification_daemon=/usr/lib/notification-daemon/notification-daemon
notify_osd=$(ls /usr/lib/*/notify-osd 2>/dev/null | head -n 1 || true)
missing=()
for need in Xvfb:xvfb dbus-daemon:dbus dbus-monitor:dbus dunst:dunst dunstctl:dunst \
  xwininfo:x11-utils python3:python3 bc:bc "$notification_daemon:notification-daemon" \
  "${notify_osd:-notify-osd}:notify-osd"; do
  command -v "${need%:*}" >/dev/null || missing+=("${need##*:}")
done
if ((${#missing[@]})); then
  echo "missing Debian packages: ${missing[*]} (./dev setup installs them)"
  echo "0 passed, 1 failed"
  exit 1
fi

work=$(mktemp -d /tmp/habits-servers.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -CONT "$pid" 2>/dev/null || true; kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [[ "${failed:-0}" != 0 ]]; then
    echo "--- agent log"; cat "$work/agent.err" 2>/dev/null || true
    echo "--- agent stdout"; cat "$work/agent.out" 2>/dev/null || true
    echo "--- bus log (with what the servers it started printed)"; cat "$work/bus.log" 2>/dev/null || true
  fi
  if [[ -n ${HABITS_E2E_KEEP:-} ]]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

source "$(dirname "${BASH_SOURCE[0]}")/../support/checks.sh"
now() { date +%s.%N; }
seconds_since() { echo "$(now) - $1" | bc -l | xargs printf '%.1f'; }
at_most() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'; }
not() { ! "$@"; }

mkdir -p "$work/home/schedules" "$work/data" "$work/run" "$work/services" \
  "$work/share/icons/hicolor/scalable/apps"
chmod 700 "$work/run"
icon=$work/share/icons/hicolor/scalable/apps/habits.svg
cp "$repo/packaging/habits.svg" "$icon"
export HOME="$work/home" XDG_RUNTIME_DIR="$work/run" XDG_DATA_HOME="$work/share" TZ=UTC NO_COLOR=1
export HABITS_SCHEDULES="$work/home/schedules" HABITS_DB="$work/data/habits.sqlite3"
# GTK servers would look for an accessibility bus this bus cannot start.
export NO_AT_BRIDGE=1

source "$repo/Tests/support/desktop.sh"
start_display 500 || exit 1
start_bus "$work" "$work/services" || exit 1

# The one activatable notification server: COMMAND, with this display.
service=$work/services/org.freedesktop.Notifications.service
activatable() { # command...
  printf '[D-BUS Service]\nName=org.freedesktop.Notifications\nExec=%s\n' \
    "$(command -v env) DISPLAY=$DISPLAY $*" >"$service"
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.ReloadConfig >/dev/null
}
# The pid of the process that owns the notification name.
server_pid() {
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.GetConnectionUnixProcessID string:org.freedesktop.Notifications |
    awk '/uint32/ { print $2 }'
}
stop_server() {
  local pid
  pid=$(server_pid 2>/dev/null) || return 0
  [[ -n $pid ]] || return 0
  kill -CONT "$pid" 2>/dev/null || true
  kill "$pid" 2>/dev/null || true
  wait_for 5 bash -c '! kill -0 "$0" 2>/dev/null' "$pid" || true
}

dbus-monitor --session \
  "type='method_call',interface='org.freedesktop.Notifications',member='Notify'" \
  >"$work/monitor.log" 2>/dev/null &
pids+=($!)
# It says its own name when it has joined the bus.
wait_for 5 test -s "$work/monitor.log" || true

# The fields of the last Notify call whose summary holds TITLE, one a line:
# app_name=, app_icon=, summary=, body= (newlines as \n), actions= (comma
# separated), hint:NAME=VALUE.
cat >"$work/notify_call.py" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8", errors="replace").read()
found = None
# A message starts a line; a string's later lines may too, but not like this.
for block in re.split(r"\n(?=(?:method call|method return|signal|error) time=)", text):
    header, _, rest = block.partition("\n")
    if not header.startswith("method call") or "member=Notify" not in header:
        continue
    # dbus-monitor prints strings unescaped; one ends at a quote ending its line.
    head = re.match(r'\s*string "(.*?)"\n\s*uint32 \d+\n\s*string "(.*?)"\n'
                    r'\s*string "(.*?)"\n\s*string "(.*?)"\n\s*array \[\n(.*?)^   \]\n'
                    r'\s*array \[\n(.*?)^   \]\n', rest, re.S | re.M)
    if head and sys.argv[2] in head.group(3):
        found = head
if not found:
    sys.exit(1)
app, icon, summary, body, actions, hints = found.groups()
print("app_name=" + app)
print("app_icon=" + icon)
print("summary=" + summary)
print("body=" + body.replace("\n", "\\n"))
print("actions=" + ",".join(re.findall(r'string "(.*?)"\n', actions)))
for name, value in re.findall(r'dict entry\(\s*string "(.*?)"\s*variant\s+(.*?)\n\s*\)', hints, re.S):
    print("hint:" + name + "=" + re.sub(r'^\w+ "?(.*?)"?$', r"\1", value.strip()))
PY
# read_call TITLE sets `fields`, for has and lacks to look at.
read_call() { fields=$(python3 "$work/notify_call.py" "$work/monitor.log" "$1") || fields=""; }
has() { grep -qxF -- "$1" <<<"$fields"; }
lacks() { [[ -n $fields ]] && ! grep -qF -- "$1" <<<"$fields"; }
body_has() { grep -q "^body=.*$1" <<<"$fields"; }

# A popup of the server with X window class CLASS is on screen.
popup_on_screen() { # class
  local id
  for id in $(xwininfo -root -children | awk -v class="(\"$1\" " 'index($0, class) { print $1 }'); do
    xwininfo -id "$id" | awk '/Map State:/ { viewable = ($3 == "IsViewable") }
      /Width:/ { w = $2 } /Height:/ { h = $2 } END { exit !(viewable && w > 50 && h > 30) }' &&
      return 0
  done
  return 1
}

# A habit due at the start of the current minute: the agent sends it at once,
# as a catch-up, once it reads the file. Sets written_at.
write_habit() { # id title
  # Just before midnight the current minute would be yesterday's by then.
  while [[ $(date -u +%H%M) == 2359 ]]; do sleep 1; done
  local hm
  hm=$(date -u +'%M %H')
  cat >"$work/habit.toml" <<TOML
title = "$2"
when = "$hm * * *"
prompts = ["Ask about the <best> part of their day & listen"]
TOML
  written_at=$(now)
  # Whole, so that the agent never reads half a file.
  mv "$work/habit.toml" "$HABITS_SCHEDULES/$1.toml"
}
# A Notify call whose summary starts with TITLE.
reached_server() { grep -qF "   string \"$1" "$work/monitor.log"; }
on_stdout() { grep -q "reminder: $1" "$work/agent.out"; }

cat >"$work/dunstrc" <<RC
[global]
    markup = full
[urgency_normal]
    timeout = 0
RC
activatable "$(command -v dunst)" -config "$work/dunstrc"
check "before the first reminder no notification server runs" not notification_server_up

"$HABITS" agent >>"$work/agent.out" 2>>"$work/agent.err" &
agent_pid=$!
pids+=("$agent_pid")
wait_for 10 grep -q "running" "$work/agent.err" || true
check "agent starts" kill -0 "$agent_pid"

# 1. Activation: the first reminder starts dunst and reaches it.
write_habit tea "Tea & <talk>"
wait_for 10 reached_server "Tea" || wait_for 2 on_stdout "Tea" || true
took=$(seconds_since "$written_at")
echo "  first reminder after $took s"
check "the first reminder started dunst by D-Bus activation" \
  grep -q "Successfully activated service 'org.freedesktop.Notifications'" "$work/bus.log"
dunst_pid=$(server_pid || true)
[[ -z $dunst_pid ]] || pids+=("$dunst_pid")
check "the activated server is dunst" test "$(cat "/proc/${dunst_pid:-0}/comm" 2>/dev/null)" == dunst
check "the reminder reached dunst (Notify)" reached_server "Tea"
check "within 5 s of the schedule's writing, dunst's start included" at_most "$took" 5
read_call "Tea"
dunst_displays() { (($(dunstctl count displayed) >= 1)); }
check "dunst shows it" wait_for 5 dunst_displays
check "a dunst popup is on screen" wait_for 5 popup_on_screen Dunst
check "and it did not go to standard output" not grep -q "reminder:" "$work/agent.out"
check "the agent logs the server it went to" grep -q "shown via dunst" "$work/agent.err"
check "dunst has actions: Done, Snooze, Skip buttons" \
  has "actions=done,Done,snooze,Snooze 15 min,skip,Skip today"
check "so no command hint in the body" lacks "When done:"
check "the summary escaped for dunst's markup" has "summary=Tea &amp; &lt;talk&gt;"
check "the app icon is the installed habits icon" has "app_icon=$icon"
check "the desktop-entry hint names habits.desktop" has "hint:desktop-entry=habits"
check "app name habits" has "app_name=habits"

# 2. The activated dunst frozen while it owns the name: the bus answers for
# it that it runs, so nothing is started, and the probe gives up after 1 s.
[[ -z $dunst_pid ]] || kill -STOP "$dunst_pid"
write_habit call "Call home"
wait_for 10 on_stdout "Call home" || true
took=$(seconds_since "$written_at")
echo "  fallback after $took s"
check "frozen server: the reminder goes to standard output" on_stdout "Call home"
check "frozen server: within 3 s of the schedule's writing" at_most "$took" 3
check "agent still running with a frozen server" kill -0 "$agent_pid"
stop_server

# 3. An activatable server that never takes the name: the agent gives the
# start a few seconds, then falls back.
cat >"$work/never" <<SH
#!/bin/sh
echo \$\$ >"$work/never.pid"
exec sleep 60
SH
chmod +x "$work/never"
activatable "$work/never"
write_habit walk "Evening walk"
wait_for 15 on_stdout "Evening walk" || true
took=$(seconds_since "$written_at")
echo "  fallback after $took s"
[[ ! -s $work/never.pid ]] || pids+=("$(cat "$work/never.pid")")
check "a server that never starts was started" test -s "$work/never.pid"
check "a server that never starts: the reminder goes to standard output" on_stdout "Evening walk"
check "a server that never starts: within 8 s (5 s to start, then the probe)" at_most "$took" 8
check "agent still running" kill -0 "$agent_pid"
[[ ! -s $work/never.pid ]] || kill "$(cat "$work/never.pid")" 2>/dev/null || true
wait_for 5 bash -c '! kill -0 "$(cat "$0")" 2>/dev/null' "$work/never.pid" || true

# 4. notification-daemon: buttons and markup. It runs, but the bus could not
# start it (no service file), as with GNOME Shell: the agent must not ask the
# bus to.
rm -f "$service"
dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
  org.freedesktop.DBus.ReloadConfig >/dev/null
"$notification_daemon" >>"$work/bus.log" 2>&1 &
pids+=($!)
wait_for 5 notification_server_up || true
write_habit run "Morning & run"
wait_for 10 reached_server "Morning" || true
check "notification-daemon: the reminder reached it" reached_server "Morning"
read_call "Morning"
check "notification-daemon: a popup is on screen" wait_for 5 popup_on_screen notification-daemon
check "notification-daemon: the agent logs it" grep -q "shown via Notification Daemon" "$work/agent.err"
check "notification-daemon has actions: Done, Snooze, Skip buttons" \
  has "actions=done,Done,snooze,Snooze 15 min,skip,Skip today"
check "notification-daemon: no command hint in the body" lacks "When done:"
check "notification-daemon reads markup: the summary is escaped" \
  has "summary=Morning &amp; run"
check "notification-daemon: the habits icon" has "app_icon=$icon"
check "notification-daemon: the desktop-entry hint" has "hint:desktop-entry=habits"
check "notification-daemon: nothing on standard output" not on_stdout "Morning"
stop_server

# 5. notify-osd: no actions capability, so the command goes in the body.
activatable "$notify_osd"
write_habit thanks "Say thank you"
wait_for 10 reached_server "Say thank you" || true
[[ -z $(server_pid 2>/dev/null) ]] || pids+=("$(server_pid)")
check "notify-osd: the reminder reached it" reached_server "Say thank you"
read_call "Say thank you"
check "notify-osd: a popup is on screen" wait_for 5 popup_on_screen notify-osd
check "notify-osd: the agent logs it" grep -q "shown via notify-osd" "$work/agent.err"
check "notify-osd lacks actions: no buttons" has "actions="
check "notify-osd: the body says the habits command to run instead" \
  body_has "When done: habits done thanks"
check "notify-osd: the habits icon" has "app_icon=$icon"
check "notify-osd: the desktop-entry hint" has "hint:desktop-entry=habits"
check "notify-osd: nothing on standard output" not on_stdout "Say thank you"
check "agent still running" kill -0 "$agent_pid"

echo "$passed passed, $failed failed"
[[ $failed == 0 ]]

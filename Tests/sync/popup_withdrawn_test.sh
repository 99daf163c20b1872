#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A habit done on device B takes its popup down on device A: A's agent,
# against a real dunst under Xvfb on a private D-Bus session bus, shows a
# popup for each habit; B runs `habits done HABIT`, two real Syncthing
# instances on 127.0.0.1 carry the event into A's copy of the folder, and
# A's agent, woken by inotify, closes that popup (CloseNotification, then
# dunst's NotificationClosed) within 2 s of the file arriving, and sends no
# nudge for it after.
#
#   Tests/sync/popup_withdrawn_test.sh PATH/TO/habits
#
# HABITS_TRIALS=N (3 by default) runs N habits, one done after another,
# and prints the median and the longest time from the event file arriving
# in A's folder (Syncthing renaming it into place, seen by inotify) to the
# NotificationClosed signal.
#
# No step waits for the real minutes between a reminder and its nudge: A's
# agent starts on a fixed day at noon (HABITS_NOW), with its habits already
# due and their first nudge a little after the last popup should be gone;
# B's commands read the same clock, so both record the same day. Syncthing
# runs on real time. About 40 s with the default trials.
set -u

habits=${1:?usage: $0 PATH/TO/habits}
case $habits in /*) ;; *) habits=$PWD/$habits ;; esac
[ -x "$habits" ] || { echo "FAIL: '$habits' is not an executable"; exit 1; }
trials=${HABITS_TRIALS:-3}
case $trials in '' | *[!0-9]* | 0) echo "FAIL: HABITS_TRIALS must be a positive number"; exit 1 ;; esac
repo=$(cd "$(dirname "$0")/../.." && pwd)
missing=()
for need in syncthing:syncthing Xvfb:xvfb dbus-daemon:dbus dbus-monitor:dbus dunst:dunst \
  python3:python3; do
  command -v "${need%:*}" >/dev/null || missing+=("${need##*:}")
done
if ((${#missing[@]})); then
  echo "FAIL: missing Debian packages: ${missing[*]} (./dev setup installs them)"
  exit 1
fi
. "$repo/Tests/support/checks.sh"
. "$repo/Tests/support/desktop.sh"
. "$repo/Tests/support/syncthing.sh"

root=$(mktemp -d "${TMPDIR:-/tmp}/habits-popup-withdrawn.XXXXXX")
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null; done
  if [ "${failed:-0}" -ne 0 ]; then
    echo "--- agent log"; tail -40 "$root/agent.err" 2>/dev/null
    for side in a b; do echo "--- syncthing $side"; tail -10 "$root/st-$side.log" 2>/dev/null; done
  fi
  rm -rf "$root"
}
trap cleanup EXIT

export TZ=UTC NO_COLOR=1 NO_AT_BRIDGE=1
unset HABITS_DB HABITS_SCHEDULES HABITS_NOW XDG_CONFIG_HOME XDG_DATA_HOME STNODEFAULTFOLDER

start_syncthing_pair "$root" || { echo "FAIL: Syncthing did not start"; exit 1; }
start_bus "$root" || exit 1
start_display 100 || exit 1
cat >"$root/dunstrc" <<RC
[global]
    notification_limit = 0
[urgency_normal]
    timeout = 0
RC
start_dunst "$root/dunstrc" "$root/dunst.log" || exit 1
watch_notifications "$root/monitor.log"

check "the two Syncthing instances connect over loopback" wait_for 60 syncthing_connected "$gui_a"

# The clock of A's agent and of both devices' commands: a fixed day at
# noon, far from midnight whatever the real time of day. Until A's agent
# starts it is the system clock.
clock_day=2026-03-10
at() { date -u -d "${clock_day}T$1Z" +%s; } # HH:MM:SS on that day, as an epoch
set_clock() { echo $(($1 - $(date +%s))) >"$root/offset"; } # epoch
agent_now() { echo $(($(date +%s) + $(cat "$root/offset" 2>/dev/null || echo 0))); }

# The habits, due at noon on that day, so that A's agent, started minutes
# later by its clock, shows each at once as a catch-up, and nudged every 5
# minutes: the first nudge comes once every habit's event should have come
# and the quiet after it has been watched (a few seconds a trial).
due=$(at 12:00:00)
nudge=$((due + 300))
lead=$((16 + 4 * trials))
names=()
for i in $(seq "$trials"); do names+=("$(printf 'habit-%02d' "$i")"); done
names+=(control)
device() { # side
  local schedules=$root/$1/.config/habits/schedules name
  mkdir -p "$schedules" "$root/$1/run"
  chmod 700 "$root/$1/run"
  printf 'summary = "off"\ngather = "off"\n' >"$root/$1/.config/habits/config.toml"
  for name in "${names[@]}"; do
    cat >"$schedules/$name.toml" <<TOML
title = "Title $name"
when = "$(date -d "@$due" +'%-M %-H') * * *"
[nudge]
repeat = "5m"
until = "$(date -d "@$((due + 1800))" +%H:%M)"
TOML
  done
}
on() { # side habits-arguments...
  local side=$1
  shift
  HOME=$root/$side XDG_RUNTIME_DIR=$root/$side/run \
    HABITS_NOW=$(date -u -d "@$(agent_now)" +%FT%TZ) "$habits" "$@"
}
device a
device b

quiet() { "$@" >/dev/null 2>&1; }
check "A joins its copy of the folder" quiet on a sync init "$root/sync-a" --name alpha
check "B joins its copy of the folder" quiet on b sync init "$root/sync-b" --name beta
two_devices() { (($(find "$root/sync-a/devices" -mindepth 1 -maxdepth 1 -type d | wc -l) == 2)); }
check "B's device folder reaches A" wait_for 60 two_devices

# Each file renamed or written into place under A's devices/, with when.
python3 "$repo/Tests/support/arrivals.py" "$root/sync-a/devices" "$root/arrivals.log" &
pids+=($!)
wait_for 5 grep -qs ready "$root/arrivals.log"

set_clock $((nudge - lead))
# Not through on(): a function in the background is a subshell, and its pid
# not the agent's, which would outlive the clean-up.
HOME=$root/a XDG_RUNTIME_DIR=$root/a/run HABITS_NOW=$(date -u -d "@$(agent_now)" +%FT%TZ) \
  "$habits" agent --verbose >"$root/agent.out" 2>"$root/agent.err" &
pids+=($!)

# Notify calls and NotificationClosed signals, one a line (notify_bus.py).
bus() { python3 "$repo/Tests/support/notify_bus.py" "$root/monitor.log"; }
# More than NUMBER Notify calls or NotificationClosed signals so far (a grep:
# wait_for asks ten times a second).
more_than() { # Notify|NotificationClosed number
  (($(grep -c "member=$1\$" "$root/monitor.log") > $2))
}

check "A's agent shows a popup for each of the $((trials + 1)) habits" \
  wait_for $((trials + 30)) more_than Notify "$trials"
sleep 1

for i in $(seq "$trials"); do
  name=${names[$((i - 1))]}
  before=$(grep -c "member=NotificationClosed$" "$root/monitor.log")
  echo "$name $(date +%s.%N)" >>"$root/trials.log"
  on b done "$name" >/dev/null
  wait_for 30 more_than NotificationClosed "$before" || echo "  no popup closed for $name within 30 s"
done

# The quiet that follows: the agent does not wake again on its own.
sleeps() { grep -c "sleeping until" "$root/agent.err" || true; }
sleep 1
before=$(sleeps)
sleep 3
check "A's agent sleeps after the last one, with no further wake" test "$(sleeps)" -eq "$before"

# Each trial: the popup's id, when dunst closed it and why, when the event
# file arrived before that, and the time between.
python3 - "$root/trials.log" "$root/arrivals.log" <(bus) >"$root/latencies.log" <<'PY'
import sys
trials = [line.split() for line in open(sys.argv[1])]
arrivals = [float(line.split()[0]) for line in open(sys.argv[2]) if line[0].isdigit()]
events = [line.rstrip("\n").split("|") for line in open(sys.argv[3])]
for name, started in trials:
    started = float(started)
    shown = [e for e in events if e[0] == "notify" and e[3] == "Title " + name]
    popup = shown[0][2] if shown else "?"
    closed = [e for e in events if e[0] == "closed" and e[2] == popup and float(e[1]) > started]
    if not closed:
        print(name, popup, "-", "-", "-", "-")
        continue
    at, reason = float(closed[0][1]), closed[0][3]
    came = [a for a in arrivals if started <= a <= at]
    arrival = came[-1] if came else None
    latency = f"{at - arrival:.3f}" if arrival else "-"
    print(name, popup, f"{at:.6f}", reason, f"{arrival:.6f}" if arrival else "-", latency)
PY
while read -r name popup _ reason _ latency; do
  check "$name: its popup ($popup) is closed by the agent (reason 3)" test "$reason" == 3
  check "$name: within 2 s of its event file arriving ($latency s)" \
    python3 -c 'import sys; sys.exit(0 if sys.argv[1] != "-" and float(sys.argv[1]) < 2 else 1)' "$latency"
  check "$name: the agent logs the withdrawal" grep -q "$name is done for .*: its popup is withdrawn" "$root/agent.err"
done <"$root/latencies.log"

# The first nudge's time: the control habit, still open, is nudged; none of the others is.
nudged() { (($(grep -c '^ *string "Title control"$' "$root/monitor.log") >= 2)); }
wait_seconds=$((nudge + 8 - $(agent_now)))
((wait_seconds > 0)) && echo "  waiting up to ${wait_seconds} s for the first nudge"
wait_for "$((wait_seconds > 0 ? wait_seconds : 0))" nudged || true
# Time for the other habits' nudges of the same wake to show, were there any.
sleep 2
check "the open habit is nudged at its time" \
  test "$(bus | grep -c '^notify|.*|Title control$')" -ge 2
for name in "${names[@]:0:$trials}"; do
  check "$name is not nudged after it was done on B" \
    test "$(bus | grep -c "^notify|.*|Title $name\$")" -eq 1
done

python3 - "$root/latencies.log" <<'PY'
import statistics, sys
values = [float(line.split()[5]) for line in open(sys.argv[1]) if line.split()[5] != "-"]
if values:
    print(f"  arrival to NotificationClosed over {len(values)} trials: "
          f"median {statistics.median(values) * 1000:.0f} ms, max {max(values) * 1000:.0f} ms")
PY
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

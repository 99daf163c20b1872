#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Two people, Alex and Sam (two HOME directories, two databases), keep
# habits together through one folder that two real Syncthing instances on
# 127.0.0.1 share, each person with their own copy:
#
# 1. a shared habit done by Sam is done at Alex's, and Alex's undo clears
#    it at Sam's; an `each` habit done by Alex stays Alex's while Sam's
#    `today` shows it; a habit only one of them offers is in no event line;
# 2. after random changes on both sides, once Syncthing says the folder is
#    in sync, the shared habit's check-ins are the same on both, and no
#    byte of either copy of the folder holds a private habit's id, a title,
#    a note, a schedule or a home's path;
# 3. Alex's agent, against a real dunst under Xvfb on a private D-Bus
#    session bus, shows a popup for a shared habit; Sam runs `habits done`,
#    Syncthing carries Sam's event file, and the agent closes the popup
#    (dunst's NotificationClosed) within 2 s of the file arriving, with no
#    nudge for it after. The time from arrival to close is printed.
#
#   Tests/together/together_syncthing_test.sh PATH/TO/habits
#
# HABITS_SEED=N replays the random changes of a run (each run prints its
# seed). Nothing leaves the machine (Tests/support/syncthing.sh). Both
# people's commands and Alex's agent run on one clock (agent_clock.sh): a
# fixed day, in the morning for the changes, then a few seconds before the
# agent's first nudge, so that no step waits for a real minute. About 40 s.
set -u

habits=${1:?usage: $0 PATH/TO/habits}
case $habits in /*) ;; *) habits=$PWD/$habits ;; esac
[ -x "$habits" ] || { echo "FAIL: '$habits' is not an executable"; exit 1; }
seed=${HABITS_SEED:-$((RANDOM * 32768 + RANDOM))}
case $seed in '' | *[!0-9]*) echo "FAIL: HABITS_SEED must be a number"; exit 1 ;; esac
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
. "$repo/Tests/support/agent_clock.sh"

root=$(mktemp -d "${TMPDIR:-/tmp}/habits-together-syncthing.XXXXXX")
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null; done
  if [ "${failed:-0}" -ne 0 ]; then
    echo "--- seed $seed (HABITS_SEED=$seed replays it)"
    echo "--- agent log"; tail -40 "$root/agent.err" 2>/dev/null
    for side in a b; do echo "--- syncthing $side"; tail -10 "$root/st-$side.log" 2>/dev/null; done
  fi
  rm -rf "$root"
}
trap cleanup EXIT

export TZ=UTC NO_COLOR=1 NO_AT_BRIDGE=1
unset HABITS_DB HABITS_SCHEDULES HABITS_NOW XDG_CONFIG_HOME XDG_DATA_HOME STNODEFAULTFOLDER
echo "# seed $seed"

# Alex's copy of the folder is Syncthing's A (sync-a), Sam's is B (sync-b).
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

clock_day=2026-03-10
clock_wrapper "$root" "$habits"
set_clock 09:00:00
# on PERSON ARGS...: habits as that person, on the clock.
on() {
  local who=$1
  shift
  HOME=$root/$who XDG_RUNTIME_DIR=$root/$who/run "$root/habits" "$@"
}
quiet() { "$@" >/dev/null 2>&1; }

# schedule PERSON ID TITLE WHEN [TOGETHER]: a habit file of that person's.
titles=()
whens=()
schedule() {
  local file=$root/$1/.config/habits/schedules/$2.toml
  printf 'title = "%s"\nwhen = "%s"\n' "$3" "$4" >"$file"
  [ -z "${5:-}" ] || printf 'together = "%s"\n' "$5" >>"$file"
  titles+=("$3")
  whens+=("$4")
}
for who in alex sam; do
  mkdir -p "$root/$who/.config/habits/schedules" "$root/$who/run"
  chmod 700 "$root/$who/run"
  # Only what is due in the last ten minutes is caught up when the agent
  # starts: the two habits due at noon.
  printf 'summary = "off"\ngather = "off"\ncatch_up = "10m"\n' >"$root/$who/.config/habits/config.toml"
done
# dinner and walk: shared by both. thanks: each (Alex says each, Sam
# shared). play: offered by Alex, private on Sam's side. letters: offered
# by Sam, whom Alex does not have. The rest: private.
schedule alex dinner "Candlelit dinner" "daily at 19:30" shared
schedule alex thanks "Thank-you note" "daily at 21:15" each
schedule alex play "Board game night" "daily at 20:45" shared
schedule alex secret-walk "Secret walk" "daily at 06:15"
schedule alex walk "Walk together" "daily at 12:00" shared
schedule alex stretch-alone "Stretch alone" "daily at 12:00"
schedule sam dinner "Dinner by candlelight" "daily at 19:45" shared
schedule sam thanks "Thanks to Alex" "daily at 22:05" shared
schedule sam play "Chess by the fire" "daily at 20:50"
schedule sam letters "Love letter" "daily at 21:40" each
schedule sam dream-journal "Dream journal" "daily at 07:40"
schedule sam walk "Walk with Alex" "daily at 12:00" shared
# Alex's habits due at noon are nudged five minutes later, until 12:30.
for id in walk stretch-alone; do
  printf '[nudge]\nrepeat = "5m"\nuntil = "12:30"\n' >>"$root/alex/.config/habits/schedules/$id.toml"
done
private_ids=(secret-walk stretch-alone dream-journal)
one_sided=(play letters)
notes=()

json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
# today_of PERSON HABIT EXPRESSION: that habit's item of `today --json`, with EXPRESSION.
today_of() {
  on "$1" today --json 2>/dev/null |
    json "[h for h in d['habits'] if h['habit']=='$2'][0]$3" 2>/dev/null
}
# logged PERSON HABIT [DAY]: the kind of that person's check-in of HABIT on
# DAY (today by default), or none.
logged() {
  on "$1" log --json 2>/dev/null |
    json "([c['kind'] for c in d if c['habit']=='$2' and c['day']=='${3:-$clock_day}'] or ['none'])[0]"
}

check "the two Syncthing instances connect over loopback" wait_for 60 syncthing_connected "$gui_a"
check "Alex joins with Alex's copy of the folder" quiet on alex together init "$root/sync-a" --name Alex
check "Sam joins with Sam's copy" quiet on sam together init "$root/sync-b" --name Sam
partner_of() { [ "$(on "$1" together status --json 2>/dev/null | json "d['partner']['name']" 2>/dev/null)" == "$2" ]; }
check "Sam's profile reaches Alex's copy" wait_for 30 partner_of alex Sam
check "and Alex's reaches Sam's" wait_for 30 partner_of sam Alex
# Both look again with each other's profile there (as any command does).
kept=$(on alex together status --json | json "' '.join(f\"{h['id']}={h.get('kept')}\" for h in d['habits'])")
check "Alex and Sam keep dinner and walk shared, thanks each, play and letters not ($kept)" \
  has "$kept" "dinner=shared letters=None play=None thanks=each walk=shared"
quiet on sam today

# --- 1. Done, undo and each, across Syncthing ------------------------------
notes+=("Sam lit the candles")
on sam done dinner --note "${notes[-1]}" >/dev/null
done_at_alex() {
  [ "$(today_of alex dinner "['state']")" == done ] &&
    [ "$(today_of alex dinner "['partner']['state']")" == done ]
}
check "a shared habit done by Sam arrives at Alex's: done, with partner.state done" \
  wait_for 30 done_at_alex
check "Sam's note stays Sam's" lacks "$(on alex log --json)" "${notes[-1]}"
check "and Sam's own log has it" has "$(on sam log --json)" "${notes[-1]}"
on alex undo dinner >/dev/null
cleared_at_sam() { [ "$(logged sam dinner)" == none ]; }
check "Alex's undo arrives back at Sam's: cleared" wait_for 30 cleared_at_sam
check "and cleared at Alex's" same "$(logged alex dinner)" none
check "Sam's today says dinner is not done" same "$(today_of sam dinner "['state']")" pending

notes+=("a secret game of Alex's") && on alex done play --note "${notes[-1]}" >/dev/null
notes+=("Sam won at chess") && on sam done play --date 2026-03-09 --note "${notes[-1]}" >/dev/null
notes+=("to Alex, in green ink") && on sam done letters --note "${notes[-1]}" >/dev/null
notes+=("the walk nobody knows of") && on alex done secret-walk --note "${notes[-1]}" >/dev/null
notes+=("dreamt of the sea") && on sam done dream-journal --note "${notes[-1]}" >/dev/null
notes+=("thanked Sam for the tea") && on alex done thanks --note "${notes[-1]}" >/dev/null
alex_thanks_seen() { [ "$(today_of sam thanks "['partner']['state']")" == done ]; }
check "an each habit done by Alex: Sam's today shows partner.state done" wait_for 30 alex_thanks_seen
check "and Sam's log has no check-in of it" same "$(logged sam thanks)" none
check "Sam's own is still pending" same "$(today_of sam thanks "['state']")" pending
check "Alex's today shows Sam's as not done" same "$(today_of alex thanks "['partner']['state']")" pending
check "Alex's play, offered by Alex only, stays Alex's" same "$(logged sam play)" none
check "as does Alex's private habit" same "$(logged sam secret-walk)" none

# --- 2. Random changes on both sides ----------------------------------------
# Each change: a person, one of their habits (dinner most often), done, done
# with a note, skip, skip with a note or undo, on one of the last six days;
# now and then a pause in which Syncthing carries what was written.
RANDOM=$seed
habits_of_alex=(dinner dinner dinner thanks play secret-walk)
habits_of_sam=(dinner dinner dinner thanks play letters dream-journal)
changes=0
for i in $(seq 24); do
  if ((RANDOM % 2)); then
    who=alex habit=${habits_of_alex[RANDOM % ${#habits_of_alex[@]}]}
  else
    who=sam habit=${habits_of_sam[RANDOM % ${#habits_of_sam[@]}]}
  fi
  day=2026-03-0$((5 + RANDOM % 5))
  ((RANDOM % 6 == 0)) && day=$clock_day
  note="$who's note $i on $habit, $RANDOM"
  case $((RANDOM % 5)) in
    0) args=(done "$habit") ;;
    1) args=(done "$habit" --note "$note") && notes+=("$note") ;;
    2) args=(skip "$habit") ;;
    3) args=(skip "$habit" --note "$note") && notes+=("$note") ;;
    4) args=(undo "$habit") ;;
  esac
  # A skip of a day done is refused: the change is then no change.
  quiet on "$who" "${args[@]}" --date "$day" && changes=$((changes + 1))
  ((RANDOM % 4 == 0)) && sleep 0.$((3 + RANDOM % 7))
done
echo "  $changes random changes made"
# Both have settled: each has taken the other's files, and Syncthing says
# the two copies are the same.
settled() {
  quiet on alex today && quiet on sam today &&
    syncthing_in_sync "$gui_a" "$gui_b" && syncthing_copies_equal "$root" people
}
check "once both are idle, Syncthing reports the folder in sync" wait_for 60 settled
# dinner's check-ins as day kind value, without notes.
dinner_log() {
  on "$1" log dinner --json |
    json "'\n'.join(sorted(f\"{c['day']} {c['kind']} {c.get('value')}\" for c in d))"
}
alex_dinner=$(dinner_log alex)
check "the shared habit's check-ins are the same on both ($(wc -l <<<"$alex_dinner") days)" \
  same "$alex_dinner" "$(dinner_log sam)"
check "there is one at least" test -n "$alex_dinner"

# Every byte of both copies of the folder.
folder_lacks() { ! grep -rqaF -e "$1" "$root/sync-a" "$root/sync-b"; }
event_lines() { find "$root/sync-a" "$root/sync-b" -name '*.jsonl' -exec cat {} +; }
check "the folder has event lines of dinner and thanks, the habits kept together" \
  test "$(event_lines | grep -c -e '"habit":"dinner"' -e '"habit":"thanks"')" -gt 4
for id in "${private_ids[@]}"; do
  check "no byte of either copy holds the private habit id '$id'" folder_lacks "$id"
done
for id in "${one_sided[@]}"; do
  check "no event line names '$id', offered by one side only" \
    test "$(event_lines | grep -c "\"habit\":\"$id\"")" -eq 0
done
for text in "${titles[@]}"; do check "no title '$text'" folder_lacks "$text"; done
for text in "${notes[@]}"; do check "no note '$text'" folder_lacks "$text"; done
readarray -t whens < <(printf '%s\n' "${whens[@]}" | sort -u)
for text in "${whens[@]}" "daily at" "repeat" "until"; do
  check "no schedule text '$text'" folder_lacks "$text"
done
for text in "$root/alex" "$root/sam" "$root"; do check "no home path '$text'" folder_lacks "$text"; done
check "no conflict copy in either copy" test -z "$(find "$root/sync-a" "$root/sync-b" -name '*sync-conflict*')"
check "the folder holds only profiles and months of events" \
  test -z "$(find "$root/sync-a/people" "$root/sync-b/people" -type f ! -name profile.json \
    ! -name '20[0-9][0-9]-[01][0-9].jsonl' ! -name '.syncthing.*')"

# --- 3. Alex's agent follows Sam's done ----------------------------------------
# The agent starts a little before 12:05, its first nudge, with walk and
# stretch-alone due at noon and caught up at once.
lead=18
set_clock "$(date -u -d "@$(($(at 12:05:00) - lead))" +%T)"
sam_person=$(on sam together status --json | json "d['person']")
python3 "$repo/Tests/support/arrivals.py" "$root/sync-a/people" "$root/arrivals.log" &
pids+=($!)
wait_for 5 grep -qs ready "$root/arrivals.log"
# Not through on(): a function in the background is a subshell, and its pid
# not the agent's, which would outlive the clean-up.
HOME=$root/alex XDG_RUNTIME_DIR=$root/alex/run "$root/habits" agent --verbose \
  >"$root/agent.out" 2>"$root/agent.err" &
pids+=($!)
bus() { python3 "$repo/Tests/support/notify_bus.py" "$root/monitor.log"; }
shown() { (($(grep -c "^ *string \"$1\"$" "$root/monitor.log") >= ${2:-1})); }
check "Alex's agent shows a popup for walk, shared" wait_for 20 shown "Walk together"
check "and one for stretch-alone, Alex's own" wait_for 5 shown "Stretch alone"
popup=$(bus | awk -F'|' '$1 == "notify" && $4 == "Walk together" { print $3; exit }')
closed() { bus | grep -q "^closed|.*|$popup|"; }
sleep 1
started=$(date +%s.%N)
on sam done walk >/dev/null
check "Alex's agent closes walk's popup ($popup) once Sam's done arrives" wait_for 20 closed
bus >"$root/bus.log"
# Why and when the popup was closed, and the time since the last of Sam's
# event files arrived before it.
result=$(python3 - "$started" "$popup" "$sam_person" "$root/arrivals.log" "$root/bus.log" <<'PY'
import sys
started, popup, person = float(sys.argv[1]), sys.argv[2], sys.argv[3]
arrivals = [line.split() for line in open(sys.argv[4]) if line[0].isdigit()]
closes = [line.rstrip("\n").split("|") for line in open(sys.argv[5]) if line.startswith("closed|")]
close = next((c for c in closes if c[2] == popup and float(c[1]) > started), None)
if close is None:
    print("- -")
    sys.exit()
came = [float(at) for at, path in arrivals
        if f"/people/{person}/" in path and path.endswith(".jsonl") and started <= float(at) <= float(close[1])]
print(close[3], f"{float(close[1]) - came[-1]:.3f}" if came else "-")
PY
)
read -r reason latency <<<"$result"
check "closed by the agent (reason 3, not by the user or a timeout)" same "$reason" 3
check "within 2 s of Sam's event file arriving in Alex's copy ($latency s)" \
  python3 -c 'import sys; sys.exit(0 if sys.argv[1] != "-" and float(sys.argv[1]) < 2 else 1)' "$latency"
check "the agent logs the withdrawal" grep -q "walk is done for $clock_day: its popup is withdrawn" "$root/agent.err"
sleeps() { grep -c "sleeping until" "$root/agent.err" || true; }
sleep 1
before=$(sleeps)
sleep 2
check "the agent sleeps after, with no further wake" test "$(sleeps)" -eq "$before"
# The first nudge's time: stretch-alone, still open, is nudged; walk is not.
wait_seconds=$(($(at 12:05:00) + 6 - $(agent_now)))
((wait_seconds > 0)) && echo "  waiting up to ${wait_seconds} s for the first nudge"
wait_for "$((wait_seconds > 0 ? wait_seconds : 0))" shown "Stretch alone" 2 || true
sleep 1
check "stretch-alone is nudged at its time" shown "Stretch alone" 2
check "walk is not nudged after Sam did it" test "$(grep -c '^ *string "Walk together"$' "$root/monitor.log")" -eq 1
echo "  Sam's event file arriving in Alex's copy to NotificationClosed: ${latency} s"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

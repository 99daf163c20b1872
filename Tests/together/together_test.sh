#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Two people (two HOME directories, two databases) and one together folder,
# with the real binary: joining, what each offers and what they agree to
# keep together, another computer of one of them joining as them, hostile
# files in the folder reported and left alone, nothing private in the
# folder, and leaving with everything kept.
#
#   Tests/together/together_test.sh PATH/TO/habits
set -u

habits=${1:?usage: $0 PATH/TO/habits}
case $habits in /*) ;; *) habits=$PWD/$habits ;; esac
[ -x "$habits" ] || { echo "FAIL: '$habits' is not an executable"; exit 1; }
repo=$(cd "$(dirname "$0")/../.." && pwd)
. "$repo/Tests/support/checks.sh"

root=$(mktemp -d "${TMPDIR:-/tmp}/habits-together-test.XXXXXX")
trap 'rm -rf "$root"' EXIT
us=$root/us
export TZ=Europe/London NO_COLOR=1
unset HABITS_DB HABITS_SCHEDULES XDG_CONFIG_HOME XDG_DATA_HOME
now=2026-11-20T17:00:00Z

# on PERSON ARGS...: habits as that person's computer, at $now.
on() {
  local who=$1
  shift
  HOME=$root/$who HABITS_NOW=$now "$habits" "$@"
}
# offer PERSON HABIT HOW: the habit's schedule file says together = HOW.
offer() { printf 'together = "%s"\n' "$3" >>"$root/$1/.config/habits/schedules/$2.toml"; }
status_is() {
  local expected=$1
  shift
  "$@" >/dev/null 2>&1
  [ $? -eq "$expected" ]
}
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

for who in alex sam laptop; do on "$who" init >/dev/null 2>&1; done
# A habit of Alex's own, which must never show in the folder.
printf 'title = "Secret walk"\nwhen = "daily at 06:15"\n' >"$root/alex/.config/habits/schedules/secret-walk.toml"
offer alex quality-time shared
offer alex gratitude each
offer alex play shared
offer sam quality-time shared
offer sam gratitude shared
offer sam affection each
on alex done secret-walk --note "a private note about the walk" >/dev/null
on alex done gratitude --note "thanked Sam for the tea" >/dev/null

# --- Joining -------------------------------------------------------------------
out=$(on alex together init "$us" --name Alex)
check "init on Alex's computer succeeds" same $? 0
check "alone in the folder, it says nobody else has joined" has "$out" "Nobody else has joined"
check "config.toml records the together folder" grep -q "^folder = \"$us\"" "$root/alex/.config/habits/config.toml"
out=$(on sam together init "$us" --name Sam)
check "Sam joins and sees Alex" has "$out" "With Alex (1 computer"
check "Sam sees what both keep together" has "$out" "quality-time  shared: one record for the two of you"
check "gratitude, shared on one side and each on the other, is each" has "$out" "gratitude     each: your own records, both seen"
check "Sam's one-sided offer stays private" has "$out" "Offered by you only, so private: affection."
on sam done gratitude --date 2026-11-19 >/dev/null
check "right after init, a done of a habit kept together goes to the folder" \
  grep -rqs '"habit":"gratitude","day":"2026-11-19","op":"done"' "$us/people"
on sam undo gratitude --date 2026-11-19 >/dev/null

status=$(on alex together status --json)
check "status --json names the partner" same "$(json "d['partner']['name']" <<<"$status")" Sam
check "status --json: kept together as both say" same "$(json "' '.join(f\"{h['id']}={h.get('kept')}\" for h in d['habits'])" <<<"$status")" \
  "affection=None gratitude=each play=None quality-time=shared"
check "status --json: last seen is a time" has "$(json "d['partner']['last_seen']" <<<"$status")" "T"

# --- Another computer of Alex's ------------------------------------------------
out=$(on laptop together init "$us" --name Alex)
check "Alex's laptop joins as Alex" same "$(ls "$us/people" | wc -l)" 2
check "and says when Sam's last change arrived" has "$out" "Sam's last change arrived"
out=$(on sam together status)
check "Sam sees Alex on two computers" has "$out" "With Alex (2 computers"

# --- Refused -------------------------------------------------------------------
check "a second folder while joined is refused (64)" status_is 64 on alex together init "$root/other" --name Alex
check "an empty name is refused (64)" status_is 64 on sam together init "$us" --name ""
check "a name with a control character is refused (64)" status_is 64 on sam together init "$us" --name $'S\x1bam'
on sam sync init "$root/devices" --name desk >/dev/null 2>&1
check "the sync folder as the together folder is refused (64)" status_is 64 on sam together init "$root/devices" --name Sam
check "a folder holding the sync folder is refused (64)" status_is 64 on sam together init "$root" --name Sam
check "a folder inside the sync folder is refused (64)" status_is 64 on sam together init "$root/devices/us" --name Sam
# Each on a computer of its own: taken, it would refuse the next as a second folder.
for who in kit lee max; do on "$who" init >/dev/null 2>&1 && on "$who" done gratitude >/dev/null; done
check "the database's folder is refused as a sync folder (64)" status_is 64 on kit sync init "$root/kit/.local/share/habits" --name kit
check "a home holding the schedules and the database is refused (64)" status_is 64 on kit together init "$root/kit" --name Kit
check "and the refusal says what stays on this computer" has "$(on kit together init "$root/kit" --name Kit 2>&1)" "which stays on this computer"
check "the database's folder is refused (64)" status_is 64 on lee together init "$root/lee/.local/share/habits" --name Lee
check "the schedules folder is refused (64)" status_is 64 on max together init "$root/max/.config/habits/schedules" --name Max
check "nothing of theirs went anywhere" same "$(find "$root/kit" "$root/lee" "$root/max" -name 'profile.json' -o -name '*.jsonl' | wc -l)" 0

# --- Hostile files in the folder ------------------------------------------------
sam_id=$(json "d['person']" <<<"$(on sam together status --json)")
mkdir -p "$us/people/$sam_id/aaaaaaaaaaaaaaaa" "$us/people/$sam_id/bbbbbbbbbbbbbbbb" "$us/people/$sam_id/cccccccccccccccc"
head -c 100000 /dev/zero | tr '\0' ' ' >"$us/people/$sam_id/aaaaaaaaaaaaaaaa/profile.json"
ln -s /etc/passwd "$us/people/$sam_id/bbbbbbbbbbbbbbbb/profile.json"
printf '{"v":1,"person":"%s","device":"cccccccccccccccc","name":"Sam\\u001b[2J","written":1,"habits":[]}\n' "$sam_id" \
  >"$us/people/$sam_id/cccccccccccccccc/profile.json"
cp "$us/people/$sam_id/cccccccccccccccc/profile.json" "$us/people/$sam_id/cccccccccccccccc.sync-conflict-20261120-170000-ABCDEFG"
out=$(on alex together status)
check "hostile files do not stop status" same $? 0
check "the partner is still Sam" has "$out" "With Sam"
check "an oversized profile is reported" has "$out" "aaaaaaaaaaaaaaaa/profile.json: the profile is 100000 bytes"
check "a symbolic link is not followed" has "$out" "bbbbbbbbbbbbbbbb/profile.json: the profile cannot be read"
check "a name with an escape is refused" has "$out" "cccccccccccccccc/profile.json: \"name\" is not a name"
check "a conflict copy is reported" has "$out" "a conflict copy made by the sync tool"
lacks_escape() { ! grep -q $'\x1b' <<<"$1"; }
check "no escape sequence reaches the terminal" lacks_escape "$out"
mkdir -p "$us/people/dddddddddddddddd/eeeeeeeeeeeeeeee"
printf '{"v":1,"person":"dddddddddddddddd","device":"eeeeeeeeeeeeeeee","name":"Kim","written":1,"habits":[]}\n' \
  >"$us/people/dddddddddddddddd/eeeeeeeeeeeeeeee/profile.json"
touch -d '2000-01-01' "$us/people/dddddddddddddddd/eeeeeeeeeeeeeeee/profile.json"
out=$(on alex together status)
check "a third person is named and not read" has "$out" "people/dddddddddddddddd: a third person"
check "with a third person, the partner is still Sam" has "$out" "With Sam"
rm -rf "$us/people/dddddddddddddddd" "$us/people/$sam_id/aaaaaaaaaaaaaaaa" "$us/people/$sam_id/bbbbbbbbbbbbbbbb" \
  "$us/people/$sam_id/cccccccccccccccc" "$us/people/$sam_id/cccccccccccccccc.sync-conflict-20261120-170000-ABCDEFG"
# Sam's profile written by a newer habits: Sam stays the partner, and nothing crosses.
sam_profile=$(ls "$us/people/$sam_id"/*/profile.json)
cp "$sam_profile" "$root/sam-profile.json"
printf '{"v":2}\n' >"$sam_profile"
out=$(on alex together status)
check "with Sam's profile unreadable, Sam is still the partner" has "$out" \
  "Sam is your partner, but no profile of theirs can be read just now"
check "a newer profile is named as one" has "$out" "a profile of format 2, newer than this habits reads"
check "it does not say nobody has joined" lacks "$out" "Nobody else has joined"
status=$(on alex together status --json)
check "status --json names the partner it cannot read" same "$(json "d['partner_unread']" <<<"$status")" Sam
cp "$root/sam-profile.json" "$sam_profile"

# --- Check-ins kept together ------------------------------------------------------
today_of() { on "$1" today --json 2>/dev/null | json "[h for h in d['habits'] if h['habit']=='$2'][0]$3"; }
# logged PERSON HABIT: the kind of the habit's check-in that day, or none.
logged() { on "$1" log --json 2>/dev/null | json "([c['kind'] for c in d if c['habit']=='$2'] or ['none'])[0]"; }
on alex done quality-time --note "walked by the river" >/dev/null
on alex today >/dev/null
check "a shared habit done by Alex is done for Sam" same "$(today_of sam quality-time "['state']")" done
check "Sam's today says Alex did it" same "$(today_of sam quality-time "['partner']['state']")" done
check "Sam's today names Alex" has "$(on sam today)" "Alex: done 17:00"
check "Alex's note stays Alex's" same "$(on sam export --format json | grep -c 'walked by the river')" 0
on sam undo quality-time >/dev/null
on sam today >/dev/null
check "Sam's undo clears it for Alex" same "$(logged alex quality-time)" none
check "Alex's status says when Sam's last change arrived" has "$(on alex together status --json | json "d['partner']['last_event']")" "T"
check "an each habit done by Alex stays Alex's" same "$(today_of sam gratitude "['state']")" pending
check "and Sam sees Alex's" same "$(today_of sam gratitude "['partner']['state']")" done
check "Alex sees that Sam has not yet" has "$(on alex today)" "Sam: not yet"
check "Sam sees Alex's gratitude streak" has "$(on sam today)" "Alex: done 17:00, streak 1 day"
check "and in --json" same "$(today_of sam gratitude "['partner']['streak']")" 1
check "a habit not kept together has no partner" same "$(today_of sam phone-free-dinner ".get('partner')")" None
week=$(on sam week --json)
check "Sam's week tells the week together" same "$(json "d['together']['text']" <<<"$week")" \
  "Together this week: gratitude: Alex on one day."
check "Sam's week --json has Alex's days of gratitude" same "$(json "d['together']['each'][0]['partner_days']" <<<"$week")" \
  "{'2026-11-20': 'done'}"
check "Sam's week --together has a row of Alex's days" has "$(on sam week --together)" "  Alex "
on alex done quality-time >/dev/null
week=$(on sam week --json)
check "Sam's week --json says Alex did the shared habit" same "$(json "d['together']['shared'][0]['partner_days']" <<<"$week")" \
  "{'2026-11-20': 'done'}"
on alex undo quality-time >/dev/null
on alex done play --note "a secret game" >/dev/null
on alex done secret-walk >/dev/null
on alex today >/dev/null
check "Alex's one-sided play stays Alex's" same "$(logged sam play)" none
check "as does Alex's private habit" same "$(logged sam secret-walk)" none

# --- Nothing private in the folder ------------------------------------------------
all=$(find "$us" -type f -exec cat {} +)
for secret in secret-walk "Secret walk" "a private note" "thanked Sam" "walked by the river" \
  "a secret game" '"habit":"play"' "daily at" "when" "Quality time" "Gratitude" "Phone-free dinner" "$root"; do
  check "the folder holds no '$secret'" lacks "$all" "$secret"
done
check "the folder holds only profiles and months of events" same "$(find "$us" -type f ! -name profile.json ! -name '20[0-9][0-9]-[01][0-9].jsonl' | wc -l)" 0

# --- Offers follow the schedule files ---------------------------------------------
offer sam play shared
out=$(on sam together status --json)
check "an offer added on one side is kept together once both say it" same "$(json "[h.get('kept') for h in d['habits'] if h['id']=='play'][0]" <<<"$out")" shared
out=$(on alex together status --json)
check "the other side sees it at its next look" same "$(json "[h.get('kept') for h in d['habits'] if h['id']=='play'][0]" <<<"$out")" shared

# --- Leaving --------------------------------------------------------------------
before=$(on alex export --format json)
out=$(on alex together leave)
check "leave says what it kept" has "$out" "Your history and the folder are left as they are"
check "config.toml no longer names the folder" status_is 1 grep -q "^\[together\]" "$root/alex/.config/habits/config.toml"
check "the history is as it was" same "$(on alex export --format json)" "$before"
check "Alex's profiles stay in the folder" same "$(find "$us/people" -name profile.json | wc -l)" 3
out=$(on alex together status)
check "status after leave says so" has "$out" "You keep no habits together here"
check "leave again says there was nothing to leave" has "$(on alex together leave)" "You were not keeping habits together"
out=$(on alex together init "$us" --name Alex)
check "joining again continues as the same person" same "$(ls "$us/people" | wc -l)" 2

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The checks pass paths to `bash -c '...' _ ARGS` on purpose:
# shellcheck disable=SC2016
# Tests packaging/: install.sh into a temporary DESTDIR and into a temporary
# home, the installed binary finding its shipped schedules, one version in
# both binaries and the help, the unit (systemd-analyze verify), the
# autostart and desktop entries (desktop-file-validate) and the icon, the man
# pages (man --warnings), completion of habit ids in bash (the installed
# script's function, called as bash calls it) and in zsh and fish (typed with
# TAB into the real shells in tmux), uninstall.sh (everything gone, the
# user's data kept), and the .deb (build-deb.sh, its version, changelog,
# dependencies and copyright, dpkg-deb --contents, lintian without errors or
# warnings).
#
#   Tests/packaging/packaging_test.sh path/to/habits
#
# The binary may be a release or a debug build. For the .deb it must not link
# the Swift runtime dynamically (build with --static-swift-stdlib): with such
# a binary the .deb checks are skipped, and fail when CI=true.
# Installs the Debian packages it needs when they are missing (as root).
# Prints ok:/FAIL: per check and "N passed, N failed"; exits 1 on any failure.
# Leaves nothing behind: everything it makes is under one temporary folder.
set -uo pipefail

[[ $# -eq 1 && -n $1 ]] || {
  echo "usage: $0 path/to/habits" >&2
  exit 64
}
[[ -f $1 && -x $1 ]] || {
  echo "$0: $1 is not an executable file" >&2
  exit 64
}
binary=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
# `habits agent` hands over to habits-agent, built beside habits when the
# package has that product; install.sh installs it from there.
agent_binary=$(dirname "$binary")/habits-agent
[[ -x $agent_binary ]] || agent_binary=""
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
packaging=$repo/packaging

passed=0
failed=0
skipped=0
ok() {
  echo "ok: $*"
  passed=$((passed + 1))
}
fail() {
  echo "FAIL: $*"
  failed=$((failed + 1))
}
skip() {
  echo "skip: $*"
  skipped=$((skipped + 1))
}
# check DESCRIPTION COMMAND...: ok when the command succeeds.
check() {
  local name=$1
  shift
  if "$@"; then ok "$name"; else fail "$name"; fi
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/habits-packaging-test.XXXXXX")
agent_pid=""
# shellcheck disable=SC2317  # called by the trap
cleanup() {
  [[ -z $agent_pid ]] || kill -KILL "$agent_pid" 2>/dev/null
  [[ -z ${tmux_socket:-} ]] || tmux -L "$tmux_socket" kill-server 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
log=$tmp/log
packaging_before=$(cd "$packaging" && find . | sort)

finish() {
  # Nothing written into packaging/ (no dist/, no leftovers).
  check "packaging/ is as it was before the test" \
    test "$(cd "$packaging" && find . | sort)" == "$packaging_before"
  printf '%d passed, %d failed' "$passed" "$failed"
  ((skipped == 0)) || printf ', %d skipped' "$skipped"
  printf '\n'
  ((failed == 0))
  exit
}

# --- the tools, installed when missing ----------------------------------------

# command:package
needs=(systemd-analyze:systemd desktop-file-validate:desktop-file-utils lintian:lintian
  dpkg-shlibdeps:dpkg-dev dpkg-deb:dpkg strip:binutils man:man-db groff:groff-base
  python3:python3 gzip:gzip zsh:zsh fish:fish tmux:tmux)
missing=()
for need in "${needs[@]}"; do
  command -v "${need%%:*}" >/dev/null || missing+=("${need#*:}")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "installing the Debian packages this test needs: ${missing[*]}"
    apt-get update -qq >"$log" 2>&1 || cat "$log"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      "${missing[@]}" >"$log" 2>&1 || cat "$log"
  else
    echo "missing Debian packages (run as root: apt-get install ${missing[*]})"
  fi
fi
for need in "${needs[@]}"; do
  check "${need%%:*} is available (Debian package ${need#*:})" \
    bash -c 'command -v "$1" >/dev/null' _ "${need%%:*}"
done
((failed == 0)) || finish

# --- argument-parser's man page tool, built once -------------------------------

# In the build folder the binary came from (its packages are resolved and
# ArgumentParser is built there), else in a temporary one.
case $binary in
  "$repo"/.build*/*)
    rest=${binary#"$repo"/}
    scratch=$repo/${rest%%/*}
    ;;
  *) scratch=$tmp/scratch ;;
esac
export HABITS_SCRATCH_PATH=${HABITS_SCRATCH_PATH:-$scratch}
if [[ -z ${HABITS_GENERATE_MANUAL:-} ]]; then
  echo "building argument-parser's generate-manual in $HABITS_SCRATCH_PATH"
  if (cd "$repo" && swift build --scratch-path "$HABITS_SCRATCH_PATH" --product generate-manual) >"$log" 2>&1; then
    HABITS_GENERATE_MANUAL=$(cd "$repo" && swift build --scratch-path "$HABITS_SCRATCH_PATH" --show-bin-path)/generate-manual
  else
    cat "$log"
  fi
fi
check "argument-parser's generate-manual tool is built" test -x "${HABITS_GENERATE_MANUAL:-/nonexistent}"
((failed == 0)) || finish
export HABITS_GENERATE_MANUAL

# --- what an install must hold --------------------------------------------------

# Paths relative to the prefix; the unit's directory is passed in.
expected_files() {
  local prefix=$1 unit_dir=$2 schedule sub
  echo "$prefix/bin/habits"
  if [[ -n $agent_binary ]]; then
    echo "$prefix/bin/habits-agent"
    echo "$prefix/share/man/man1/habits-agent.1"
  fi
  for schedule in "$repo"/schedules/*.toml; do
    echo "$prefix/share/habits/schedules/$(basename "$schedule")"
  done
  echo "$prefix/share/bash-completion/completions/habits"
  echo "$prefix/share/zsh/site-functions/_habits"
  echo "$prefix/share/fish/vendor_completions.d/habits.fish"
  echo "$prefix/share/man/man1/habits.1"
  echo "$prefix/share/man/man5/habits.5"
  for sub in "${subcommands[@]}"; do
    echo "$prefix/share/man/man1/habits.$sub.1"
  done
  echo "$unit_dir/habits-agent.service"
  echo "$prefix/share/habits/autostart/habits-agent.desktop"
  echo "$prefix/share/applications/habits.desktop"
  echo "$prefix/share/icons/hicolor/scalable/apps/habits.svg"
  echo "$prefix/share/habits/install-manifest"
}
# The subcommands, nested ones too (sync.init), from the binary's own
# description of itself.
mapfile -t subcommands < <("$binary" --experimental-dump-help | python3 -c '
import json, sys
def walk(command, prefix):
    for sub in command.get("subcommands", []):
        if sub["commandName"] != "help":
            print(prefix + sub["commandName"])
            walk(sub, prefix + sub["commandName"] + ".")
walk(json.load(sys.stdin)["command"], "")')
check "the binary lists its subcommands (--experimental-dump-help)" test "${#subcommands[@]}" -gt 5
mapfile -t shipped_ids < <(for f in "$repo"/schedules/*.toml; do basename "$f" .toml; done)
check "the repository ships schedules" test "${#shipped_ids[@]}" -gt 0

manifest_files() { grep -v -e '^#' -e '/$' -e '^$' "$1" | sort; }
files_under() { (cd "$1" && find . -type f -o -type l) | sed 's|^\.||' | sort; }

# --- install into a DESTDIR with PREFIX=/usr/local -----------------------------

dest=$tmp/dest
home=$tmp/home
mkdir -p "$dest" "$home"
prefix=/usr/local
if DESTDIR=$dest PREFIX=$prefix HABITS_BINARY=$binary "$packaging/install.sh" >"$log" 2>&1; then
  ok "install.sh DESTDIR=<tmp> PREFIX=$prefix HABITS_BINARY=<binary>"
else
  cat "$log"
  fail "install.sh DESTDIR=<tmp> PREFIX=$prefix HABITS_BINARY=<binary>"
  finish
fi

# Without HABITS_BINARY, install.sh builds the binaries as they ship, through
# packaging/build-release.sh: a stand-in `swift` first on PATH notes what it is
# asked and hands back the binaries under test as what it built.
fake=$tmp/fake-swift
mkdir -p "$fake/bin"
cp "$binary" "$fake/bin/habits"
[[ -x $agent_binary ]] && cp "$agent_binary" "$fake/bin/habits-agent"
cat >"$fake/swift" <<FAKE
#!/bin/sh
printf '%s\n' "\$*" >>"$fake/calls"
case " \$* " in *" --show-bin-path "*) echo "$fake/bin" ;; esac
FAKE
chmod +x "$fake/swift"
if DESTDIR=$tmp/dest-built PREFIX=$prefix PATH="$fake:$PATH" "$packaging/install.sh" >"$log" 2>&1; then
  ok "install.sh DESTDIR=<tmp> PREFIX=$prefix, building the binaries itself"
else
  cat "$log"
  fail "install.sh DESTDIR=<tmp> PREFIX=$prefix, building the binaries itself"
fi
for product in habits $([[ -x $agent_binary ]] && echo habits-agent); do
  check "install.sh builds $product as build-release.sh does (release, runtime linked in, no run path, direct metadata, function sections)" \
    grep -Eq -- "^build -c release --static-swift-stdlib --disable-local-rpath .*-disable-concrete-type-metadata-mangled-name-accessors .*-function-sections .*-ffunction-sections .*--product $product\$" "$fake/calls"
done
check "install.sh installs the binary it built" cmp -s "$binary" "$tmp/dest-built$prefix/bin/habits"

expected=$(expected_files "$prefix" "$prefix/lib/systemd/user" | sort)
while IFS= read -r path; do
  check "installed $path" test -f "$dest$path"
done <<<"$expected"
check "nothing else is installed" test "$(files_under "$dest")" == "$expected"
check "the manifest lists exactly the installed files" \
  test "$(manifest_files "$dest$prefix/share/habits/install-manifest")" == "$(files_under "$dest")"
check "the manifest lists only directories the install created" \
  test "$(grep '/$' "$dest$prefix/share/habits/install-manifest" | sed 's|/$||' | sort)" == \
  "$(cd "$dest" && find . -mindepth 1 -type d | sed 's|^\.||' | sort)"
check "the binary is installed 0755, identical to the one given" \
  bash -c '[[ $(stat -c %a "$1") == 755 ]] && cmp -s "$1" "$2"' _ "$dest$prefix/bin/habits" "$binary"
if [[ -n $agent_binary ]]; then
  check "habits-agent is installed 0755 beside habits, identical to the one built" \
    bash -c '[[ $(stat -c %a "$1") == 755 ]] && cmp -s "$1" "$2"' _ "$dest$prefix/bin/habits-agent" "$agent_binary"
fi
check "every other installed file is 0644" \
  test -z "$(find "$dest" -type f ! -path "*/bin/habits" ! -path "*/bin/habits-agent" ! -perm 0644)"
for shipped in "$repo"/schedules/*.toml; do
  check "shipped schedule $(basename "$shipped") is installed unchanged" \
    cmp -s "$shipped" "$dest$prefix/share/habits/schedules/$(basename "$shipped")"
done

unit=$dest$prefix/lib/systemd/user/habits-agent.service
entry=$dest$prefix/share/habits/autostart/habits-agent.desktop
check "the unit runs the installed binary: ExecStart=$prefix/bin/habits agent" \
  grep -qx "ExecStart=$prefix/bin/habits agent" "$unit"
check "the autostart entry runs the installed binary: Exec=$prefix/bin/habits agent" \
  grep -qx "Exec=$prefix/bin/habits agent" "$entry"
check "the autostart entry is skipped once the binary is gone: TryExec=$prefix/bin/habits" \
  grep -qx "TryExec=$prefix/bin/habits" "$entry"
app_entry=$dest$prefix/share/applications/habits.desktop
icon=$dest$prefix/share/icons/hicolor/scalable/apps/habits.svg
check "no @VARIABLE@ is left in the unit or the entries" \
  bash -c '! grep -q "@[A-Z_]*@" "$@"' _ "$unit" "$entry" "$app_entry"
# The notifications' desktop-entry hint is "habits": this file is what GNOME
# and KDE match it with, to list habits in their notification settings.
for line in "Exec=$prefix/bin/habits agent" "TryExec=$prefix/bin/habits" 'Type=Application' \
  'NoDisplay=true' 'X-GNOME-UsesNotifications=true' 'Icon=habits'; do
  check "the desktop entry habits.desktop has $line" grep -qx -- "$line" "$app_entry"
done
check "the icon is an SVG image (well-formed XML, an <svg> with a viewBox)" python3 -c '
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
sys.exit(root.tag != "{http://www.w3.org/2000/svg}svg" or "viewBox" not in root.attrib)' "$icon"
check "the installed icon is the shipped packaging/habits.svg" cmp -s "$packaging/habits.svg" "$icon"

bash_completion=$dest$prefix/share/bash-completion/completions/habits
check "the bash completion parses (bash -n) and has no #! line" \
  bash -c 'bash -n "$1" && ! head -n 1 "$1" | grep -q "^#!"' _ "$bash_completion"
check "the bash completion defines and registers _habits" \
  bash -c 'source "$1" && complete -p habits | grep -q "_habits"' _ "$bash_completion"
check "the zsh completion is a #compdef habits file" \
  grep -qx '#compdef habits' "$dest$prefix/share/zsh/site-functions/_habits"
check "the fish completion completes habits" \
  grep -Eq "^complete -c '?habits'? " "$dest$prefix/share/fish/vendor_completions.d/habits.fish"
check "the zsh completion parses (zsh -n)" zsh -n "$dest$prefix/share/zsh/site-functions/_habits"
check "the fish completion parses (fish -n)" fish -n "$dest$prefix/share/fish/vendor_completions.d/habits.fish"

for page in "$dest$prefix"/share/man/man1/*.1 "$dest$prefix"/share/man/man5/*.5; do
  # From the man tree's root, where ".so man1/..." aliases resolve.
  section=$(basename "$(dirname "$page")")
  warnings=$(cd "$dest$prefix/share/man" &&
    LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l "$section/$(basename "$page")" 2>&1 >/dev/null)
  check "man page $section/$(basename "$page") renders without warnings" test -z "$warnings"
  [[ -z $warnings ]] || echo "$warnings" | head -n 5
done
check "man 5 habits describes every schedule and config.toml key, with the version" bash -c '
  text=$(MANWIDTH=200 man -l "$1" 2>/dev/null)
  for word in title practice description when enabled start target goal prompts nudge repeat until \
    day_starts_at week_starts quiet_hours summary catch_up notifier fallback "habits $2"; do
    grep -qw -- "$word" <<<"$text" || { echo "missing: $word"; exit 1; }
  done
  ! grep -q "@[A-Z_]*@" <<<"$text"' _ "$dest$prefix/share/man/man5/habits.5" "$("$binary" --version)"
check "man habits documents every subcommand" bash -c '
  text=$(MANWIDTH=200 man -l "$1" 2>/dev/null); shift
  for sub in "$@"; do grep -qw -- "$sub" <<<"$text" || { echo "missing: $sub"; exit 1; }; done' \
  _ "$dest$prefix/share/man/man1/habits.1" "${subcommands[@]}"

# --- the installed binary -------------------------------------------------------

installed=$dest$prefix/bin/habits
run_clean() { env -u XDG_CONFIG_HOME -u XDG_DATA_HOME -u HABITS_SCHEDULES -u HABITS_DB HOME="${clean_home:-$home}" "$@"; }
check "installed habits check <installed schedules> passes" \
  run_clean "$installed" check "$dest$prefix/share/habits/schedules"
list=$(cd "$tmp" && run_clean "$installed" list --color never 2>&1)
status=$?
check "installed habits list (HOME empty, no --schedules) succeeds" test "$status" -eq 0
[[ $status -eq 0 ]] || echo "$list"
for id in "${shipped_ids[@]}"; do
  check "installed habits list falls back to the shipped '$id'" grep -qw -- "$id" <<<"$list"
done
check "installed habits list wrote nothing into the empty HOME" test -z "$(ls -A "$home")"

# --- one version: both binaries and the help ------------------------------------

version=$("$binary" --version)
check "habits --version prints a version (got '$version')" \
  bash -c '[[ $1 =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]' _ "$version"
check "the installed habits --version prints it" test "$(run_clean "$installed" --version)" == "$version"
if [[ -n $agent_binary ]]; then
  check "the installed habits-agent --version prints the same version" \
    test "$(run_clean "$dest$prefix/bin/habits-agent" --version 2>&1)" == "$version"
fi
check "habits --help names the same version" \
  bash -c '"$1" --help | grep -qx "habits $2"' _ "$installed" "$version"

# --- completion of habit ids, in the shells themselves --------------------------

# The commands whose HABIT positional completes with the schedules' ids.
habit_commands=('done' undo skip snooze stats log calendar next)
comp_home=$tmp/completion-home
comp_dir=$tmp/completion-schedules
mkdir -p "$comp_home" "$comp_dir"
for name in tea quality-time questions; do printf 'when = "daily at 9:00"\n' >"$comp_dir/$name.toml"; done
touch "$comp_dir/.hidden.toml" "$comp_dir/notes.txt"
comp_path=$dest$prefix/bin:/usr/bin:/bin

# complete_bash WORD...: what the installed bash completion offers for the
# last word: its function, called with the variables bash sets on TAB.
complete_bash() {
  env -i PATH="$comp_path" HOME="$comp_home" bash --norc --noprofile -c '
    source "$1"
    shift
    COMP_WORDS=("$@")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMP_LINE="${COMP_WORDS[*]}"
    COMP_POINT=${#COMP_LINE}
    COMPREPLY=()
    _habits habits "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
    ((${#COMPREPLY[@]} == 0)) || printf "%s\n" "${COMPREPLY[@]}"' _ "$bash_completion" "$@"
}
check "bash: 'habits done <TAB>' offers every shipped habit id (empty HOME)" \
  test "$(complete_bash habits 'done' '')" == "$(printf '%s\n' "${shipped_ids[@]}" | sort)"
for command in "${habit_commands[@]}"; do
  check "bash: 'habits $command --schedules DIR q<TAB>' offers the ids in DIR" \
    test "$(complete_bash habits "$command" --schedules "$comp_dir" q)" == "$(printf 'quality-time\nquestions')"
done
check "bash: 'habits done --schedules=DIR <TAB>' offers only habit ids (no hidden file, no other file)" \
  test "$(complete_bash habits 'done' --schedules="$comp_dir" '')" == "$(printf 'quality-time\nquestions\ntea')"
check "bash: 'habits list <TAB>' offers no habit ids (list takes none)" \
  bash -c '! grep -qx tea <<<"$1"' _ "$(complete_bash habits list --schedules "$comp_dir" '')"

# The ids in the user's own folder, where every command finds them.
mkdir -p "$comp_home/.config/habits/schedules"
printf 'when = "daily at 9:00"\n' >"$comp_home/.config/habits/schedules/walk-together.toml"
check "bash: 'habits undo w<TAB>' offers the ids in ~/.config/habits/schedules" \
  test "$(complete_bash habits undo w)" == "walk-together"

# zsh and fish: an interactive shell in tmux, a line typed, then TAB; the
# screen must show the completed line within 10 s.
# One tmux server per shell: a server that was just killed may still be
# going away when the next would start on its socket.
tmux_socket=""
tmux_run() { tmux -L "$tmux_socket" -f /dev/null "$@"; }
# screen_shows TEXT: waits up to 10 s for a line of the screen to be TEXT.
screen_shows() {
  local _ screen
  for _ in $(seq 100); do
    screen=$(tmux_run capture-pane -p -t complete 2>/dev/null | sed 's/[[:space:]]*$//')
    grep -qxF -- "$1" <<<"$screen" && return 0
    sleep 0.1
  done
  echo "the screen, waiting for: $1"
  tmux_run capture-pane -p -t complete 2>/dev/null | grep -v '^[[:space:]]*$'
  return 1
}
# shell_completes NAME COMMAND...: starts COMMAND, an interactive shell whose
# prompt is "READY> " with habits' completion loaded, and completes two
# lines in it with TAB.
shell_completes() {
  local name=$1
  shift
  tmux_socket=habits-packaging-test-$$-$name
  tmux_run new-session -d -s complete -x 200 -y 30 \
    env -i PATH="$comp_path" HOME="$comp_home" TERM=screen "$@"
  if screen_shows "READY>"; then
    tmux_run send-keys -t complete "habits done --schedules $comp_dir qua" Tab
    check "$name: 'habits done --schedules DIR qua<TAB>' completes to quality-time" \
      screen_shows "READY> habits done --schedules $comp_dir quality-time"
    tmux_run send-keys -t complete C-u "habits calendar wal" Tab
    check "$name: 'habits calendar wal<TAB>' completes from ~/.config/habits/schedules" \
      screen_shows "READY> habits calendar walk-together"
  else
    fail "$name starts in tmux with habits' completion loaded"
  fi
  tmux_run kill-server 2>/dev/null
}
mkdir -p "$tmp/zdotdir"
printf '%s\n' "fpath=($dest$prefix/share/zsh/site-functions \$fpath)" \
  'autoload -Uz compinit && compinit -u -D' "PS1='READY> '" >"$tmp/zdotdir/.zshrc"
shell_completes zsh env ZDOTDIR="$tmp/zdotdir" zsh -i
shell_completes fish fish --no-config -i -C \
  "set -p fish_complete_path $dest$prefix/share/fish/vendor_completions.d; function fish_prompt; echo -n 'READY> '; end"

# `habits agent` as the unit starts it: it must become the installed
# habits-agent (same process, through exec), keep running, refuse a second
# agent with 75 (RestartPreventExitStatus) and stop cleanly on SIGTERM.
mkdir -p "$tmp/agent/run" "$tmp/agent/home"
chmod 700 "$tmp/agent/run"
agent_env=(env -u DBUS_SESSION_BUS_ADDRESS -u XDG_CONFIG_HOME -u XDG_DATA_HOME -u HABITS_SCHEDULES
  -u HABITS_DB HOME="$tmp/agent/home" XDG_RUNTIME_DIR="$tmp/agent/run" HABITS_DB="$tmp/agent/habits.sqlite3")
(cd "$tmp" && exec "${agent_env[@]}" "$installed" agent) >"$tmp/agent/out" 2>&1 &
agent_pid=$!
# Running and not yet a zombie (an exited child stays one until `wait`).
alive() {
  local state
  state=$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)
  [[ -n $state && $state != Z ]]
}
running=false
for _ in $(seq 100); do
  grep -q 'running' "$tmp/agent/out" 2>/dev/null && running=true && break
  alive "$agent_pid" || break
  sleep 0.1
done
alive "$agent_pid" || running=false
check "installed habits agent starts on the shipped schedules and keeps running" test "$running" == true
if [[ -n $agent_binary ]]; then
  check "installed habits agent became the installed habits-agent (exec, same pid)" \
    test "$(readlink "/proc/$agent_pid/exe")" == "$dest$prefix/bin/habits-agent"
fi
(cd "$tmp" && "${agent_env[@]}" "$installed" agent) >"$log" 2>&1
status=$?
check "a second habits agent exits 75 (already running)" test "$status" -eq 75
kill -TERM "$agent_pid" 2>/dev/null
for _ in $(seq 100); do
  alive "$agent_pid" || break
  sleep 0.1
done
if alive "$agent_pid"; then
  echo "habits agent did not stop within 10 s of SIGTERM"
  kill -KILL "$agent_pid"
fi
wait "$agent_pid"
status=$?
agent_pid=""
check "habits agent stops with status 0 on SIGTERM" test "$status" -eq 0
[[ $status -eq 0 && $running == true ]] || cat "$tmp/agent/out"

# --- the unit and the entry, as systemd and desktops read them --------------------

# verify checks that ExecStart's binary exists, so it reads a copy whose path
# points into the DESTDIR, and finds the man pages of Documentation= there too.
mkdir -p "$tmp/verify" "$tmp/run"
chmod 700 "$tmp/run"
sed "s|^ExecStart=$prefix/bin/|ExecStart=$dest$prefix/bin/|" "$unit" >"$tmp/verify/habits-agent.service"
check "the verified copy differs from the installed unit only in ExecStart's path" \
  test "$(diff "$unit" "$tmp/verify/habits-agent.service" | grep -c '^[<>]')" -eq 2
verify=$(XDG_RUNTIME_DIR=$tmp/run MANPATH=$dest$prefix/share/man \
  systemd-analyze --user verify "$tmp/verify/habits-agent.service" 2>&1)
status=$?
check "systemd-analyze --user verify accepts the unit (man pages checked too)" \
  test "$status" -eq 0 -a -z "$verify"
[[ -z $verify ]] || echo "$verify"
for line in 'Restart=on-failure' 'RestartPreventExitStatus=64 75' 'WantedBy=graphical-session.target' \
  'PartOf=graphical-session.target' 'After=graphical-session.target'; do
  check "the unit has $line" grep -qx "$line" "$unit"
done
for desktop_file in "$entry" "$app_entry"; do
  validate=$(desktop-file-validate "$desktop_file" 2>&1)
  status=$?
  check "desktop-file-validate accepts $(basename "$desktop_file")" test "$status" -eq 0 -a -z "$validate"
  [[ -z $validate ]] || echo "$validate"
done

# --- uninstall from the DESTDIR ---------------------------------------------------

if DESTDIR=$dest PREFIX=$prefix "$packaging/uninstall.sh" >"$log" 2>&1; then
  ok "uninstall.sh DESTDIR=<tmp> PREFIX=$prefix"
else
  cat "$log"
  fail "uninstall.sh DESTDIR=<tmp> PREFIX=$prefix"
fi
check "uninstall removed every file and every directory the install made" \
  test -z "$(find "$dest" -mindepth 1)"

# --- install into a home, the default PREFIX, beside the user's data ------------------

# ~/.local/share/habits holds the user's check-ins next to the shipped
# schedules: uninstall must take the one and leave the other.
mkdir -p "$home/.local/share/habits" "$home/.config/habits/schedules" "$home/.local/bin"
printf 'SQLite format 3\0 not really, but the user'"'"'s\n' >"$home/.local/share/habits/habits.sqlite3"
printf 'wal\n' >"$home/.local/share/habits/habits.sqlite3-wal"
cp "$repo/schedules/${shipped_ids[0]}.toml" "$home/.config/habits/schedules/mine.toml"
printf '# my settings\n' >"$home/.config/habits/config.toml"
printf 'keep me\n' >"$home/.local/bin/other-tool"
# Another program's desktop entry, in the folder habits.desktop goes to.
mkdir -p "$home/.local/share/applications"
printf '[Desktop Entry]\nType=Application\nName=Other\nExec=other-tool\n' \
  >"$home/.local/share/applications/other.desktop"
user_data_sum() { (cd "$home" && find .config .local/share/habits/habits.sqlite3* .local/bin/other-tool .local/share/applications/other.desktop -type f -exec md5sum {} + | sort); }
before=$(user_data_sum)
if run_clean PATH="$PATH" HABITS_BINARY="$binary" "$packaging/install.sh" >"$log" 2>&1; then
  ok "install.sh with HOME=<tmp> and the default PREFIX (~/.local)"
else
  cat "$log"
  fail "install.sh with HOME=<tmp> and the default PREFIX (~/.local)"
fi
home_expected=$(expected_files "$home/.local" "$home/.local/share/systemd/user" | sort)
check "a home install puts the unit where systemd --user looks (~/.local/share/systemd/user)" \
  test -f "$home/.local/share/systemd/user/habits-agent.service"
check "the home install's manifest lists exactly what it installed" \
  test "$(manifest_files "$home/.local/share/habits/install-manifest")" == "$home_expected"
check "the home install's unit runs $home/.local/bin/habits" \
  grep -qx "ExecStart=$home/.local/bin/habits agent" "$home/.local/share/systemd/user/habits-agent.service"
check "a home install puts habits.desktop and the icon where desktops look (~/.local/share)" \
  test -f "$home/.local/share/applications/habits.desktop" \
  -a -f "$home/.local/share/icons/hicolor/scalable/apps/habits.svg"
check "the home install's desktop entry runs $home/.local/bin/habits" \
  grep -qx "Exec=$home/.local/bin/habits agent" "$home/.local/share/applications/habits.desktop"
check "the home install leaves the user's data alone" test "$(user_data_sum)" == "$before"
# An earlier install shipped a schedule this one does not: the upgrade removes it.
retired=$home/.local/share/habits/schedules/retired.toml
printf 'title = "Retired"\n' >"$retired"
sed -i "s|^$home/.local/share/habits/install-manifest\$|$retired\n&|" \
  "$home/.local/share/habits/install-manifest"
if run_clean PATH="$PATH" HABITS_BINARY="$binary" "$packaging/install.sh" >"$log" 2>&1; then
  ok "install.sh again over the home install (upgrade in place)"
else
  cat "$log"
  fail "install.sh again over the home install (upgrade in place)"
fi
check "the upgrade removed a file the earlier install had and this one does not ship" \
  test ! -e "$retired"
check "after the upgrade the manifest still lists exactly what is installed" \
  test "$(manifest_files "$home/.local/share/habits/install-manifest")" == "$home_expected"
check "the upgrade leaves the user's data alone" test "$(user_data_sum)" == "$before"
if run_clean PATH="$PATH" "$packaging/uninstall.sh" >"$log" 2>&1; then
  ok "uninstall.sh with HOME=<tmp> and the default PREFIX"
else
  cat "$log"
  fail "uninstall.sh with HOME=<tmp> and the default PREFIX"
fi
left=$(while IFS= read -r path; do [[ -e $path ]] && echo "$path"; done <<<"$home_expected")
check "uninstall removed every file of the home install" test -z "$left"
[[ -z $left ]] || echo "$left"
check "the user's check-ins, schedules, config and other files are untouched" \
  test "$(user_data_sum)" == "$before"
check "nothing but the user's own files is left in the home" \
  test "$(cd "$home" && find . -type f | sort)" == "$(printf '%s\n' ./.config/habits/config.toml \
    ./.config/habits/schedules/mine.toml ./.local/bin/other-tool \
    ./.local/share/applications/other.desktop \
    ./.local/share/habits/habits.sqlite3 ./.local/share/habits/habits.sqlite3-wal | sort)"
check "uninstall removed the directories it created and kept the user's" \
  test "$(cd "$home" && find . -mindepth 1 -type d | sort)" == "$(printf '%s\n' ./.config \
    ./.config/habits ./.config/habits/schedules ./.local ./.local/bin ./.local/share \
    ./.local/share/applications ./.local/share/habits | sort)"

# --- the Debian package -------------------------------------------------------------

dynamic_swift=$(ldd "$binary" 2>/dev/null | grep -c 'libswiftCore\.so' || true)
if [[ $dynamic_swift != 0 ]]; then
  if OUTDIR=$tmp/deb "$packaging/build-deb.sh" "$binary" >"$log" 2>&1; then
    fail "build-deb.sh refuses a binary that links the Swift runtime dynamically"
  else
    check "build-deb.sh refuses a binary that links the Swift runtime dynamically" \
      grep -q 'come from no Debian package' "$log"
  fi
  if [[ ${CI:-} == true ]]; then
    fail "the .deb checks need a binary built with --static-swift-stdlib; $binary links libswiftCore.so"
  else
    skip "the .deb checks: $binary links the Swift runtime dynamically (build with --static-swift-stdlib; in CI this fails)"
  fi
  finish
fi

arch=$(dpkg --print-architecture)
deb=$tmp/deb/habits_${version}_${arch}.deb
if OUTDIR=$tmp/deb DEB_COMPRESSION=gzip "$packaging/build-deb.sh" "$binary" >"$log" 2>&1 &&
  [[ $(tail -n 1 "$log") == "$deb" ]]; then
  ok "build-deb.sh <binary> builds $(basename "$deb")"
else
  cat "$log"
  fail "build-deb.sh <binary> builds $(basename "$deb")"
  finish
fi
# The path of each member (for a symlink, the field before "->").
contents=$(dpkg-deb --contents "$deb" |
  awk '{ for (i = 1; i <= NF; i++) if ($i == "->") { print $(i - 1); next }; print $NF }' |
  sed 's|^\./|/|')
for path in /usr/bin/habits /usr/lib/systemd/user/habits-agent.service \
  /usr/share/man/man1/habits.1.gz /usr/share/bash-completion/completions/habits \
  /usr/share/zsh/site-functions/_habits /usr/share/fish/vendor_completions.d/habits.fish \
  /usr/share/habits/autostart/habits-agent.desktop /usr/share/applications/habits.desktop \
  /usr/share/icons/hicolor/scalable/apps/habits.svg /usr/share/doc/habits/copyright \
  /usr/share/man/man5/habits.5.gz; do
  check "the .deb holds $path" grep -qx -- "$path" <<<"$contents"
done
for sub in "${subcommands[@]}"; do
  check "the .deb holds /usr/share/man/man1/habits.$sub.1.gz" grep -qx -- "/usr/share/man/man1/habits.$sub.1.gz" <<<"$contents"
done
for id in "${shipped_ids[@]}"; do
  check "the .deb holds the schedule $id.toml" grep -qx -- "/usr/share/habits/schedules/$id.toml" <<<"$contents"
done
check "the .deb holds a Debian changelog" grep -Eqx '/usr/share/doc/habits/changelog(\.Debian)?\.gz' <<<"$contents"
check "the .deb's Version is the binaries' version, $version" test "$(dpkg-deb -f "$deb" Version)" == "$version"
check "the .deb holds no install-manifest (dpkg keeps its own list)" \
  bash -c '! grep -q install-manifest <<<"$1"' _ "$contents"
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
check "the .deb's Depends is not empty" test -n "$depends"
check "the .deb depends on tzdata (zones are read from /usr/share/zoneinfo)" \
  grep -Eq '(^|, )tzdata( |,|$)' <<<"$depends"
check "the .deb recommends a notification server (notification-daemon, or dunst)" \
  test "$(dpkg-deb -f "$deb" Recommends)" == "dunst | notification-daemon"
check "the .deb is Section utils, Priority optional, Architecture $arch" \
  test "$(dpkg-deb -f "$deb" Section Priority Architecture | tr '\n' ' ')" == \
  "Section: utils Priority: optional Architecture: $arch "

mkdir -p "$tmp/unpacked"
dpkg-deb -x "$deb" "$tmp/unpacked"
# The libraries the packaged binaries name (NEEDED) that the issue cares about.
needed=$(for bin in "$tmp"/unpacked/usr/bin/*; do readelf -d "$bin"; done | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort -u)
for pair in libc.so.6:libc6 libnotify.so.4:libnotify4 libsqlite3.so.0:libsqlite3-0; do
  if grep -qx "${pair%%:*}" <<<"$needed"; then
    check "the .deb depends on ${pair#*:} (the binaries link ${pair%%:*})" \
      grep -Eq "(^|, )${pair#*:}( |,|$)" <<<"$depends"
  fi
done
if [[ -n $agent_binary ]]; then
  check "the packaged habits-agent links libnotify.so.4 (so dpkg-shlibdeps saw it)" \
    bash -c 'readelf -d "$1" | grep -q "(NEEDED).*\[libnotify\.so\.4\]"' _ "$tmp/unpacked/usr/bin/habits-agent"
  check "the .deb holds /usr/bin/habits-agent and its man page link" \
    bash -c 'grep -qx /usr/bin/habits-agent <<<"$1" && grep -q "^/usr/share/man/man1/habits-agent.1.gz" <<<"$1"' _ "$contents"
fi
changelog_text=$(gzip -dc "$tmp/unpacked/usr/share/doc/habits/changelog.gz")
check "the Debian changelog's entry is for $version" \
  test "$(head -n 1 <<<"$changelog_text")" == "habits ($version) unstable; urgency=medium"
# The first bullet of CHANGELOG.md's newest release, its first five words.
first_item=$(sed -n "/^## \[$version\]/,/^## \[/p" "$repo/CHANGELOG.md" | sed -n 's/^- //p' | head -n 1 |
  cut -d' ' -f1-5)
check "the Debian changelog has CHANGELOG.md's items for $version ('$first_item …')" \
  bash -c '[[ -n $2 ]] && grep -qF -- "- $2" <<<"$1"' _ "$changelog_text" "$first_item"
check "no item line of the Debian changelog is longer than 80 columns" \
  bash -c 'awk "/^  / && length(\$0) > 80 { bad = 1 } END { exit bad }" <<<"$1"' _ "$changelog_text"
copyright=$tmp/unpacked/usr/share/doc/habits/copyright
# Every Swift package the binaries link (Package.resolved, less the test-only
# swift-property-based) and the toolchain's libraries have a Files paragraph.
mapfile -t packages < <(python3 -c '
import json, sys
for pin in json.load(open(sys.argv[1]))["pins"]:
    if pin["identity"] != "swift-property-based":
        print(pin["location"].rstrip("/").split("/")[-1].removesuffix(".git"))' "$repo/Package.resolved")
check "Package.resolved names the packages the binaries link (${packages[*]})" test "${#packages[@]}" -ge 4
for component in "${packages[@]/#/.build/checkouts/}" swift swift-corelibs-foundation swift-foundation \
  swift-corelibs-libdispatch; do
  check "the copyright file has a Files paragraph for $component" grep -qxF "Files: $component/*" "$copyright"
done
# (grep -c reads all that strings writes: with -q, pipefail would see SIGPIPE.)
if [[ $(strings -n 8 "$binary" | grep -c '^icudt[0-9]*l/') -gt 0 ]]; then
  check "the binaries hold ICU's data, and the copyright file has a Files paragraph for ICU" \
    grep -qxF "Files: swift-foundation-icu/*" "$copyright"
fi
# The release binaries link libstdc++'s archive in (Package.swift) rather than
# load it, and have no run path (packaging/build-release.sh): the loader looks
# for their libraries where the system keeps them, and nowhere else first.
for bin in "$tmp"/unpacked/usr/bin/*; do
  check "the packaged $(basename "$bin") holds libstdc++ rather than loading libstdc++.so.6" \
    bash -c 'readelf -d "$1" >/dev/null && ! readelf -d "$1" | grep -q "(NEEDED).*\[libstdc++\.so"' _ "$bin"
  check "the packaged $(basename "$bin") has no run path" \
    bash -c 'readelf -d "$1" >/dev/null && ! readelf -d "$1" | grep -Eq "\((RUNPATH|RPATH)\)"' _ "$bin"
  # Built with a section for each function, the compiler's local functions
  # are gathered before the code (Sources/habits/local-functions.ld).
  check "the packaged $(basename "$bin") has its local functions gathered in .text.local, before .text" \
    bash -c 'readelf -SW "$1" | awk "/ \.text\.local / { l = NR } / \.text / { t = NR } END { exit !(l && t && l < t) }"' _ "$bin"
done
check "the copyright file has a Files paragraph for libstdc++, which the binaries hold" \
  grep -qxF "Files: gcc/libstdc++-v3/*" "$copyright"
check "the copyright file names the Apache-2.0 of habits itself" \
  bash -c 'sed -n "/^Files: \*$/,/^$/p" "$1" | grep -qx "License: Apache-2.0"' _ "$copyright"
check "packaging/build-deb.sh refuses a VERSION that is not the binaries' version" \
  bash -c '! VERSION=9.9.9 OUTDIR="$2/deb-refused" DEB_COMPRESSION=gzip "$1" "$3" >"$2/refused.log" 2>&1 &&
    grep -q "not the binaries'"'"' version" "$2/refused.log"' _ "$packaging/build-deb.sh" "$tmp" "$binary"

check "the packaged unit runs /usr/bin/habits agent" \
  grep -qx 'ExecStart=/usr/bin/habits agent' "$tmp/unpacked/usr/lib/systemd/user/habits-agent.service"
check "the packaged habits.desktop runs /usr/bin/habits agent and validates" \
  bash -c 'grep -qx "Exec=/usr/bin/habits agent" "$1" && [[ -z $(desktop-file-validate "$1" 2>&1) ]]' \
  _ "$tmp/unpacked/usr/share/applications/habits.desktop"
check "the packaged (stripped) binary runs habits check on the packaged schedules" \
  run_clean "$tmp/unpacked/usr/bin/habits" check "$tmp/unpacked/usr/share/habits/schedules"
mkdir -p "$tmp/empty-home"
list=$(cd "$tmp" && clean_home=$tmp/empty-home run_clean "$tmp/unpacked/usr/bin/habits" list --color never 2>&1)
check "the packaged binary falls back to the packaged schedules" grep -qw -- "${shipped_ids[0]}" <<<"$list"

lintian --allow-root --fail-on error,warning --display-info "$deb" >"$tmp/lintian.txt" 2>&1
status=$?
echo "lintian: $(grep -c '^E:' "$tmp/lintian.txt") errors, $(grep -c '^W:' "$tmp/lintian.txt") warnings, $(grep -c '^I:' "$tmp/lintian.txt") notes"
grep -E '^(E|W|I):' "$tmp/lintian.txt"
check "lintian finds no errors and no warnings in the .deb" \
  test "$status" -eq 0 -a "$(grep -c '^[EW]:' "$tmp/lintian.txt")" -eq 0

finish

#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Removes what packaging/install.sh installed: exactly the files listed in
# $PREFIX/share/habits/install-manifest, then the directories that install
# created, when they are empty. Never the user's schedules
# ($XDG_CONFIG_HOME/habits) or check-ins ($XDG_DATA_HOME/habits/habits.sqlite3),
# which the manifest does not list and which keep their directories non-empty.
#
#   packaging/uninstall.sh                      # what was installed into ~/.local
#   PREFIX=/usr/local packaging/uninstall.sh
#   DESTDIR=/tmp/stage PREFIX=/usr packaging/uninstall.sh
set -euo pipefail

die() {
  printf 'uninstall.sh: %s\n' "$*" >&2
  exit 1
}

PREFIX=${PREFIX:-${HOME:?set HOME or PREFIX}/.local}
DESTDIR=${DESTDIR:-}
[[ $PREFIX == /* ]] || die "PREFIX must be an absolute path, not '$PREFIX'"
PREFIX=${PREFIX%/}
DESTDIR=${DESTDIR%/}
manifest=$PREFIX/share/habits/install-manifest
[[ -f $DESTDIR$manifest ]] ||
  die "no install manifest at $DESTDIR$manifest: nothing installed there by install.sh (check PREFIX and DESTDIR)"

config_home=${XDG_CONFIG_HOME:-${HOME:-/nonexistent}/.config}
data_home=${XDG_DATA_HOME:-${HOME:-/nonexistent}/.local/share}

files=()
dirs=()
while IFS= read -r line; do
  case $line in
    '' | '#'*) continue ;;
  esac
  # Only plain absolute paths: nothing relative, no . or .. components.
  [[ $line == /* && $line != *'/./'* && $line != *'/../'* && $line != *'/..' &&
    $line != *'/.' && $line != *'//'* ]] ||
    die "refusing a suspicious manifest line: '$line'"
  case $line in
    */) dirs+=("${line%/}") ;;
    *) files+=("$line") ;;
  esac
done <"$DESTDIR$manifest"

# Belt and braces: whatever the manifest says, the user's own files stay.
is_user_data() {
  case $1 in
    "$config_home"/habits | "$config_home"/habits/*) return 0 ;;
    "$data_home"/habits/habits.sqlite3*) return 0 ;;
    */habits.sqlite3 | */habits.sqlite3-*) return 0 ;;
  esac
  return 1
}

# An agent started from the unit would keep running from a deleted binary, and
# an enabled unit would leave a dangling symlink: disable it first (only for
# the real system, not a DESTDIR).
if [[ -z $DESTDIR ]] && command -v systemctl >/dev/null &&
  systemctl --user is-enabled habits-agent.service >/dev/null 2>&1; then
  echo "systemctl --user disable --now habits-agent.service"
  systemctl --user disable --now habits-agent.service ||
    echo "note: could not disable habits-agent.service; run that command yourself"
fi

removed=0
for path in "${files[@]}"; do
  [[ $path == "$manifest" ]] && continue
  if is_user_data "$path"; then
    echo "keeping $path (user data)"
    continue
  fi
  if [[ -f $DESTDIR$path || -L $DESTDIR$path ]]; then
    rm -f "$DESTDIR$path"
    removed=$((removed + 1))
  elif [[ -e $DESTDIR$path ]]; then
    echo "note: $DESTDIR$path is no longer a file; left alone"
  fi
done
rm -f "$DESTDIR$manifest"
removed=$((removed + 1))

# Deepest first; rmdir leaves any directory that still holds something.
while IFS= read -r dir; do
  [[ -n $dir ]] || continue
  is_user_data "$dir" && continue
  rmdir "$DESTDIR$dir" 2>/dev/null || true
done < <(printf '%s\n' "${dirs[@]}" | awk '{ print length($0) "\t" $0 }' | sort -rn | cut -f2-)

echo "removed $removed files installed under ${DESTDIR}${PREFIX}"
if [[ -z $DESTDIR && -f $config_home/autostart/habits-agent.desktop ]]; then
  echo "note: $config_home/autostart/habits-agent.desktop is your copy of the autostart entry; delete it to stop starting the agent at login"
fi
if [[ -z $DESTDIR && -e $data_home/habits/habits.sqlite3 ]]; then
  echo "kept your check-ins in $data_home/habits/habits.sqlite3"
fi

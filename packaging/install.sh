#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs habits: the binaries, the shipped schedules, shell completions, man
# pages (habits.1 and its subcommands', habits.5 for the file formats), the
# systemd user unit, the XDG autostart entry, and the desktop entry and icon
# by which desktops know the notifications' sender. Writes the list of
# what it installed to $PREFIX/share/habits/install-manifest, which
# packaging/uninstall.sh reads. Running it again upgrades in place.
#
#   packaging/install.sh                        # into ~/.local
#   PREFIX=/usr/local packaging/install.sh      # as root, for every user
#   DESTDIR=/tmp/stage PREFIX=/usr packaging/install.sh   # for a package
#
# Environment:
#   PREFIX                 where to install (default $HOME/.local)
#   DESTDIR                staging root prepended to every path (default none)
#   HABITS_BINARY          install this binary instead of building one
#   HABITS_AGENT_BINARY    the habits-agent executable `habits agent` hands
#                          over to (default: the one beside HABITS_BINARY)
#   HABITS_SCRATCH_PATH    SwiftPM build folder (default .build-release)
#   HABITS_GENERATE_MANUAL argument-parser's generate-manual tool; built from
#                          the swift-argument-parser dependency when unset
#   SYSTEMD_USER_UNIT_DIR  where the unit goes (default: see unit_dir below)
#   SOURCE_DATE_EPOCH      date printed in the man pages (default: last commit)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")

die() {
  printf 'install.sh: %s\n' "$*" >&2
  exit 1
}
say() { printf '==> %s\n' "$*"; }

PREFIX=${PREFIX:-${HOME:?set HOME or PREFIX}/.local}
DESTDIR=${DESTDIR:-}
[[ $PREFIX == /* ]] || die "PREFIX must be an absolute path, not '$PREFIX'"
PREFIX=${PREFIX%/}
[[ -n $PREFIX ]] || die "PREFIX=/ is not supported; use PREFIX=/usr"
if [[ -n $DESTDIR ]]; then
  mkdir -p "$DESTDIR"
  DESTDIR=$(cd "$DESTDIR" && pwd)
  DESTDIR=${DESTDIR%/}
fi
scratch=${HABITS_SCRATCH_PATH:-.build-release}

# systemd's user manager reads units from $XDG_DATA_HOME/systemd/user
# (~/.local/share/systemd/user), $XDG_DATA_DIRS/systemd/user and
# /usr/local/lib/systemd/user, /usr/lib/systemd/user; never from
# ~/.local/lib/systemd/user. So /usr and /usr/local get lib/systemd/user (the
# distributions' place) and every other prefix share/systemd/user.
unit_dir_for() {
  case $1 in
    /usr | /usr/local) printf '%s/lib/systemd/user' "$1" ;;
    *) printf '%s/share/systemd/user' "$1" ;;
  esac
}
unit_dir=${SYSTEMD_USER_UNIT_DIR:-$(unit_dir_for "$PREFIX")}
unit_dir=${unit_dir%/}
[[ $unit_dir == /* ]] || die "SYSTEMD_USER_UNIT_DIR must be absolute, not '$unit_dir'"

bindir=$PREFIX/bin
datadir=$PREFIX/share/habits
manifest=$datadir/install-manifest

work=$(mktemp -d "${TMPDIR:-/tmp}/habits-install.XXXXXX")
trap 'rm -rf "$work"' EXIT

# --- the binary ------------------------------------------------------------

require_swift() {
  command -v swift >/dev/null ||
    die "swift is not on PATH (install the Swift 6.3 toolchain), or pass HABITS_BINARY=path"
}

swift_build() {
  require_swift
  (cd "$repo" && swift build --scratch-path "$scratch" "$@")
}

# The release build, made as build-release.sh makes it for every other use.
build_release() {
  require_swift
  (cd "$repo" && "$here/build-release.sh" --scratch-path "$scratch" "$@")
}

# `habits agent` hands over to the habits-agent executable beside it (the one
# that links libnotify), when the package has that product.
package_has_agent=false
grep -Eq '\.executable\(name: *"habits-agent"' "$repo/Package.swift" && package_has_agent=true

if [[ -n ${HABITS_BINARY:-} ]]; then
  binary=$HABITS_BINARY
  [[ -f $binary && -x $binary ]] || die "HABITS_BINARY=$binary is not an executable file"
else
  products=(habits)
  [[ $package_has_agent == true ]] && products+=(habits-agent)
  for product in "${products[@]}"; do
    say "packaging/build-release.sh --product $product --scratch-path $scratch"
    build_release --product "$product"
  done
  binary=$(build_release --show-bin-path)/habits
fi
binary=$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")
agent_binary=${HABITS_AGENT_BINARY:-$(dirname "$binary")/habits-agent}
if [[ -f $agent_binary && -x $agent_binary ]]; then
  agent_binary=$(cd "$(dirname "$agent_binary")" && pwd)/$(basename "$agent_binary")
elif [[ -n ${HABITS_AGENT_BINARY:-} ]]; then
  die "HABITS_AGENT_BINARY=$HABITS_AGENT_BINARY is not an executable file"
elif [[ $package_has_agent == true ]]; then
  die "no habits-agent beside $binary: 'habits agent' needs it (build it with: packaging/build-release.sh --product habits-agent), or pass HABITS_AGENT_BINARY=path"
else
  agent_binary=""
fi

# --- everything generated, made before anything is installed -------------

say "shell completions (argument-parser)"
mkdir -p "$work/completions"
for shell in bash zsh fish; do
  "$binary" --generate-completion-script "$shell" >"$work/completions/$shell" ||
    die "$binary --generate-completion-script $shell failed"
  [[ -s $work/completions/$shell ]] || die "the $shell completion script is empty"
done
# bash-completion sources the script; a #! line only misleads.
sed -i '1{/^#!/d}' "$work/completions/bash"

if [[ -n ${HABITS_GENERATE_MANUAL:-} ]]; then
  generate_manual=$HABITS_GENERATE_MANUAL
  [[ -x $generate_manual ]] || die "HABITS_GENERATE_MANUAL=$generate_manual is not executable"
else
  say "swift build --product generate-manual --scratch-path $scratch (argument-parser's man page tool)"
  swift_build --product generate-manual >"$work/generate-manual.log" 2>&1 || {
    cat "$work/generate-manual.log" >&2
    die "could not build argument-parser's generate-manual tool"
  }
  generate_manual=$(swift_build --show-bin-path)/generate-manual
fi

# The date in the man pages: SOURCE_DATE_EPOCH, else the last commit, else today.
if [[ -n ${SOURCE_DATE_EPOCH:-} ]]; then
  man_date=$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%d)
elif ! man_date=$(git -C "$repo" log -1 --format=%cs 2>/dev/null) || [[ -z $man_date ]]; then
  man_date=$(date -u +%Y-%m-%d)
fi

say "man pages (argument-parser's generate-manual)"
mkdir -p "$work/man-single" "$work/man-multi" "$work/man"
"$generate_manual" "$binary" --date "$man_date" --section 1 \
  --output-directory "$work/man-single" >/dev/null ||
  die "generate-manual failed on $binary"
"$generate_manual" "$binary" --date "$man_date" --section 1 --multi-page \
  --output-directory "$work/man-multi" >/dev/null ||
  die "generate-manual --multi-page failed on $binary"
# A blank line inside an mdoc text block is a paragraph break, which mdoc
# spells .Pp (groff warns about the blank line); the pages also get the final
# newline the multi-page ones lack.
tidy_mdoc() { awk '{ if ($0 == "") print ".Pp"; else print }' "$1" >"$2"; }
# A subcommand page names itself `.Nm "habits done"` (or `"habits sync init"`),
# which whatis/apropos cannot index (no spaces allowed in NAME): the NAME
# section gets habits.done (habits.sync.init), the page's file name, and the
# SYNOPSIS keeps the words.
tidy_subcommand_mdoc() {
  awk '
    /^\.Sh / { section = $0 }
    /^\.Nm "habits [a-z][a-z -]*"$/ && section == ".Sh NAME" && !named {
      named = 1; words = substr($0, 5)
      name = words; gsub(/"/, "", name); gsub(/ /, ".", name)
      print ".Nm " name; next
    }
    /^\.Nm$/ && named { print ".Nm " words; next }
    { if ($0 == "") print ".Pp"; else print }
  ' "$1" >"$2"
  grep -q '^\.Nm habits\.' "$2" || die "$(basename "$1"): no .Nm \"habits SUBCOMMAND\" in its NAME section"
}
# habits.1 is the single page (every subcommand in one); habits.SUB.1 are the
# per-subcommand pages. The multi-page habits.1 and the page for the built-in
# `help` subcommand are left out.
[[ -s $work/man-single/habits.1 ]] || die "generate-manual made no habits.1"
tidy_mdoc "$work/man-single/habits.1" "$work/man/habits.1"
for page in "$work/man-multi"/habits.*.1; do
  name=$(basename "$page")
  [[ $name == habits.help.1 ]] && continue
  tidy_subcommand_mdoc "$page" "$work/man/$name"
done

# The unit and the desktop entries, with the real path of the binary. Both
# formats would need quoting (and systemd %-escaping) for spaces and other
# special characters, so such a path is refused rather than half-supported.
[[ $bindir =~ ^[A-Za-z0-9._/+@-]+$ ]] ||
  die "the binary's directory '$bindir' has characters the unit and the desktop entry would need quoted; choose a plainer PREFIX"
for template in habits-agent.service habits-agent.desktop habits.desktop; do
  sed "s|@BINDIR@|$bindir|g" "$here/$template" >"$work/$template"
  ! grep -q '@[A-Z_]*@' "$work/$template" || die "$template: an @VARIABLE@ is left unsubstituted"
done

# habits.5, the schedule files and config.toml, written by hand: with the
# version the binary reports, the man pages' date and where the shipped
# schedules go (a path the check above keeps free of sed's and troff's
# special characters).
version=$("$binary" --version) || die "$binary --version failed"
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+([-+~][0-9A-Za-z.+~-]*)?$ ]] ||
  die "$binary --version printed '$version', not a version"
sed -e "s|@VERSION@|$version|g" -e "s|@DATE@|$man_date|g" -e "s|@DATADIR@|$datadir|g" \
  "$repo/docs/habits.5" >"$work/habits.5"
! grep -q '@[A-Z_]*@' "$work/habits.5" || die "habits.5: an @VARIABLE@ is left unsubstituted"

shopt -s nullglob
schedules=("$repo"/schedules/*.toml)
shopt -u nullglob
((${#schedules[@]})) || die "no schedules/*.toml in $repo"

# --- install ---------------------------------------------------------------

# Paths below are as the installed system sees them; "$DESTDIR$path" is where
# they are written. created_dirs: directories this install (or the one it
# upgrades) made, so that uninstall.sh can remove them when empty.
installed=()
created_dirs=()
old_files=()
if [[ -f $DESTDIR$manifest ]]; then
  while IFS= read -r line; do
    case $line in
      '' | '#'*) ;;
      */) [[ -d $DESTDIR$line ]] && created_dirs+=("${line%/}") ;;
      *) old_files+=("$line") ;;
    esac
  done <"$DESTDIR$manifest"
fi

make_dir() {
  local dir=$1 missing=()
  while [[ -n $dir && ! -d $DESTDIR$dir ]]; do
    missing+=("$dir")
    dir=$(dirname "$dir")
    [[ $dir == / ]] && break
  done
  ((${#missing[@]})) || return 0
  mkdir -p "$DESTDIR$1"
  created_dirs+=("${missing[@]}")
}

# put MODE SOURCE DEST
put() {
  local mode=$1 source=$2 dest=$3
  make_dir "$(dirname "$dest")"
  install -m "$mode" "$source" "$DESTDIR$dest"
  installed+=("$dest")
}

say "installing into ${DESTDIR}${PREFIX}"
put 0755 "$binary" "$bindir/habits"
if [[ -n $agent_binary ]]; then
  put 0755 "$agent_binary" "$bindir/habits-agent"
  # `man habits-agent` shows the page of `habits agent`.
  printf '.so man1/habits.agent.1\n' >"$work/habits-agent.1"
  put 0644 "$work/habits-agent.1" "$PREFIX/share/man/man1/habits-agent.1"
fi
for schedule in "${schedules[@]}"; do
  put 0644 "$schedule" "$datadir/schedules/$(basename "$schedule")"
done
put 0644 "$work/completions/bash" "$PREFIX/share/bash-completion/completions/habits"
put 0644 "$work/completions/zsh" "$PREFIX/share/zsh/site-functions/_habits"
put 0644 "$work/completions/fish" "$PREFIX/share/fish/vendor_completions.d/habits.fish"
for page in "$work/man"/*.1; do
  put 0644 "$page" "$PREFIX/share/man/man1/$(basename "$page")"
done
put 0644 "$work/habits.5" "$PREFIX/share/man/man5/habits.5"
put 0644 "$work/habits-agent.service" "$unit_dir/habits-agent.service"
put 0644 "$work/habits-agent.desktop" "$datadir/autostart/habits-agent.desktop"
# The notifications' desktop-entry hint names habits.desktop: GNOME and KDE
# list habits in their notification settings by it, with its icon, which the
# agent also shows on each notification.
put 0644 "$work/habits.desktop" "$PREFIX/share/applications/habits.desktop"
put 0644 "$here/habits.svg" "$PREFIX/share/icons/hicolor/scalable/apps/habits.svg"

# Files an earlier install put there that this one no longer ships.
for old in "${old_files[@]}"; do
  [[ $old == "$manifest" ]] && continue
  keep=false
  for path in "${installed[@]}"; do
    [[ $path == "$old" ]] && keep=true && break
  done
  if [[ $keep == false && ( -f $DESTDIR$old || -L $DESTDIR$old ) ]]; then
    echo "removing $old (installed before, no longer shipped)"
    rm -f "$DESTDIR$old"
  fi
done

make_dir "$datadir"
{
  echo "# habits install manifest: one path a line, as packaging/install.sh installed it."
  echo "# A path ending in / is a directory that the install created."
  echo "# packaging/uninstall.sh removes these files, then these directories if empty."
  printf '%s\n' "${installed[@]}" "$manifest"
  printf '%s\n' "${created_dirs[@]}" | sort -u -r | sed 's|$|/|'
} >"$DESTDIR$manifest.tmp"
mv "$DESTDIR$manifest.tmp" "$DESTDIR$manifest"
chmod 0644 "$DESTDIR$manifest"

echo "installed $((${#installed[@]} + 1)) files; the list is in $DESTDIR$manifest"
if [[ -z $DESTDIR ]]; then
  case ":$PATH:" in
    *":$bindir:"*) ;;
    *) echo "note: $bindir is not on your PATH; add it to run 'habits' by name." ;;
  esac
  case $unit_dir in
    "${XDG_DATA_HOME:-$HOME/.local/share}/systemd/user" | /usr/lib/systemd/user | \
      /usr/local/lib/systemd/user | /etc/systemd/user | "${XDG_CONFIG_HOME:-$HOME/.config}/systemd/user") ;;
    *) echo "note: systemd does not look for user units in $unit_dir; set SYSTEMD_USER_UNIT_DIR." ;;
  esac
  cat <<EOF

To start the agent at every login (systemd):
  systemctl --user daemon-reload
  systemctl --user enable --now habits-agent
Without systemd, use the XDG autostart entry:
  mkdir -p ~/.config/autostart && cp $datadir/autostart/habits-agent.desktop ~/.config/autostart/
To remove everything this installed (never your schedules or check-ins):
  PREFIX=$PREFIX $here/uninstall.sh
EOF
fi

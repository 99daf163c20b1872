#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds habits_<version>_<arch>.deb with dpkg-deb from a release binary:
# packaging/install.sh into a staging root with PREFIX=/usr, then the Debian
# parts (stripped binary, gzipped man pages, copyright, changelog, control
# with Depends computed by dpkg-shlibdeps, md5sums).
#
#   packaging/build-deb.sh                       # builds the release binary first
#   packaging/build-deb.sh path/to/habits        # or packages this one
#   VERSION=0.1.0-2 OUTDIR=/tmp packaging/build-deb.sh
#
# The version is the one `habits --version` prints (written once, in
# Sources/HabitsCore/HabitsVersion.swift); CHANGELOG.md must have a released
# section for it, which becomes the Debian changelog.
#
# Environment:
#   VERSION               package version: what `habits --version` prints
#                         (the default), or that with a Debian revision (-2)
#   DEB_HOMEPAGE          the control file's Homepage (default: none)
#   HABITS_BINARY         the binary to package (same as the first argument)
#   OUTDIR                where the .deb goes (default packaging/dist)
#   DEB_MAINTAINER        "Name <email>" (default: the author of the last commit)
#   SOURCE_DATE_EPOCH     timestamp of every file (default: the last commit)
#   DEB_COMPRESSION       xz (default), gzip (much faster, for tests), zstd or none
#   HABITS_SCRATCH_PATH, HABITS_GENERATE_MANUAL   passed on to install.sh
# Prints the path of the .deb as its last line.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")

die() {
  printf 'build-deb.sh: %s\n' "$*" >&2
  exit 1
}
say() { printf '==> %s\n' "$*" >&2; }

for tool in dpkg-deb dpkg-shlibdeps dpkg strip gzip; do
  command -v "$tool" >/dev/null ||
    die "$tool is missing; as root: apt-get install dpkg-dev binutils"
done

compression=${DEB_COMPRESSION:-xz}
case $compression in
  xz | gzip | zstd | none) ;;
  *) die "DEB_COMPRESSION must be xz, gzip, zstd or none, not '$compression'" ;;
esac
[[ -z ${VERSION:-} || $VERSION =~ ^[0-9][A-Za-z0-9.+~-]*$ ]] ||
  die "VERSION '$VERSION' is not a Debian version"
homepage=${DEB_HOMEPAGE:-}
[[ -z $homepage || $homepage =~ ^https?://[^[:space:]]+$ ]] ||
  die "DEB_HOMEPAGE must be an http(s) URL, not '$homepage'"
arch=$(dpkg --print-architecture)
binary=${1:-${HABITS_BINARY:-}}
outdir=${OUTDIR:-$here/dist}

if [[ -z ${SOURCE_DATE_EPOCH:-} ]]; then
  SOURCE_DATE_EPOCH=$(git -C "$repo" log -1 --format=%ct 2>/dev/null || date +%s)
fi
export SOURCE_DATE_EPOCH
maintainer=${DEB_MAINTAINER:-$(git -C "$repo" log -1 --format='%an <%ae>' 2>/dev/null || true)}
[[ $maintainer =~ ^[^\<\>]+\ \<[^\<\>@\ ]+@[^\<\>\ ]+\>$ ]] ||
  die "set DEB_MAINTAINER='Name <email>' (got '${maintainer}')"
commit=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)

umask 022
work=$(mktemp -d "${TMPDIR:-/tmp}/habits-deb.XXXXXX")
trap 'rm -rf "$work"' EXIT
# debhelper's layout: debian/control for dpkg-shlibdeps, debian/habits the root.
root=$work/debian/habits
mkdir -p "$root"

# --- the files, through install.sh -------------------------------------------

if [[ -n $binary ]]; then
  [[ -f $binary && -x $binary ]] || die "$binary is not an executable file"
  export HABITS_BINARY=$binary
else
  unset HABITS_BINARY
fi
say "packaging/install.sh with PREFIX=/usr DESTDIR=<staging>"
DESTDIR=$root PREFIX=/usr "$here/install.sh" >&2
# dpkg keeps its own list; uninstall.sh must not act on a packaged install.
rm -f "$root/usr/share/habits/install-manifest"

# --- the binary: its libraries must all come from Debian packages ------------

# habits, and habits-agent when the build has it.
binaries=()
for name in habits habits-agent; do
  [[ -f $root/usr/bin/$name ]] && binaries+=("$root/usr/bin/$name")
done
say "checking the libraries ${binaries[*]##*/} link against"
unpackaged=()
for bin in "${binaries[@]}"; do
  ldd_out=$(ldd "$bin") || die "ldd failed on $bin"
  while read -r name arrow path _; do
    [[ $arrow == "=>" ]] || continue
    [[ $path == /* ]] || die "${bin##*/} needs $name, which is not found on this machine (ldd: $path)"
    owner=""
    for candidate in "$path" "$(readlink -f "$path")" "${path#/usr}" "/usr$path"; do
      if owner=$(dpkg -S "$candidate" 2>/dev/null); then break; fi
    done
    [[ -n $owner ]] || unpackaged+=("${bin##*/}: $name ($path)")
  done <<<"$ldd_out"
done
if ((${#unpackaged[@]})); then
  printf '  %s\n' "${unpackaged[@]}" >&2
  die "these libraries come from no Debian package, so the package could not depend on them. Build with packaging/build-release.sh --product habits (and --product habits-agent), which links it in"
fi

# --- the version: the binaries', and CHANGELOG.md's newest released section ---

upstream=$("$root/usr/bin/habits" --version) || die "habits --version failed"
[[ $upstream =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] ||
  die "habits --version printed '$upstream', not a version such as 0.1.0"
for bin in "${binaries[@]}"; do
  reported=$("$bin" --version) || die "${bin##*/} --version failed"
  [[ $reported == "$upstream" ]] ||
    die "${bin##*/} --version says '$reported' but habits says '$upstream': the two binaries come from different builds"
done
VERSION=${VERSION:-$upstream}
[[ $VERSION == "$upstream" || $VERSION == "$upstream"-* ]] ||
  die "VERSION '$VERSION' is not the binaries' version '$upstream' (with a Debian revision such as -2, if any)"

# The newest "## [X.Y.Z] - YYYY-MM-DD" section of CHANGELOG.md, as the items
# of a Debian changelog entry: a "### Added" heading becomes "  * Added:"
# with its bullets as "    - " items beneath, other text "  * " items; all
# wrapped at 78 columns.
release_notes() {
  awk -v want="$upstream" '
    function emit(first, rest, text,   n, words, i, line) {
      n = split(text, words, " ")
      line = first
      for (i = 1; i <= n; i++) {
        if (line != first && line != rest && length(line) + 1 + length(words[i]) > 78) {
          print line
          line = rest
        }
        line = line ((line == first || line == rest) ? "" : " ") words[i]
      }
      print line
    }
    function flush() {
      if (item == "") return
      if (heading) emit("    - ", "      ", item); else emit("  * ", "    ", item)
      item = ""
    }
    /^## \[/ {
      if (state == "in") { flush(); state = "done"; next }
      if (state == "") {
        if ($0 ~ /^## \[[Uu]nreleased\]/) next
        if (!match($0, /^## \[[^]]+\] - [0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]$/)) {
          print "CHANGELOG.md: \"" $0 "\" is not \"## [X.Y.Z] - YYYY-MM-DD\"" > "/dev/stderr"
          failed = 1
          exit 2
        }
        found = substr($0, 5, index($0, "]") - 5)
        if (found != want) {
          print "CHANGELOG.md: the newest released section is " found ", not " want > "/dev/stderr"
          failed = 1
          exit 2
        }
        state = "in"
        next
      }
    }
    state != "in" { next }
    /^### / { flush(); heading = 1; print "  * " substr($0, 5) ":"; next }
    /^[-*] / { flush(); item = substr($0, 3); next }
    /^[[:space:]]*$/ { flush(); next }
    { sub(/^[[:space:]]+/, ""); item = (item == "" ? $0 : item " " $0) }
    END {
      if (failed) exit 2
      if (state == "in") flush()
      if (state == "") {
        print "CHANGELOG.md has no released section (## [" want "] - YYYY-MM-DD)" > "/dev/stderr"
        exit 2
      }
    }
  ' "$repo/CHANGELOG.md"
}
[[ -f $repo/CHANGELOG.md ]] || die "no CHANGELOG.md in $repo"
notes=$(release_notes) || die "CHANGELOG.md needs a section '## [$upstream] - YYYY-MM-DD' on top of the released ones"
[[ -n $notes ]] || die "CHANGELOG.md's section for $upstream says nothing"

say "strip (as dh_strip does for executables)"
for bin in "${binaries[@]}"; do
  strip --remove-section=.comment --remove-section=.note "$bin"
done

say "dpkg-shlibdeps"
cat >"$work/debian/control" <<EOF
Source: habits

Package: habits
Architecture: any
EOF
depends=$(cd "$work" && dpkg-shlibdeps -O "${binaries[@]#"$work"/}" 2>"$work/shlibdeps.log") || {
  cat "$work/shlibdeps.log" >&2
  die "dpkg-shlibdeps failed"
}
depends=${depends#shlibs:Depends=}
[[ -n $depends ]] || die "dpkg-shlibdeps found no dependencies: are the binaries dynamically linked?"

# --- documentation, as Debian policy wants it -----------------------------------

say "man pages: gzip -9n"
for page in "$root"/usr/share/man/man1/*.1 "$root"/usr/share/man/man5/*.5; do
  # A page that only says ".so man1/other.1" becomes a symlink, as Debian
  # prefers for aliases.
  if [[ $(wc -l <"$page") -eq 1 ]] && target=$(sed -n 's|^\.so man1/\(.*\.1\)$|\1|p' "$page") &&
    [[ -n $target ]]; then
    rm "$page"
    ln -s "$target.gz" "$page.gz"
  else
    gzip -9n "$page"
  fi
done

doc=$root/usr/share/doc/habits
mkdir -p "$doc"
# The copyright file: habits and everything linked into its binaries, in
# DEP-5, as packaging/copyright has it; only the years of habits itself are
# filled in here.
if ! grep -q 'Apache License' "$repo/LICENSE" || ! grep -q 'Version 2.0, January 2004' "$repo/LICENSE"; then
  die "LICENSE is not the Apache License 2.0 that packaging/copyright says habits is under"
fi
# The years: from the first commit to the one being packaged.
last_year=$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y)
first_year=$(git -C "$repo" log --reverse --format=%cd --date=format:%Y 2>/dev/null | sed -n 1p || true)
years=${first_year:-$last_year}
[[ $years == "$last_year" ]] || years=$years-$last_year
sed "s|@YEARS@|$years|g" "$here/copyright" >"$doc/copyright"
! grep -q '@[A-Z_]*@' "$doc/copyright" || die "packaging/copyright: an @VARIABLE@ is left unsubstituted"

# A version without a Debian revision is a native package: its changelog is
# changelog.gz; with one (0.1.0-1) it is changelog.Debian.gz.
if [[ $VERSION == *-* ]]; then changelog=changelog.Debian; else changelog=changelog; fi
{
  printf 'habits (%s) unstable; urgency=medium\n\n' "$VERSION"
  printf '%s\n' "$notes"
  printf '  * Built from the habits source tree at commit %s.\n\n' "$commit"
  printf ' -- %s  %s\n' "$maintainer" "$(LC_ALL=C date -u -R -d "@$SOURCE_DATE_EPOCH")"
} >"$doc/$changelog"
gzip -9n "$doc/$changelog"

# --- DEBIAN/ -----------------------------------------------------------------

installed_size=$(du -sk --apparent-size "$root" | cut -f1)
newline=$'\n'
mkdir -p "$root/DEBIAN"
cat >"$root/DEBIAN/control" <<EOF
Package: habits
Version: $VERSION
Architecture: $arch
Maintainer: $maintainer
Installed-Size: $installed_size
Depends: $depends, tzdata
Recommends: dunst | notification-daemon
Section: utils
Priority: optional${homepage:+${newline}Homepage: $homepage}
Description: gentle reminders for small habits that bring people closer
 habits keeps a handful of small, kind habits (a word of thanks, a
 phone-free dinner, time together) on a schedule and nudges you with a
 desktop notification when one is due, with Done, Snooze and Skip buttons.
 .
 The schedules are plain TOML files, one habit a file; check-ins go into one
 SQLite file. The habits command records them and shows streaks, weekly
 summaries and calendars; "habits agent" is the background process, started
 at login by the systemd user unit habits-agent.service:
 .
   systemctl --user enable --now habits-agent
EOF
(cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z |
  xargs -0 md5sum) >"$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/control" "$root/DEBIAN/md5sums"
find "$root" -type d -exec chmod 0755 {} +
find "$root" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +

mkdir -p "$outdir"
deb=$outdir/habits_${VERSION}_${arch}.deb
say "dpkg-deb --build"
dpkg-deb --root-owner-group "-Z$compression" --build "$root" "$deb" >&2
echo "$(cd "$(dirname "$deb")" && pwd)/$(basename "$deb")"

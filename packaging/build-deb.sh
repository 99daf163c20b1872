#!/usr/bin/env bash
# Builds habits_<version>_<arch>.deb with dpkg-deb from a release binary:
# packaging/install.sh into a staging root with PREFIX=/usr, then the Debian
# parts (stripped binary, gzipped man pages, copyright, changelog, control
# with Depends computed by dpkg-shlibdeps, md5sums).
#
#   packaging/build-deb.sh                       # builds the release binary first
#   packaging/build-deb.sh path/to/habits        # or packages this one
#   VERSION=0.2.0 OUTDIR=/tmp packaging/build-deb.sh
#
# Environment:
#   VERSION               package version (default 0.1.0)
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

VERSION=${VERSION:-0.1.0}
compression=${DEB_COMPRESSION:-xz}
case $compression in
  xz | gzip | zstd | none) ;;
  *) die "DEB_COMPRESSION must be xz, gzip, zstd or none, not '$compression'" ;;
esac
[[ $VERSION =~ ^[0-9][A-Za-z0-9.+~-]*$ ]] || die "VERSION '$VERSION' is not a Debian version"
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
  die "these libraries come from no Debian package, so the package could not depend on them. Build with --static-swift-stdlib: swift build -c release --static-swift-stdlib --product habits (and --product habits-agent)"
fi

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
for page in "$root"/usr/share/man/man1/*.1; do
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
license_file=""
for name in LICENSE LICENSE.md LICENSE.txt COPYING; do
  [[ -f $repo/$name ]] && license_file=$repo/$name && break
done
if [[ -n $license_file ]]; then
  own_license=habits
  own_text=$(sed -e 's/^[[:space:]]*$/./' -e 's/^/ /' "$license_file")
else
  own_license=habits-no-license-yet
  own_text=" The habits project has not published a license. Its authors keep every
 right in it; ask them before passing this package on."
fi
# The years: from the first commit to the one being packaged.
last_year=$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y)
first_year=$(git -C "$repo" log --reverse --format=%cd --date=format:%Y 2>/dev/null | sed -n 1p || true)
years=${first_year:-$last_year}
[[ $years == "$last_year" ]] || years=$years-$last_year
cat >"$doc/copyright" <<EOF
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: habits

Files: *
Copyright: $years the habits authors
License: $own_license

Files: usr/bin/habits
Copyright: $years the habits authors
 2014-2025 Apple Inc. and the Swift project authors
 2015-2025 Gwendal Roué
 2024 Jeff Lebrun
 Mark Gillard
License: $own_license and Apache-2.0 and MIT
Comment: The binary is statically linked with the Swift runtime and
 Foundation (Apache-2.0 with the Runtime Library Exception),
 swift-argument-parser and swift-log (Apache-2.0), and GRDB.swift, TOMLKit
 and toml++ (MIT).

License: $own_license
$own_text

License: Apache-2.0
 Licensed under the Apache License, Version 2.0 (the "License"); you may not
 use this file except in compliance with the License. You may obtain a copy of
 the License at https://www.apache.org/licenses/LICENSE-2.0 .
 .
 The Swift runtime adds the Runtime Library Exception: as an exception, if you
 use this Software to compile your source code and portions of this Software
 are embedded into the binary product as a result, you may redistribute such
 product without providing attribution as would otherwise be required by
 Sections 4(a), 4(b) and 4(d) of the License.
 .
 On Debian systems, the complete text of the Apache License, Version 2.0 can
 be found in "/usr/share/common-licenses/Apache-2.0".

License: MIT
 Permission is hereby granted, free of charge, to any person obtaining a copy
 of this software and associated documentation files (the "Software"), to deal
 in the Software without restriction, including without limitation the rights
 to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
 copies of the Software, and to permit persons to whom the Software is
 furnished to do so, subject to the following conditions:
 .
 The above copyright notice and this permission notice shall be included in
 all copies or substantial portions of the Software.
 .
 THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
 IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
 FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
 AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
 LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
 OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
 SOFTWARE.
EOF

# A version without a Debian revision is a native package: its changelog is
# changelog.gz; with one (0.1.0-1) it is changelog.Debian.gz.
if [[ $VERSION == *-* ]]; then changelog=changelog.Debian; else changelog=changelog; fi
{
  printf 'habits (%s) unstable; urgency=medium\n\n' "$VERSION"
  printf '  * Built from the habits source tree at commit %s.\n\n' "$commit"
  printf ' -- %s  %s\n' "$maintainer" "$(LC_ALL=C date -u -R -d "@$SOURCE_DATE_EPOCH")"
} >"$doc/$changelog"
gzip -9n "$doc/$changelog"

# --- DEBIAN/ -----------------------------------------------------------------

installed_size=$(du -sk --apparent-size "$root" | cut -f1)
mkdir -p "$root/DEBIAN"
cat >"$root/DEBIAN/control" <<EOF
Package: habits
Version: $VERSION
Architecture: $arch
Maintainer: $maintainer
Installed-Size: $installed_size
Depends: $depends
Section: utils
Priority: optional
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

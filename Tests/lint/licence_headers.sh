#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Every source file names its licence in an SPDX header near its top, so a
# file copied out of the project still says under which terms it may be used.
#
#   Tests/lint/licence_headers.sh          check (what ./dev test lint runs)
#   Tests/lint/licence_headers.sh --add    add the header where it is missing
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
tag='SPDX-License-Identifier: Apache-2.0'

# The files that are code: Swift, C, Python, shell, and scripts without an
# extension that start with #!.
code_files() {
  git ls-files -co --exclude-standard | while IFS= read -r file; do
    [[ -f $file ]] || continue
    case $file in
      *.swift | *.c | *.h | *.py | *.sh | *.modulemap) echo "$file" ;;
      *) [[ ${file##*/} != *.* ]] && head -c 2 "$file" | grep -q '^#!' && echo "$file" ;;
    esac
  done
}

comment_for() {
  case $1 in
    *.swift | *.c | *.h | *.modulemap) echo "// $tag" ;;
    *) echo "# $tag" ;;
  esac
}

add=false
[[ ${1:-} == --add ]] && add=true
missing=0
checked=0
while IFS= read -r file; do
  checked=$((checked + 1))
  head -n 3 "$file" | grep -q "$tag" && continue
  if [[ $add == true ]]; then
    header=$(comment_for "$file")
    if head -c 2 "$file" | grep -q '^#!'; then
      # After the #! line, and after Package.swift's tools-version line.
      { head -n 1 "$file"; echo "$header"; tail -n +2 "$file"; } >"$file.spdx"
    elif [[ $file == Package.swift ]]; then
      { head -n 1 "$file"; echo "$header"; tail -n +2 "$file"; } >"$file.spdx"
    else
      { echo "$header"; cat "$file"; } >"$file.spdx"
    fi
    chmod --reference="$file" "$file.spdx"
    mv "$file.spdx" "$file"
    echo "added: $file"
  else
    echo "no SPDX header in the first 3 lines: $file" >&2
    missing=$((missing + 1))
  fi
done < <(code_files)

if ((missing)); then
  echo "not ok - $missing of $checked source files have no '$tag' header (Tests/lint/licence_headers.sh --add adds it)" >&2
  exit 1
fi
echo "ok - $checked source files name their licence"

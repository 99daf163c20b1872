#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# habits import of a Loop Habit Tracker export (zip and unpacked folder), end
# to end with the real binary: strength, log, list and schedule files against
# loop_fixture.py's expected.json, a second import changing nothing, and a
# damaged zip and a malformed Checkmarks.csv refused without changing anything.
#
#   Tests/interchange/loop_import_test.sh PATH/TO/habits
#
# The checks are in loop_import_test.py beside this file; it works in a
# temporary directory, prints ok/not ok lines and exits non-zero on failure.
set -u
habits=${1:?usage: $0 PATH/TO/habits}
command -v sqlite3 >/dev/null || { echo "not ok - sqlite3 is needed to compare databases"; exit 1; }
exec python3 "$(dirname "$0")/loop_import_test.py" "$habits"

# SPDX-License-Identifier: Apache-2.0
# What the test scripts share to count and word their checks: source it, run
# `check NAME COMMAND...` for each, and end with
# `echo "$passed passed, $failed failed"`.

passed=0
failed=0

# check NAME COMMAND...: runs the command and prints ok: or FAIL: with NAME.
check() {
  local name=$1; shift
  if "$@"; then
    echo "ok: $name"; passed=$((passed + 1))
  else
    echo "FAIL: $name"; failed=$((failed + 1))
  fi
}

# wait_for SECONDS COMMAND...: true as soon as the command is, tried every
# tenth of a second; false after SECONDS.
wait_for() {
  local limit=$1; shift
  for _ in $(seq $((limit * 10))); do "$@" && return 0; sleep 0.1; done
  return 1
}

# Predicates for check: same A B (equal), has TEXT PART, lacks TEXT PART.
same() { [ "$1" == "$2" ]; }
has() { [[ $1 == *"$2"* ]]; }
lacks() { [[ $1 != *"$2"* ]]; }

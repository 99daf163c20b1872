# SPDX-License-Identifier: Apache-2.0
# The agent's clock for the scripts that run the real agent: a fixed day,
# far from midnight and whatever the real time of day, set forward to just
# before a minute for each agent started, so that no script waits for a real
# minute. The agent starts its clock at HABITS_NOW and lets it run on; the
# CLI reads HABITS_NOW as a fixed instant, so the wrapper gives it the
# clock's time at each call.
#
#   source Tests/support/agent_clock.sh
#   clock_wrapper DIR HABITS   writes DIR/habits, which runs HABITS on the
#                              clock kept in DIR/offset
#   set_clock HH:MM:SS         the clock reads that time of clock_day now
#   at HH:MM:SS                that time of clock_day, as an epoch
#   agent_now                  the clock's time now, as an epoch
#   logged_offset LOG          the whole seconds the agent logged it is ahead
#                              of the system clock

clock_day=${clock_day:-2026-03-10}
clock_dir=

at() { date -u -d "${clock_day}T$1Z" +%s; }
set_clock() { echo $(($(at "$1") - $(date +%s))) >"$clock_dir/offset"; }
agent_now() { echo $(($(date +%s) + $(cat "$clock_dir/offset"))); }
logged_offset() {
  sed -n 's/.*HABITS_NOW: .*the system clock plus \(-\{0,1\}[0-9]*\) s.*/\1/p' "$1" | tail -1
}

clock_wrapper() {
  clock_dir=$1
  cat >"$clock_dir/habits" <<SH
#!/bin/sh
HABITS_NOW=\$(date -u -d "@\$((\$(date +%s) + \$(cat "$clock_dir/offset")))" +%FT%TZ) exec "$2" "\$@"
SH
  chmod +x "$clock_dir/habits"
}

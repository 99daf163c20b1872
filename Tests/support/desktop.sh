# Sourced by the scripts that run the agent against a real notification
# server, inside the private bus dbus-run-session gives them: an X display
# and dunst. Each process started is added to the caller's `pids` array, for
# its clean-up to stop.

# Starts Xvfb on a display numbered from FIRST (default 90) and exports DISPLAY.
start_display() { # [first]
  local display=:$((${1:-90} + RANDOM % 400))
  Xvfb "$display" -screen 0 1024x768x24 -nolisten tcp >/dev/null 2>&1 &
  pids+=($!)
  export DISPLAY=$display
  for _ in $(seq 50); do [[ -e /tmp/.X11-unix/X${display#:} ]] && return 0; sleep 0.1; done
  echo "Xvfb did not start on $display"
  return 1
}

# Whether a notification server owns its name on the bus. Asked of the bus,
# not of the server: a call to the name would start another by activation.
notification_server_up() {
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.Notifications 2>/dev/null | grep -q true
}

# Starts dunst with the dunstrc CONFIG, logging to LOG; sets dunst_pid and
# returns once it owns the notification name.
start_dunst() { # config log
  dunst -config "$1" >>"$2" 2>&1 &
  dunst_pid=$!
  pids+=("$dunst_pid")
  for _ in $(seq 50); do notification_server_up && return 0; sleep 0.1; done
  echo "dunst did not start"
  cat "$2"
  return 1
}

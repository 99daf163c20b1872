# SPDX-License-Identifier: Apache-2.0
# Sourced by the scripts that run the agent against a real notification
# server: a private session bus, an X display and dunst. Each process started
# is added to the caller's `pids` array, for its clean-up to stop.

# Starts a session bus of its own in DIR and exports DBUS_SESSION_BUS_ADDRESS.
# Only the service files in SERVICEDIR can be started by D-Bus activation
# (none without one): nothing from /usr/share/dbus-1/services starts behind a
# test's back, as dbus-run-session's bus would start dunst. The bus's own log,
# with what the servers it starts print, goes to DIR/bus.log.
start_bus() { # dir [servicedir]
  local dir=$1 services=""
  [[ -z ${2:-} ]] || services="<servicedir>$2</servicedir>"
  cat >"$dir/bus.conf" <<XML
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <keep_umask/>
  <listen>unix:path=$dir/bus</listen>
  $services
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
XML
  dbus-daemon --config-file="$dir/bus.conf" --nofork --print-address=1 \
    >"$dir/bus.address" 2>>"$dir/bus.log" &
  pids+=($!)
  for _ in $(seq 50); do
    if [[ -s $dir/bus.address ]]; then
      DBUS_SESSION_BUS_ADDRESS=$(head -n 1 "$dir/bus.address")
      export DBUS_SESSION_BUS_ADDRESS
      return 0
    fi
    sleep 0.1
  done
  echo "dbus-daemon did not start"
  cat "$dir/bus.log"
  return 1
}

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

# Logs every call to the notification server, its signals and the replies
# on the bus to LOG (dbus-monitor's text; support/notify_bus.py reads it).
watch_notifications() { # log
  dbus-monitor --session "type='method_call',interface='org.freedesktop.Notifications'" \
    "type='signal',interface='org.freedesktop.Notifications'" "type='method_return'" \
    >"$1" 2>/dev/null &
  pids+=($!)
}

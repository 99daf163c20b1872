# SPDX-License-Identifier: Apache-2.0
# shellcheck shell=bash
# Sourced by the tests that run two real Syncthing instances, A and B, on
# 127.0.0.1 only, each with its own copy of one folder: ROOT/sync-a and
# ROOT/sync-b. Nothing leaves the machine: discovery, relays, NAT traversal,
# usage reports and crash reports are off, and each peer has a fixed
# loopback address. Each process started is added to the caller's `pids`
# array, for its clean-up to stop; each instance logs to ROOT/st-a.log and
# ROOT/st-b.log.

# Starts both instances; sets id_a and id_b, listen_a and listen_b (their
# sync ports), gui_a and gui_b (their REST ports, with the API key
# habits-test-key).
start_syncthing_pair() { # root
  local root=$1 side
  # Four free ports on the loopback interface.
  read -r listen_a listen_b gui_a gui_b < <(python3 -c '
import socket
socks = [socket.socket() for _ in range(4)]
for s in socks: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in socks])
for s in socks: s.close()')
  id_a=$(syncthing_device_id "$root/st-a")
  id_b=$(syncthing_device_id "$root/st-b")
  if [ -z "$id_a" ] || [ -z "$id_b" ]; then
    echo "syncthing generate gave no device id"
    return 1
  fi
  mkdir -p "$root/sync-a/.stfolder" "$root/sync-b/.stfolder"
  syncthing_config "$root/st-a" "$root/sync-a" "$listen_a" "$gui_a"
  syncthing_config "$root/st-b" "$root/sync-b" "$listen_b" "$gui_b"
  for side in a b; do
    syncthing serve --home="$root/st-$side" --no-browser --no-restart --no-upgrade \
      --no-default-folder >"$root/st-$side.log" 2>&1 &
    pids+=($!)
  done
}

syncthing_device_id() { # home
  syncthing generate --home="$1" 2>&1 | sed -n 's/.*Device ID: *\([A-Z0-9-]*\).*/\1/p' | head -1
}

# The whole config.xml, written before the first start.
syncthing_config() { # home folder listen gui
  cat >"$1/config.xml" <<XML
<configuration version="36">
  <folder id="habits" label="habits" path="$2" type="sendreceive" rescanIntervalS="60" fsWatcherEnabled="true" fsWatcherDelayS="1" ignorePerms="false" autoNormalize="true">
    <filesystemType>basic</filesystemType>
    <device id="$id_a" introducedBy=""></device>
    <device id="$id_b" introducedBy=""></device>
  </folder>
  <device id="$id_a" name="a" compression="metadata" introducer="false" skipIntroductionRemovals="false" introducedBy="">
    <address>tcp://127.0.0.1:$listen_a</address>
  </device>
  <device id="$id_b" name="b" compression="metadata" introducer="false" skipIntroductionRemovals="false" introducedBy="">
    <address>tcp://127.0.0.1:$listen_b</address>
  </device>
  <gui enabled="true" tls="false" debugging="false">
    <address>127.0.0.1:$4</address>
    <apikey>habits-test-key</apikey>
  </gui>
  <options>
    <listenAddress>tcp://127.0.0.1:$3</listenAddress>
    <globalAnnounceEnabled>false</globalAnnounceEnabled>
    <localAnnounceEnabled>false</localAnnounceEnabled>
    <relaysEnabled>false</relaysEnabled>
    <natEnabled>false</natEnabled>
    <urAccepted>-1</urAccepted>
    <crashReportingEnabled>false</crashReportingEnabled>
    <startBrowser>false</startBrowser>
    <autoUpgradeIntervalH>0</autoUpgradeIntervalH>
  </options>
</configuration>
XML
}

# Whether the instance whose REST port is GUI is connected to its peer.
syncthing_connected() { # gui
  python3 - "$1" <<'PY' 2>/dev/null
import json, sys, urllib.request
request = urllib.request.Request(
    f"http://127.0.0.1:{sys.argv[1]}/rest/system/connections",
    headers={"X-API-Key": "habits-test-key"})
connections = json.load(urllib.request.urlopen(request, timeout=2))["connections"]
sys.exit(0 if any(c["connected"] for c in connections.values()) else 1)
PY
}

# Sends one REST request to the instance whose REST port is GUI and prints
# the answer; fails on an HTTP error.
syncthing_rest() { # gui method path [json-body]
  python3 - "$@" <<'PY'
import sys, urllib.request
gui, method, path = sys.argv[1:4]
body = sys.argv[4].encode() if len(sys.argv) > 4 else None
request = urllib.request.Request(
    f"http://127.0.0.1:{gui}{path}", data=body, method=method,
    headers={"X-API-Key": "habits-test-key", "Content-Type": "application/json"})
print(urllib.request.urlopen(request, timeout=5).read().decode())
PY
}

# Pauses (true) or resumes (false) the shared folder on the instance whose
# REST port is GUI: it then neither sends nor takes in changes.
syncthing_folder_paused() { # gui true|false
  syncthing_rest "$1" PATCH /rest/config/folders/habits "{\"paused\": $2}" >/dev/null
}

# The state of the shared folder on the instance whose REST port is GUI:
# idle, scanning, syncing …, and nothing while it is paused.
syncthing_folder_state() { # gui
  syncthing_rest "$1" GET "/rest/db/status?folder=habits" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["state"])'
}

# Whether the two copies ROOT/sync-a and ROOT/sync-b hold the same files in
# FOLDER (devices by default; Syncthing's temporary files aside).
syncthing_copies_equal() { # root [folder]
  local folder=${2:-devices}
  diff -r -x '.syncthing.*' -x '.stfolder' "$1/sync-a/$folder" "$1/sync-b/$folder" >/dev/null 2>&1
}

# Whether both instances say the shared folder is in sync: each idle with
# nothing it still needs, and each sees the other as having all of it.
syncthing_in_sync() { # gui-a gui-b
  python3 - "$1" "$2" <<'PY' 2>/dev/null
import json, sys, urllib.request
def ask(gui, path):
    request = urllib.request.Request(
        f"http://127.0.0.1:{gui}{path}", headers={"X-API-Key": "habits-test-key"})
    return json.load(urllib.request.urlopen(request, timeout=2))
for gui, other in ((sys.argv[1], sys.argv[2]), (sys.argv[2], sys.argv[1])):
    status = ask(gui, "/rest/db/status?folder=habits")
    if status["state"] != "idle" or status["needTotalItems"] != 0:
        sys.exit(1)
    peer = ask(other, "/rest/system/status")["myID"]
    completion = ask(gui, f"/rest/db/completion?folder=habits&device={peer}")
    if completion["completion"] < 100 or completion["needItems"] != 0:
        sys.exit(1)
PY
}

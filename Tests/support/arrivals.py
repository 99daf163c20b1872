# SPDX-License-Identifier: Apache-2.0
"""Logs each file written or renamed into place under FOLDER, with when.

    python3 Tests/support/arrivals.py FOLDER LOG

FOLDER and every folder in it, at any depth, are watched with inotify, and
each folder created in one of them from then on. Hidden names (a sync
tool's temporary files) are left out: a file arrives when it is renamed
into place. LOG gets "ready" once the watches are set, then one line per
file: "EPOCH-SECONDS PATH". Runs until it is killed.
"""
import ctypes
import os
import struct
import sys
import time

libc = ctypes.CDLL("libc.so.6", use_errno=True)
fd = libc.inotify_init1(0)
IN_CLOSE_WRITE, IN_MOVED_TO, IN_CREATE, IN_ISDIR = 0x8, 0x80, 0x100, 0x40000000
paths = {}


def add(path):
    """Watches PATH and the folders already in it."""
    watch = libc.inotify_add_watch(fd, path.encode(), IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE)
    if watch >= 0:
        paths[watch] = path
    for name in sorted(os.listdir(path)) if os.path.isdir(path) else []:
        inner = os.path.join(path, name)
        if not name.startswith(".") and os.path.isdir(inner) and not os.path.islink(inner):
            add(inner)


add(sys.argv[1])
out = open(sys.argv[2], "a", buffering=1)
out.write("ready\n")
while True:
    data = os.read(fd, 65536)
    at = time.time()
    offset = 0
    while offset < len(data):
        wd, mask, _, length = struct.unpack_from("iIII", data, offset)
        name = data[offset + 16:offset + 16 + length].rstrip(b"\0").decode(errors="replace")
        offset += 16 + length
        path = os.path.join(paths.get(wd, "?"), name)
        if mask & IN_ISDIR:
            if mask & (IN_CREATE | IN_MOVED_TO) and not name.startswith("."):
                add(path)
        elif not name.startswith(".") and mask & (IN_MOVED_TO | IN_CLOSE_WRITE):
            out.write(f"{at:.6f} {path}\n")

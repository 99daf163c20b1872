# SPDX-License-Identifier: Apache-2.0
"""Notify calls and NotificationClosed signals from a dbus-monitor log
(desktop.sh's watch_notifications), one a line:

    notify|TIME|ID|SUMMARY     the summary, the id the server gave, when
    closed|TIME|ID|REASON      the id, the reason (3: closed by a call), when

    python3 Tests/support/notify_bus.py MONITOR-LOG
"""
import re
import sys

text = open(sys.argv[1], encoding="utf-8", errors="replace").read()
blocks = re.split(r"\n(?=(?:method call|method return|signal|error) time=)", text)
ids = {}
for block in blocks:
    reply = re.match(r"method return time=\S+ .*destination=(\S+) serial=\d+ reply_serial=(\d+)\n"
                     r"\s*uint32 (\d+)", block)
    if reply:
        ids[(reply.group(1), reply.group(2))] = reply.group(3)
for block in blocks:
    header, _, rest = block.partition("\n")
    at = re.search(r"time=(\S+)", header)
    if header.startswith("method call") and "member=Notify" in header:
        strings = re.findall(r'^\s*string "(.*?)"$', rest, re.M)
        asker = re.search(r"sender=(\S+) .* serial=(\d+)", header)
        given = ids.get((asker.group(1), asker.group(2)), "") if asker else ""
        print(f"notify|{at.group(1)}|{given}|{strings[2] if len(strings) > 2 else ''}")
    elif header.startswith("signal") and "member=NotificationClosed" in header:
        numbers = re.findall(r"uint32 (\d+)", rest)
        print(f"closed|{at.group(1)}|{numbers[0]}|{numbers[1]}")

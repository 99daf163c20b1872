#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The functions of one binary that callgrind saw run, one mangled name a
line, sorted: a symbol ordering file for lld.

    callgrind_order.py NM-FILE BINARY-NAME CALLGRIND-FILE...

NM-FILE is `nm --defined-only --no-demangle --numeric-sort --print-size` of
the binary; the callgrind files were written with --dump-instr=yes.
"""
import bisect, re, sys


def executed_addresses(paths, binary):
    """Instruction addresses callgrind saw executed in `binary`."""
    executed = set()
    for line in (line for path in paths for line in open(path)):
        if line.startswith("version:"):
            objects, current, address = {}, None, 0
        if line.startswith(("ob=", "cob=")):
            m = re.match(r"c?ob=\((\d+)\)(?: (.*))?", line.rstrip("\n"))
            if m.group(2):
                objects[m.group(1)] = m.group(2)
            if line.startswith("ob="):
                current = objects[m.group(1)]
            continue
        if not line or line[0] not in "0123456789+-*":
            continue
        token = line.split()[0]
        if token.startswith("0x"):
            address = int(token, 16)
        elif token[0] in "+-":
            step = int(token[1:], 0)
            address += step if token[0] == "+" else -step
        if current and current.endswith("/" + binary):
            executed.add(address)
    return executed


def main():
    nm, binary, profiles = sys.argv[1], sys.argv[2], sys.argv[3:]
    functions = []
    for line in open(nm):
        parts = line.split(maxsplit=3)
        if len(parts) != 4:
            continue
        start, size, kind, name = int(parts[0], 16), int(parts[1], 16), parts[2], parts[3].strip()
        if kind in "tTwW" and size:
            functions.append((start, size, name))
    starts = [f[0] for f in functions]
    hot = set()
    for a in executed_addresses(profiles, binary):
        i = bisect.bisect_right(starts, a) - 1
        if i >= 0 and a < functions[i][0] + functions[i][1]:
            hot.add(functions[i][2])
    print("\n".join(sorted(hot)))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""`habits report` rendered by headless Chromium, checked against `habits week` and `habits stats`.

    Tests/report/report_test.py HABITS_BINARY [--save-screenshot docs/report.png] [--keep DIR]

Builds a throw-away world (a few shipped schedules, one with markup in its
title, a database filled through `habits done` and `habits skip` over several
weeks at a fixed HABITS_NOW and TZ), writes the report, and checks that:
the page references nothing on the network; Chromium renders it at 1200 and
390 pixels wide into screenshots that are not blank; the rendered DOM shows
each habit's done/due, target note, streaks and strength exactly as the JSON
commands give them (no streak of 0 as a number, none at all for a habit with
`streak = false`), the week's words (`opening` and `lines` of `habits week
--json`) around the grid, each day of the week grid and of the year heatmap in
the state `habits week` and `habits calendar` give it, and user-written markup
as text; and tesseract reads the habits' titles, done/due pairs and the
week's first words off the screenshots. `--save-screenshot` keeps the wide
screenshot, cropped to the page's content, for the README.

Standard library only (numpy speeds up the PNG checks when present).
"""

import argparse
import datetime
import html.parser
import json
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import zlib

NOW = "2026-11-20T20:00:00Z"  # a Friday evening, GMT in London
TODAY = "2026-11-20"
TZ = "Europe/London"
SHIPPED = ["gratitude", "phone-free-dinner", "quality-time", "questions"]
MARKUP_TITLE = 'Tea & <b>talk</b> "together"'
MARKUP_TOML = """title = 'Tea & <b>talk</b> "together"'
description = "<script>document.title = 'pwned'</script> & an hour"
when = "every mon, wed, fri at 16:00"
"""
# Shipped with streak = false: the page shows no streak for it.
NO_STREAK = "repair"


class Checks:
    def __init__(self):
        self.failed = 0

    def check(self, condition, name, detail=None):
        print(f"{'ok' if condition else 'not ok'} - {name}", flush=True)
        if not condition:
            self.failed += 1
            if detail:
                for line in str(detail).rstrip().splitlines()[:30]:
                    print(f"    {line}", flush=True)
        return condition


def run(cmd, env, timeout=120, check=True):
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)
    if check and result.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {result.returncode}: {result.stderr}")
    return result


# MARK: the world


def make_world(root, binary):
    """Schedules and a database with weeks of check-ins, made through the real binary."""
    schedules = os.path.join(root, "schedules")
    os.makedirs(schedules)
    source = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "schedules")
    for name in SHIPPED:
        with open(os.path.join(source, name + ".toml")) as f:
            text = f.read()
        text = re.sub(r"(?m)^enabled = false", "enabled = true", text)
        with open(os.path.join(schedules, name + ".toml"), "w") as f:
            f.write(text)
    with open(os.path.join(schedules, "tea.toml"), "w") as f:
        f.write(MARKUP_TOML)
    with open(os.path.join(source, NO_STREAK + ".toml")) as f:
        text = re.sub(r"(?m)^enabled = false", "enabled = true", f.read())
    # Three days a week, for a row that tesseract reads as surely as the others.
    text = re.sub(r"(?m)^when = .*$", 'when = "every mon, wed, fri at 16:30"', text)
    if not re.search(r"(?m)^streak = false\b", text):
        raise ValueError(f"schedules/{NO_STREAK}.toml no longer says streak = false")
    with open(os.path.join(schedules, NO_STREAK + ".toml"), "w") as f:
        f.write(text)
    home = os.path.join(root, "home")
    os.makedirs(home)
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": home,
        "XDG_CONFIG_HOME": os.path.join(home, ".config"),
        "XDG_DATA_HOME": os.path.join(home, ".local", "share"),
        "XDG_CACHE_HOME": os.path.join(home, ".cache"),
        "XDG_RUNTIME_DIR": root,
        "HABITS_SCHEDULES": schedules,
        "HABITS_DB": os.path.join(root, "habits.sqlite3"),
        "HABITS_NOW": NOW,
        "TZ": TZ,
        "NO_COLOR": "1",
        "LANG": "C.UTF-8",
    }
    # Nine weeks back from today: a pattern with misses, skips and short weeks.
    today = datetime.date.fromisoformat(TODAY)
    for back in range(62, -1, -1):
        day = today - datetime.timedelta(days=back)
        n = back
        weekday = day.weekday()  # Monday 0
        plan = []
        if n % 11 == 5:
            plan.append(("skip", "gratitude"))
        elif n % 9 != 4:
            plan.append(("done", "gratitude"))
        if n % 3 != 1 and back < 40:
            plan.append(("done", "phone-free-dinner"))
        if weekday in (1, 3, 5) and not (weekday == 5 and n % 14 < 7):
            plan.append(("done", "quality-time"))
        if back < 12 and n % 2 == 0:
            plan.append(("done", "questions"))
        if weekday in (0, 2, 4) and n % 5 != 2:
            plan.append(("done", "tea"))
        if weekday in (0, 4) and back < 30:
            plan.append(("done", NO_STREAK))
        for action, habit in plan:
            run([binary, action, habit, "--date", day.isoformat()], env)
    return env


# MARK: reading the page


class Page(html.parser.HTMLParser):
    """The rendered DOM as the checks need it: per `data-habit` element, its
    `data-field` texts, and the `title` of each table cell and SVG `<title>`."""

    VOID = {"meta", "br", "img", "input", "link", "hr", "wbr", "source", "area", "col", "embed"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []  # (tag, attrs)
        self.fields = {}  # (container tag, habit) -> {field: text}
        self.cells = {}  # habit -> [title of each grid cell]
        self.tooltips = {}  # habit -> [text of each <title> in its heatmap]
        self.tags = []  # every start tag, with the habit it is inside
        self.text_of = {}  # a few whole-element texts: h1, title, h3 per habit
        # The week's words: each <p> in .opening, each <li> in .lines.
        self.story = {"opening": [], "lines": []}
        self.capture = []  # open captures: [key, depth, text]

    def habit(self):
        for tag, attrs in reversed(self.stack):
            if "data-habit" in attrs:
                return tag, attrs["data-habit"]
        return None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        container, habit = self.habit()
        self.tags.append((tag, habit))
        if tag == "td" and container == "tr" and "title" in attrs:
            self.cells.setdefault(habit, []).append(attrs["title"])
        key = None
        if "data-field" in attrs and habit is not None:
            key = ("field", container, habit, attrs["data-field"])
        elif tag in ("h1", "title") and not self.stack_has("svg"):
            key = (tag,)
        elif tag == "h3" and habit is not None:
            key = ("h3", habit)
        elif tag == "p" and self.stack and "opening" in self.stack[-1][1].get("class", "").split():
            key = ("story", "opening")
        elif tag == "li" and self.stack and "lines" in self.stack[-1][1].get("class", "").split():
            key = ("story", "lines")
        elif tag == "title" and self.stack_has("svg") and self.stack_has("figure") and habit:
            if any(t == "svg" and "heat" in a.get("class", "") for t, a in self.stack):
                key = ("tooltip", habit)
        if tag not in self.VOID:
            self.stack.append((tag, attrs))
            if key:
                self.capture.append([key, len(self.stack), ""])

    def stack_has(self, name):
        return any(tag == name for tag, _ in self.stack)

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        while self.stack:
            depth = len(self.stack)
            if self.capture and self.capture[-1][1] == depth:
                key, _, text = self.capture.pop()
                self.store(key, text)
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        for open_capture in self.capture:
            open_capture[2] += data

    def store(self, key, text):
        text = " ".join(text.split())
        if key[0] == "field":
            self.fields.setdefault((key[1], key[2]), {})[key[3]] = text
        elif key[0] == "tooltip":
            self.tooltips.setdefault(key[1], []).append(text)
        elif key[0] == "story":
            self.story[key[1]].append(text)
        else:
            self.text_of[key] = text


def parse(text):
    page = Page()
    page.feed(text)
    page.close()
    return page


def streak_text(count, unit):
    """A streak as the page shows it: a dash for 0, which is never a number there."""
    return f"{count} {unit}{'' if count == 1 else 's'}" if count else "—"


def percent(strength):
    """Swift's `(strength * 100).rounded()`: halves away from zero."""
    value = strength * 100
    whole = int(value)
    return whole + 1 if value - whole >= 0.5 else whole


def state_word(state, day):
    if state == "pending":
        return "today" if day == TODAY else "to come"
    return state.replace("_", " ")


def check_numbers(checks, page, week, stats, label):
    """The DOM's numbers against `habits week --json` and `habits stats --json`."""
    rows = {habit for (tag, habit) in page.fields if tag == "tr"}
    cards = {habit for (tag, habit) in page.fields if tag == "article"}
    checks.check(rows == {item["habit"] for item in week["habits"]},
                 f"{label}: the week grid has a row for each habit of habits week",
                 f"{sorted(rows)}")
    checks.check(cards == {item["habit"] for item in stats},
                 f"{label}: a section for each habit of habits stats", f"{sorted(cards)}")
    stats_by = {item["habit"]: item for item in stats}
    wrong = []
    for item in week["habits"]:
        habit = item["habit"]
        # What the week means for a target, in habits week's words; nothing without one.
        note = item["target_note"]
        expected = {"done": f"{item['done']}/{item['due']}", "target": note or ""}
        for tag in ("tr", "article"):
            got = page.fields.get((tag, habit), {})
            for field, value in expected.items():
                if tag == "article" and field == "target" and note is None:
                    if "target" in got:
                        wrong.append(f"article {habit} has a target field without a target")
                elif got.get(field) != value:
                    wrong.append(f"{tag} {habit} {field}: page {got.get(field)!r}, week {value!r}")
        titles = page.cells.get(habit, [])
        want = [f"{day}: {state_word(item['days'][day], day)}" for day in sorted(item["days"])]
        got = [title.split(" ", 1)[1] if " " in title else title for title in titles]
        if got != want:
            wrong.append(f"grid {habit} days: page {got}, week {want}")
        if stats_by.get(habit, {}).get("current_streak") != item["current_streak"]:
            wrong.append(f"{habit}: week and stats disagree on the streak")
    for item in stats:
        habit, unit = item["habit"], item["streak_unit"]
        counted = item["current_streak"] is not None
        if counted != (item["best_streak"] is not None):
            wrong.append(f"{habit}: stats has one streak null and not the other")
        expected = {"strength": f"{percent(item['strength'])}%"}
        if counted:
            expected["streak"] = streak_text(item["current_streak"], unit)
            expected["best"] = streak_text(item["best_streak"], unit)
        tags = ("tr", "article") if habit in rows else ("article",)
        for tag in tags:
            got = page.fields.get((tag, habit), {})
            for field, value in expected.items():
                if got.get(field) != value:
                    wrong.append(f"{tag} {habit} {field}: page {got.get(field)!r}, stats {value!r}")
            # streak = false (null in JSON): empty cells in the grid, none in the section.
            if not counted and tag == "tr" and (got.get("streak"), got.get("best")) != ("", ""):
                wrong.append(f"tr {habit} shows a streak, and stats has none")
            if not counted and tag == "article" and ({"streak", "best"} & set(got)):
                wrong.append(f"article {habit} shows a streak, and stats has none")
    checks.check(not wrong, f"{label}: done/due, target, streaks, strength and each day match "
                 "habits week --json and habits stats --json", "\n".join(wrong))
    checks.check(page.story == {"opening": week["opening"], "lines": week["lines"]},
                 f"{label}: the week's words before and after the grid are habits week's",
                 f"page {page.story}\nweek {week['opening']} {week['lines']}")


def check_no_network(checks, text):
    refs = re.findall(r"""\b(?:src|href|xlink:href|action|srcset|poster|data)\s*=\s*["']?\s*([^"'\s>]*)""",
                      text, re.I)
    remote = [ref for ref in refs if re.match(r"(?i)(https?:|//|ftp:|file:)", ref)]
    checks.check(not remote, "no src or href points at the network", remote)
    checks.check(not re.search(r"(?i)https?://|url\(|@import", text),
                 "no URL, url() or @import anywhere in the page")
    checks.check(not re.search(r"(?i)<(script|link|iframe|object|embed|img)\b", text),
                 "no script, link, iframe, object, embed or img element")
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"', text)
    checks.check(policy is not None and policy.group(1) ==
                 "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
                 "a strict Content-Security-Policy meta", policy and policy.group(1))


# MARK: PNG


def read_png(path):
    """(width, height, rows of RGB bytes) of an 8-bit RGB or RGBA PNG."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path} is not a PNG")
    pos, idat = 8, b""
    width = height = None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or color not in (2, 6) or interlace:
                raise ValueError(f"{path}: unsupported PNG (depth {depth}, colour {color})")
            channels = 3 if color == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows = []
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind = raw[start]
        line = bytearray(raw[start + 1:start + 1 + stride])
        if kind == 1:
            for i in range(channels, stride):
                line[i] = (line[i] + line[i - channels]) & 255
        elif kind == 2:
            line = bytearray((a + b) & 255 for a, b in zip(line, previous))
        elif kind == 3:
            for i in range(stride):
                left = line[i - channels] if i >= channels else 0
                line[i] = (line[i] + ((left + previous[i]) >> 1)) & 255
        elif kind == 4:
            for i in range(stride):
                a = line[i - channels] if i >= channels else 0
                b = previous[i]
                c = previous[i - channels] if i >= channels else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        previous = line
        if channels == 4:
            line = bytearray(b for i, b in enumerate(line) if i % 4 != 3)
        rows.append(bytes(line))
    return width, height, rows


def write_png(path, width, rows):
    out = b"".join(b"\x00" + row for row in rows)
    def chunk(kind, body):
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", width, len(rows), 8, 2, 0, 0, 0)))
        f.write(chunk(b"IDAT", zlib.compress(out, 9)))
        f.write(chunk(b"IEND", b""))


def ink(width, rows):
    """The background colour, the share of other pixels, and the last row holding any."""
    corner = rows[0][:3]
    other = 0
    last = -1
    for y, row in enumerate(rows):
        count = sum(1 for x in range(0, width * 3, 3) if row[x:x + 3] != corner)
        if count:
            other += count
            last = y
    return corner, other / (width * len(rows)), last


# MARK: the browser


def chromium(env, args, timeout=90):
    """Runs headless Chromium in a session of its own, so that on a timeout
    its helper processes are stopped with it."""
    process = subprocess.Popen(
        ["chromium", "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         "--no-first-run", "--no-default-browser-check", "--disable-extensions",
         "--disable-background-networking", "--disable-sync", "--mute-audio",
         f"--user-data-dir={env['HOME']}/chromium", *args],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True)
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def ocr_words(path):
    result = subprocess.run(["tesseract", path, "-"], capture_output=True, text=True, timeout=120)
    return result.returncode, result.stdout, result.stderr


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("binary")
    parser.add_argument("--save-screenshot", help="keep the wide screenshot here, cropped")
    parser.add_argument("--keep", help="copy the page and the screenshots into this directory")
    args = parser.parse_args()
    binary = os.path.realpath(args.binary)
    if not os.access(binary, os.X_OK):
        sys.exit(f"error: '{binary}' is not an executable; build habits first")
    for tool in ("chromium", "tesseract"):
        if shutil.which(tool) is None:
            sys.exit(f"error: {tool} is missing (apt-get install -y chromium tesseract-ocr)")
    checks = Checks()
    root = tempfile.mkdtemp(prefix="habits-report-")
    try:
        run_checks(checks, binary, root, args.save_screenshot)
        if args.keep:
            os.makedirs(args.keep, exist_ok=True)
            for name in ("r.html", "wide.png", "narrow.png"):
                if os.path.exists(os.path.join(root, name)):
                    shutil.copy(os.path.join(root, name), args.keep)
    except (RuntimeError, ValueError, subprocess.TimeoutExpired, OSError) as error:
        checks.check(False, "the test ran to the end", error)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(f"{'not ok' if checks.failed else 'ok'} - report test: {checks.failed} failure(s)")
    return 1 if checks.failed else 0


def run_checks(checks, binary, root, save_screenshot):
    env = make_world(root, binary)
    week = json.loads(run([binary, "week", "--json"], env).stdout)
    stats = json.loads(run([binary, "stats", "--json"], env).stdout)
    report_path = os.path.join(root, "r.html")
    result = run([binary, "report", "--out", report_path], env, check=False)
    if not checks.check(result.returncode == 0 and os.path.exists(report_path),
                        "habits report --out writes the file", result.stderr):
        return
    with open(report_path, encoding="utf-8") as f:
        text = f.read()
    check_no_network(checks, text)
    checks.check(
        f"<title>habits: week of {week['week_start']} to 2026-11-22</title>" in text,
        "the page's title holds the week's dates")

    # The rendered DOM.
    url = "file://" + report_path
    dom = chromium(env, ["--dump-dom", url])
    if not checks.check(dom.returncode == 0 and "</html>" in dom.stdout,
                        "chromium --dump-dom renders the page", dom.stderr[-2000:]):
        return
    page = parse(dom.stdout)
    checks.check(page.text_of.get(("h1",)) == "Week of Mon 2026-11-16 to Sun 2026-11-22",
                 "the heading names the week's first and last days", page.text_of.get(("h1",)))
    check_numbers(checks, page, week, stats, "rendered DOM")
    # On its Friday, quality time (3/week, done twice) says what is still possible, never "not met".
    quality = page.fields.get(("tr", "quality-time"), {}).get("target")
    checks.check(quality == "1 more by Sunday" and "not met" not in dom.stdout,
                 "a target still under way says what is still possible", quality)
    opening = page.story["opening"]
    checks.check(opening[:1] != [] and opening[0].startswith("You said thank you on "),
                 "the week opens with what went well, in the practice's words", page.story)
    no_streak = next((item for item in stats if item["habit"] == NO_STREAK), {})
    checks.check(no_streak.get("current_streak", 0) is None and no_streak.get("done_total", 0) > 0,
                 f"{NO_STREAK} (streak = false) has a history and no streak in habits stats --json",
                 no_streak)
    wrong = []
    for item in stats:
        habit = item["habit"]
        calendar = json.loads(run([binary, "calendar", habit, "--weeks", "53", "--json"], env).stdout)
        want = [f"{day}: {state_word(calendar['days'][day], day)}" for day in sorted(calendar["days"])]
        got = [tip.split(" ", 1)[1] for tip in page.tooltips.get(habit, [])]
        if got != want:
            wrong.append(f"{habit}: {len(got)} tooltips, {len(want)} calendar days; first differences "
                         f"{[(g, w) for g, w in zip(got, want) if g != w][:3]}")
    checks.check(not wrong, "each day of each year heatmap has a tooltip with the state habits "
                 "calendar --weeks 53 gives it", "\n".join(wrong))
    tea = page.text_of.get(("h3", "tea"), "")
    checks.check(tea.startswith(MARKUP_TITLE), "a title with markup shows as text", tea)
    inside = sorted({tag for tag, habit in page.tags if habit == "tea"})
    anywhere = {tag for tag, _ in page.tags}
    checks.check("script" not in anywhere and "b" not in inside,
                 "markup in a title or description makes no element", inside)

    # Another week, by --week DATE, as habits week --date shows it.
    other = json.loads(run([binary, "week", "--date", "2026-11-04", "--json"], env).stdout)
    result = run([binary, "report", "--week", "2026-11-04", "--out", report_path], env)
    with open(report_path, encoding="utf-8") as f:
        earlier = parse(f.read())
    checks.check(earlier.text_of.get(("h1",)) == "Week of Mon 2026-11-02 to Sun 2026-11-08",
                 "--week DATE shows the week holding DATE", earlier.text_of.get(("h1",)))
    check_numbers(checks, earlier, other, stats, "--week 2026-11-04")
    run([binary, "report", "--out", report_path], env)

    # Screenshots, wide and phone-sized, and what tesseract reads off them.
    wide_png = os.path.join(root, "wide.png")
    narrow_png = os.path.join(root, "narrow.png")
    # The phone-sized one at twice the pixels, as phones draw it (and tesseract reads it).
    for path, size, scale in ((wide_png, "1200,2000", 1), (narrow_png, "390,3200", 2)):
        shot = chromium(env, [f"--window-size={size}", f"--force-device-scale-factor={scale}",
                              f"--screenshot={path}", url])
        if not checks.check(shot.returncode == 0 and os.path.exists(path),
                            f"chromium takes a {size} screenshot", shot.stderr[-2000:]):
            return
        width, height, rows = read_png(path)
        background, share, _ = ink(width, rows)
        checks.check(width == int(size.split(",")[0]) * scale and share > 0.02,
                     f"the {size} screenshot is not blank ({share:.1%} of it drawn)",
                     f"{width}x{height}, background {background.hex()}")
    titles = {item["habit"]: item["title"] for item in stats}
    for path, label in ((wide_png, "1200 wide"), (narrow_png, "390 wide")):
        status, read, error = ocr_words(path)
        if not checks.check(status == 0, f"tesseract reads the {label} screenshot", error):
            continue
        flat = " ".join(read.split())
        missing = []
        for item in week["habits"]:
            pair = f"{item['done']}/{item['due']}"
            title = titles[item["habit"]]
            if item["habit"] != "tea" and title not in flat:
                missing.append(f"title {title!r}")
            if not re.search(rf"(?<![\d/]){re.escape(pair)}(?![\d/])", flat):
                missing.append(f"{item['habit']} {pair}")
        first_words = re.sub(r"[^\w ]", "", week["opening"][0])
        if first_words not in re.sub(r"[^\w ]", "", flat):
            missing.append(f"the opening {first_words!r}")
        checks.check(not missing, f"OCR of the {label} screenshot shows each habit's title, "
                     "this week's done/due and the week's first words",
                     "missing: " + ", ".join(missing) + "\n" + read)
    if save_screenshot:
        save_readme_screenshot(checks, binary, env, root, save_screenshot)


def save_readme_screenshot(checks, binary, env, root, path):
    """The shipped habits only, 1200 wide, cropped to the page's content or 1400 pixels."""
    for name in ("tea", NO_STREAK):
        os.remove(os.path.join(env["HABITS_SCHEDULES"], name + ".toml"))
    page = os.path.join(root, "readme.html")
    shot = os.path.join(root, "readme.png")
    run([binary, "report", "--out", page], env)
    result = chromium(env, ["--window-size=1200,1400", f"--screenshot={shot}", "file://" + page])
    if not checks.check(result.returncode == 0, "chromium takes the README's screenshot",
                        result.stderr[-2000:]):
        return
    width, height, rows = read_png(shot)
    _, _, last = ink(width, rows)
    write_png(path, width, rows[:min(height, last + 24)])
    checks.check(os.path.getsize(path) > 0, f"the README's screenshot is saved as {path}")


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Scores camtrace's burned-in clock readings against simulate's truth.

  bench/osd_clock.py [--row NAME] CASE_DIR FRAMES_JSONL [CASE_DIR FRAMES_JSONL ...]

CASE_DIR holds truth.json (each camera's clock zone, each frame's true camera); FRAMES_JSONL is
`audit --explain` output for that case. A reading is right when its offset from the session's clock is
the zone difference between the frame's true camera and the session's camera, modulo what the reading says
it knows the offset modulo (`osd_offset_modulo_h`: a day when the clock's date is not compared, half a day
for a 12-hour clock whose AM/PM was not told), within 2 s, or 120 s for stills without timestamps; and the
time of day it shows is the second drawn on the frame: the time it was filmed in its true camera's zone
(truth.json's clock_start and frame_rate, where simulate wrote them), exactly (within 1 s on a damaged
picture, whose concealment may show the one before), modulo the same (half a day for a 12-hour clock,
whose reading shows the hour as drawn where its AM/PM was not told); and the date it shows, the date drawn
(its month too where the reading names one). Before 2026-12-05 (nineteenth session) a reading a second off
and a wrong date passed. A session whose truth has `shown` (bench/osd_drawtext.py's `stale` kind: the
session frame whose moment each frame shows) holds stale pictures of its own camera: each is held to the
moment it shows, and so stands behind or ahead by the time between the two; they are counted apart.
With --row NAME it prints one Markdown table row instead: NAME, own and foreign frames read (and stale
frames read, where the case has any), and readings off the truth.
"""
import collections
import json
import math
import sys
import time


def shown_seconds(text):
    """The time of day a reading shows ("2019-12-26 04:05:06", "2019-??-26 04:05:06" or "04:05:06"), in
    seconds; None where it has no time of day."""
    clock = text.split(" ")[-1].split(":")
    if len(clock) != 3 or not all(part.isdigit() for part in clock):
        return None
    return int(clock[0]) * 3600 + int(clock[1]) * 60 + int(clock[2])


def score(case_dir, frames_path, counts, wrong):
    truth = json.load(open(f"{case_dir}/truth.json"))
    zone = {c["id"]: c["utc_offset_hours"] for c in truth["cameras"]}
    twelve_hour = {c["id"]: "%I" in c.get("clock", {}).get("format", "") for c in truth["cameras"]}
    sessions = {s["capture"]: s for s in truth["sessions"]}
    for line in open(frames_path):
        frame = json.loads(line)
        s = sessions[frame["capture"]]
        if frame["index"] >= len(s["frames"]):
            continue
        source = s["frames"][frame["index"]]
        kind = "own" if source == s["camera"] else "foreign"
        # A stale picture (truth.json's `shown`: the session frame whose moment each frame shows) stands
        # behind or ahead by the time between the two.
        shown_index = s["shown"][frame["index"]] if "shown" in s else frame["index"]
        if shown_index != frame["index"]:
            kind = "stale"
        e = frame["evidence"]
        counts[(kind, e["osd_standing"])] += 1
        if e["osd_standing"] == "unread":
            continue
        expected = (zone[source] - zone[s["camera"]]) * 3600
        if "frame_rate" in s:
            expected += (shown_index - frame["index"]) / s["frame_rate"]
        error = e["osd_offset_s"] - expected
        if "osd_offset_modulo_h" in e:  # what the reader says it knows the offset modulo
            if e["osd_offset_modulo_h"]:
                error = math.remainder(error, e["osd_offset_modulo_h"] * 3600)
        elif twelve_hour[source] or twelve_hour[s["camera"]]:
            error = math.remainder(error, 43200)
        elif len(e["osd_clock"]) <= 8:  # time of day only
            error = math.remainder(error, 86400)
        off = abs(error) > (120 if frame["pts"] is None else 2)
        # The time the clock shows, against the time the frame was filmed in its true camera's zone
        # (truth.json's clock_start and frame_rate): a session misread as a whole (its seconds taken for
        # its minutes) stands consistent with itself and passes the offset test above.
        if "clock_start" in s and not off:
            filmed = s["clock_start"] + math.floor(shown_index / s["frame_rate"]) + zone[source] * 3600
            shown = shown_seconds(e["osd_clock"])
            if shown is not None:
                # A 12-hour clock's reading shows its hour as drawn (1-12) unless the letters told AM from
                # PM (osd_clock_half_day says which; frames.jsonl before 2026-12-03 did not, and such a
                # reading of a 12-hour style is held to the time modulo half a day).
                half = e.get("osd_clock_half_day")
                if half is None:
                    half = twelve_hour[source] or twelve_hour[s["camera"]]
                modulo = 43200 if half else (e.get("osd_offset_modulo_h") or 24) * 3600
                # Exactly the second drawn, but on a damaged picture (truth.json's `damaged`): its
                # concealment may show the picture before, a tick earlier.
                allowed = 1 if frame["index"] in s.get("damaged", []) else 0
                off = abs(math.remainder(shown - filmed % 86400, modulo)) > allowed
            # And the date drawn: year, day and, where the reading names it, the month.
            date = e["osd_clock"].split(" ")[0] if " " in e["osd_clock"] else None
            if date is not None and not off:
                drawn = time.gmtime(filmed)
                year, month, day = date.split("-")
                off = int(year) != drawn.tm_year or int(day) != drawn.tm_mday or (
                    month.isdigit() and int(month) != drawn.tm_mon)
        if off:
            wrong.append((case_dir, frame["capture"], frame["index"], kind, e["osd_clock"], e["osd_standing"], e["osd_offset_s"], expected))


def main(args):
    row = None
    if args[:1] == ["--row"] and len(args) > 1:
        row, args = args[1], args[2:]
    if len(args) < 2 or len(args) % 2:
        sys.exit(__doc__)
    counts, wrong = collections.Counter(), []
    for i in range(0, len(args), 2):
        score(args[i], args[i + 1], counts, wrong)
    if row is not None:
        cells = [row]
        stale = any(k == "stale" for (k, _) in counts)
        for kind in ("own", "foreign", "stale") if stale else ("own", "foreign"):
            total = sum(n for (k, _), n in counts.items() if k == kind)
            read = total - counts[(kind, "unread")]
            cells.append(f"{100.0 * read / max(total, 1):.1f}% ({read}/{total})")
        cells.append(str(len(wrong)))
        print("| " + " | ".join(cells) + " |")
        for w in wrong[:5]:
            print("  ", *w, file=sys.stderr)
        return
    for kind in ("own", "foreign", "stale"):
        total = sum(n for (k, _), n in counts.items() if k == kind)
        if kind == "stale" and total == 0:
            continue
        read = total - counts[(kind, "unread")]
        parts = ", ".join(f"{st} {counts[(kind, st)]}" for st in ("consistent", "other_time_zone", "behind", "ahead") if counts[(kind, st)])
        print(f"{kind} frames {total}: read {read} ({100.0 * read / max(total, 1):.1f}%): {parts or 'none'}")
    print(f"readings off from the truth: {len(wrong)}")
    for w in wrong[:20]:
        print("  ", *w)


if __name__ == "__main__":
    main(sys.argv[1:])

#!/usr/bin/env python3
"""Scores camtrace's readings of street_night_osd.mp4's clock (bench/osd_real.sh's two sessions).

  bench/osd_real.py FRAMES_JSONL

Truth: frames 0-7 of the clip are another view (its clock elsewhere, 01:58:03); from frame 8 the clock
shows 02:06:44 at frame 503 and ticks every 25.09 frames. A reading is right when it is within a second of
that (the tick falls between two frames); `stale2s` and `stale4s` show the clip's frames from 800 on in place of 50 or 100 frames from 200 on.
"""
import collections
import json
import math
import sys


STALE = {"stale2s": 50, "stale4s": 100}  # frames from 800 on shown from frame 200 on


def inserted(session, index):
    return 200 <= index < 200 + STALE.get(session, 0)


def clip_frame(session, index):
    return 800 + index - 200 if inserted(session, index) else index


def true_seconds(frame):
    if frame < 8:
        return 1 * 3600 + 58 * 60 + 3
    return 2 * 3600 + 6 * 60 + 44 + math.floor((frame - 503) / 25.09)


def main(path):
    counts, wrong = collections.Counter(), []
    for line in open(path):
        f = json.loads(line)
        e, session, index = f["evidence"], f["session"], f["index"]
        frame = clip_frame(session, index)
        kind = "inserted" if inserted(session, index) else "other view" if frame < 8 else "own"
        counts[(session, kind, e["osd_standing"])] += 1
        shown = e["osd_clock"]
        if shown is None:
            continue
        h, m, s = (int(v) for v in shown[-8:].split(":"))
        got = h * 3600 + m * 60 + s
        if abs(got - true_seconds(frame)) > 1:
            wrong.append((session, index, frame, shown, true_seconds(frame)))
    for session in ("clean", "stale2s", "stale4s"):
        for kind in ("own", "inserted", "other view"):
            total = sum(n for (s, k, _), n in counts.items() if s == session and k == kind)
            if not total:
                continue
            read = total - counts[(session, kind, "unread")]
            parts = ", ".join(f"{st} {counts[(session, kind, st)]}" for st in ("consistent", "other_time_zone", "behind", "ahead") if counts[(session, kind, st)])
            print(f"{session:7} {kind:10} frames {total:4}: read {read:4} ({100.0 * read / total:5.1f}%): {parts or 'none'}")
    print(f"readings more than a second off the clock shown: {len(wrong)}")
    for w in wrong[:20]:
        print("  ", *w)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])

#!/usr/bin/env python3
"""Fits and checks camtrace's confidence calibration.

Each DIR holds truth.json (from `camtrace simulate` or `camtrace-splice build`) and frames.jsonl written by
`camtrace audit --explain` (the path margin is in each line's evidence).

  bench/calibrate_confidence.py fit DIR...           Platt scaling of the path margin: the two constants
                                                     audit/origin_classifier.cpp uses
  bench/calibrate_confidence.py reliability DIR...   per confidence bin: frames, share right, mean confidence

A frame is right when its verdict is (consistent and truly the claimed camera's) or (foreign, truly another
camera's, attributed to that camera or to none). Damaged, corrupt and indeterminate frames are left out.
Fit on tuning data only (simulate seeds 1-5, the static real clips); check on held-out data.
"""
import collections
import json
import math
import os
import sys


def frames_of(folder):
    truth = json.load(open(os.path.join(folder, "truth.json")))
    sessions = {(s["id"], s["capture"]): s for s in truth["sessions"]}
    for line in open(os.path.join(folder, "frames.jsonl")):
        f = json.loads(line)
        s = sessions.get((f["session"], f["capture"]))
        if s is None or f["index"] >= len(s["frames"]) or f["index"] in set(s["damaged"]):
            continue
        if f["verdict"] not in ("consistent", "foreign"):
            continue
        true = s["frames"][f["index"]]
        if f["verdict"] == "consistent":
            right = true == f["claimed_camera"]
        else:
            right = true != f["claimed_camera"] and f["attributed_camera"] in (None, true)
        yield f["evidence"]["path_margin"], f["confidence"], right


def fit(folders):
    data = [(m, r) for d in folders for m, _, r in frames_of(d)]
    pos = sum(1 for _, r in data if r)
    neg = len(data) - pos
    # Platt's targets keep the fit finite when nearly every frame is right.
    t_pos, t_neg = (pos + 1) / (pos + 2), 1 / (neg + 2)
    a, b = 1.0, 0.0
    for _ in range(200):
        ga = gb = haa = hab = hbb = 0.0
        for m, r in data:
            p = 1 / (1 + math.exp(-(a * m + b)))
            t = t_pos if r else t_neg
            ga += (p - t) * m
            gb += p - t
            w = p * (1 - p)
            haa += w * m * m
            hab += w * m
            hbb += w
        det = (haa + 1e-9) * (hbb + 1e-9) - hab * hab
        da = ((hbb + 1e-9) * ga - hab * gb) / det
        db = ((haa + 1e-9) * gb - hab * ga) / det
        a, b = a - da, b - db
        if abs(da) + abs(db) < 1e-12:
            break
    print(f"{len(data)} frames, {neg} wrong: kPlattSlope = {a:.4f}, kPlattOffset = {b:.4f}")


def reliability(folders):
    bins = collections.OrderedDict((edge, [0, 0, 0.0]) for edge in (0.5, 0.9, 0.99, 0.999))
    for d in folders:
        for _, c, r in frames_of(d):
            edge = max(e for e in bins if c >= e)
            bins[edge][0] += 1
            bins[edge][1] += r
            bins[edge][2] += c
    edges = list(bins) + [1.0001]
    for i, (edge, (n, right, total)) in enumerate(bins.items()):
        if n:
            print(f"confidence [{edge}, {min(edges[i + 1], 1.0)}): {n} frames, {right / n:.4f} right, mean confidence {total / n:.4f}")


if __name__ == "__main__":
    if len(sys.argv) < 3 or sys.argv[1] not in ("fit", "reliability"):
        sys.exit(__doc__)
    (fit if sys.argv[1] == "fit" else reliability)(sys.argv[2:])

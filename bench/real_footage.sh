#!/usr/bin/env bash
# The origin engine's yardstick on real footage: every clip in CLIP_DIR (default ../shared/media) becomes a
# camera, with a twin camera of a similar scene and a pan/tilt camera on patrol; each camera gets nineteen
# sessions (clean, bursts of 1-30, long bursts of 60 and 120, a session served wholly by another camera,
# bursts from a 176x144 camera scaled up, an IR switch, packet loss, thumbnails, the bursts and the whole
# session through packet loss, the bursts letterboxed, the bursts in night mode, the bursts transcoded to
# H.265 at a low bit rate, a stream dropping to a fifth of its frame rate, something large passing in
# front of the camera, a pan/tilt/zoom camera jumping to a second preset and back, the same camera touring
# two other presets, bursts of a camera outside the case: another clip mirrored, a third tour of presets).
# camtrace audits the case once; the verdicts are scored over all, per claimed camera (leave-one-camera-out: camtrace's constants
# are fixed, so each camera's fold is footage none of them was chosen on, except the folds bench/README.md
# names as tuning clips) and per kind of session; then the same case again without references, every camera
# profiled from its own sessions.
#   bench/real_footage.sh [CLIP_DIR]
#   bench/real_footage.sh CLIP CLIP...   (the clips in this order: the twin is made of the first)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$root/build}
clips=${1:-$root/../shared/media}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -d "$clips" ]; then
  mapfile -t media < <(find "$clips" -maxdepth 1 -type f \( -name '*.mp4' -o -name '*.mkv' -o -name '*.ts' -o -name '*.avi' -o -name '*.mov' \) | sort)
else
  media=("$@")
fi
if [ "${#media[@]}" -lt 2 ]; then echo "need at least two clips (in $clips)" >&2; exit 2; fi
"$build/bench/camtrace-splice" build --out "$work/case" "${media[@]}" >/dev/null
status=0
"$build/cli/camtrace" -q audit --case "$work/case/case.json" -o "$work/findings.json" --frames "$work/frames.jsonl" || status=$?
echo "camtrace exit code: $status"
echo "== per claimed camera"
"$build/bench/camtrace-splice" score --by camera "$work/case/truth.json" "$work/frames.jsonl" | grep -v '^  cam-[A-Z].* #' || true
echo "== per kind of session"
"$build/bench/camtrace-splice" score --by kind "$work/case/truth.json" "$work/frames.jsonl" | grep -v '^  cam-[A-Z].* #' | tail -n +1 || true
# The same case without references: every camera profiled from its own sessions (docs/inputs.md).
python3 - "$work/case/case.json" "$work/case/noref.json" <<'PY'
import json, sys
case = json.load(open(sys.argv[1]))
for camera in case["cameras"]:
    camera.pop("references", None)
json.dump(case, open(sys.argv[2], "w"), indent=1)
PY
status=0
"$build/cli/camtrace" -q audit --case "$work/case/noref.json" -o "$work/noref.json" --frames "$work/noref.jsonl" || status=$?
echo "== without references (camtrace exit code: $status), per claimed camera"
"$build/bench/camtrace-splice" score --by camera "$work/case/truth.json" "$work/noref.jsonl" | grep -v '^  cam-[A-Z].* #' || true
echo "== without references, per kind of session"
"$build/bench/camtrace-splice" score --by kind "$work/case/truth.json" "$work/noref.jsonl" | grep -v '^  cam-[A-Z].* #' || true

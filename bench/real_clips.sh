#!/usr/bin/env bash
# Accuracy on real footage: each clip becomes a camera (first 40% reference, the rest a clean session and a
# session with bursts of 1-30 frames of the next clip spliced in), then camtrace audits the case and the
# verdicts are scored against the splice's truth.
#   bench/real_clips.sh [CLIP...]     (default: the static clips in ../shared/media)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$root/build}
if [ "$#" -eq 0 ]; then
  set -- "$root/../shared/media/intel_bottle-detection.mp4" "$root/../shared/media/intel_asl_book.mkv"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$build/bench/camtrace-splice" build --out "$work/case" "$@" >/dev/null
status=0
"$build/cli/camtrace" -q audit --case "$work/case/case.json" -o "$work/findings.json" --frames "$work/frames.jsonl" || status=$?
echo "camtrace exit code: $status"
"$build/bench/camtrace-splice" score "$work/case/truth.json" "$work/frames.jsonl"
